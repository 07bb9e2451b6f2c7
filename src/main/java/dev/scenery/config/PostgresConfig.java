package dev.scenery.config;

import io.vertx.pgclient.PgConnectOptions;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * PostgreSQL mode: the node keeps ingesting into the embedded store and flushes its buckets to
 * PostgreSQL rollup tables, which queries read (all nodes) together with what this node has not
 * flushed yet. Off while {@code url} is null.
 *
 * @param url                     {@code postgresql://user[:password]@host:port/database}, or null (embedded mode)
 * @param poolSize                connections of the pool
 * @param flushIntervalMillis     time between two flushes
 * @param nodeId                  this node's id in the rollup tables, or null to use the id recorded in the data
 *                                directory (a random one is made on first use)
 * @param embeddedRetentionMillis how long flushed buckets stay in the embedded store after their hour or day ends
 * @param hourlyRetentionDays     how long PostgreSQL keeps hourly rows
 * @param dailyRetentionDays      how long PostgreSQL keeps daily rows
 * @param timeoutMillis           connect and query timeout of reads; a flush gives up after 6 times this
 * @param firstSeenCacheMillis    flushed first-seen records whose first visit is older than this leave the
 *                                node's registry ({@code scenery_first_visits} holds them for every node)
 */
public record PostgresConfig(String url, int poolSize, long flushIntervalMillis, String nodeId,
                             long embeddedRetentionMillis, int hourlyRetentionDays, int dailyRetentionDays,
                             long timeoutMillis, long firstSeenCacheMillis) {

    static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final long HOUR = 3_600_000L;

    /** Embedded mode. */
    public static PostgresConfig disabled() {
        return new PostgresConfig(null, 4, 5_000, null, 48 * HOUR, 35, 400, 5_000, 31 * 24 * HOUR);
    }

    public boolean enabled() {
        return url != null;
    }

    /** Parsed connection options (the URL was checked when the configuration was loaded). */
    public PgConnectOptions connectOptions() {
        return PgConnectOptions.fromUri(url);
    }

    /** Reads the {@code postgres} section; {@code SCENERY_PG_URL} and {@code SCENERY_NODE_ID} override it. */
    static PostgresConfig parse(ConfigNode node, Map<String, String> env) {
        node.allowOnly(Set.of("url", "poolSize", "flushIntervalMillis", "nodeId", "embeddedRetentionHours",
                "hourlyRetentionDays", "dailyRetentionDays", "timeoutMillis", "firstSeenCacheDays"));
        String url = blankToNull(env.get("SCENERY_PG_URL"));
        String urlKey = "environment variable SCENERY_PG_URL";
        if (url == null) {
            url = blankToNull(node.string("url", null));
            urlKey = "config key '" + node.key("url") + "'";
        }
        if (url != null) {
            if (!url.startsWith("postgresql://") && !url.startsWith("postgres://")) {
                throw new ConfigException(urlKey + " must be a postgresql:// URL, got '" + redact(url) + "'");
            }
            try {
                PgConnectOptions.fromUri(url);
            } catch (RuntimeException e) {
                throw new ConfigException(urlKey + " is not a valid PostgreSQL URL ('" + redact(url) + "'): " + e.getMessage());
            }
        }
        String nodeId = blankToNull(env.get("SCENERY_NODE_ID"));
        String nodeKey = "environment variable SCENERY_NODE_ID";
        if (nodeId == null) {
            nodeId = blankToNull(node.string("nodeId", null));
            nodeKey = "config key '" + node.key("nodeId") + "'";
        }
        if (nodeId != null && !NODE_ID.matcher(nodeId).matches()) {
            throw new ConfigException(nodeKey + " must be 1..64 of A-Z a-z 0-9 _ . -, got '" + nodeId + "'");
        }
        return new PostgresConfig(url,
                node.integer("poolSize", 4, 1, 100),
                node.number("flushIntervalMillis", 5_000, 50, 3_600_000),
                nodeId,
                node.number("embeddedRetentionHours", 48, 0, 24 * 400) * HOUR,
                node.integer("hourlyRetentionDays", 35, 1, 3650),
                node.integer("dailyRetentionDays", 400, 1, 36500),
                node.number("timeoutMillis", 5_000, 100, 600_000),
                node.number("firstSeenCacheDays", 31, 0, 36500) * 24 * HOUR);
    }

    /** The URL without its password, for messages and logs. */
    public static String redact(String url) {
        return url == null ? null : url.replaceAll("(://[^:/@]*):[^@/]*@", "$1:***@");
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
