package dev.scenery.beacon;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the Scenery app a GrowingIO event belongs to, from configured rules. The account is the CDP
 * accountId or SaaS projectId of the collect URL; a rule may narrow it to one mini-program appId
 * ({@code domain} / {@code d}) and/or one CDP data source. The most specific matching rule wins: a rule naming
 * both beats one naming either, which beats the account alone; among equally specific rules the first configured wins.
 */
public final class GrowingIoApps {

    /**
     * One mapping rule.
     *
     * @param account      the CDP accountId or SaaS projectId, required
     * @param domain       the mini-program appId the event must name, or null for any
     * @param dataSourceId the CDP data source the event must name, or null for any
     * @param app          the Scenery app id, required
     */
    public record Rule(String account, String domain, String dataSourceId, String app) {

        public Rule {
            if (isBlank(account)) {
                throw new IllegalArgumentException("a GrowingIO rule needs an account");
            }
            if (isBlank(app)) {
                throw new IllegalArgumentException("the GrowingIO rule for account " + account + " needs an app");
            }
            domain = isBlank(domain) ? null : domain;
            dataSourceId = isBlank(dataSourceId) ? null : dataSourceId;
        }

        int specificity() {
            return (domain == null ? 0 : 1) + (dataSourceId == null ? 0 : 1);
        }

        boolean matches(String eventDomain, String eventDataSourceId) {
            return (domain == null || domain.equals(eventDomain))
                    && (dataSourceId == null || dataSourceId.equals(eventDataSourceId));
        }
    }

    private final Map<String, List<Rule>> rulesByAccount = new HashMap<>();

    /**
     * @param rules the rules, in priority order for equally specific ones
     * @throws IllegalArgumentException when two rules have the same account, domain and data source
     */
    public GrowingIoApps(List<Rule> rules) {
        Set<List<String>> seen = new HashSet<>();
        for (Rule rule : rules) {
            if (!seen.add(Arrays.asList(rule.account(), rule.domain(), rule.dataSourceId()))) {
                throw new IllegalArgumentException("duplicate GrowingIO rule for account " + rule.account()
                        + ", domain " + rule.domain() + ", dataSourceId " + rule.dataSourceId());
            }
            rulesByAccount.computeIfAbsent(rule.account(), a -> new ArrayList<>()).add(rule);
        }
        // A stable sort keeps configuration order among rules of equal specificity.
        rulesByAccount.values().forEach(list -> list.sort(Comparator.comparingInt(Rule::specificity).reversed()));
    }

    /**
     * The Scenery app id of an event, or null when no rule matches.
     *
     * @param account      the account of the collect URL
     * @param domain       the event's mini-program appId, or null
     * @param dataSourceId the event's data source id, or null
     */
    public String resolve(String account, String domain, String dataSourceId) {
        List<Rule> rules = account == null ? null : rulesByAccount.get(account);
        if (rules != null) {
            for (Rule rule : rules) {
                if (rule.matches(domain, dataSourceId)) {
                    return rule.app();
                }
            }
        }
        return null;
    }

    /** Whether any rule names this account (so the collect URL is one Scenery serves). */
    public boolean knowsAccount(String account) {
        return account != null && rulesByAccount.containsKey(account);
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
