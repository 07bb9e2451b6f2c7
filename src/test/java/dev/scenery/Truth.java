package dev.scenery;

import dev.scenery.AcceptanceData.Visit;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The expected figures of one app, computed straight from the list of visits that count, by the
 * definitions in the README (independently of the service's code).
 */
final class Truth {
    /** Expected figures of one key. */
    static final class Fig {
        long opens;
        final Set<String> visitors = new HashSet<>();
        long newVisitors;

        long metric(String name) {
            return switch (name) {
                case "opens" -> opens;
                case "visitors" -> visitors.size();
                default -> newVisitors;
            };
        }
    }

    private final ZoneId zone;
    private final List<Visit> visits;
    private final Set<Visit> firstVisits = new HashSet<>();

    Truth(ZoneId zone, List<Visit> visits) {
        this.zone = zone;
        this.visits = visits;
        Map<String, Visit> first = new HashMap<>();
        for (Visit v : visits) {
            first.merge(v.uid(), v, (a, b) -> a.ts() <= b.ts() ? a : b);
        }
        firstVisits.addAll(first.values());
    }

    static Function<Visit, String> key(String dimension) {
        return switch (dimension) {
            case "all" -> v -> "";
            case "scene" -> v -> Integer.toString(v.scene());
            case "source" -> v -> v.utm()[0];
            case "medium" -> v -> v.utm()[1];
            case "campaign" -> v -> v.utm()[2];
            case "content" -> v -> v.utm()[3];
            default -> v -> v.utm()[4];
        };
    }

    LocalDateTime local(long ts) {
        return LocalDateTime.ofInstant(Instant.ofEpochMilli(ts), zone);
    }

    /** Figures per key for visits whose local date is in [from, to]. */
    Map<String, Fig> totals(LocalDate from, LocalDate to, Function<Visit, String> key) {
        return group(key, v -> {
            LocalDate d = local(v.ts()).toLocalDate();
            return !d.isBefore(from) && !d.isAfter(to);
        });
    }

    /** Figures per key within one local hour or one local day. */
    Map<String, Fig> at(LocalDateTime bucketStart, boolean hourly, Function<Visit, String> key) {
        return group(key, v -> {
            LocalDateTime t = local(v.ts());
            return hourly ? t.toLocalDate().equals(bucketStart.toLocalDate()) && t.getHour() == bucketStart.getHour()
                    : t.toLocalDate().equals(bucketStart.toLocalDate());
        });
    }

    private Map<String, Fig> group(Function<Visit, String> key, java.util.function.Predicate<Visit> inRange) {
        Map<String, Fig> out = new HashMap<>();
        for (Visit v : visits) {
            String k = key.apply(v);
            if (k == null || !inRange.test(v)) {
                continue;
            }
            Fig f = out.computeIfAbsent(k, x -> new Fig());
            f.opens++;
            f.visitors.add(v.uid());
            if (firstVisits.contains(v)) {
                f.newVisitors++;
            }
        }
        return out;
    }
}
