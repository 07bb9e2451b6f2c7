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
            case "group" -> v -> groupOf(v.scene());
            case "source" -> v -> v.utm()[0];
            case "medium" -> v -> v.utm()[1];
            case "campaign" -> v -> v.utm()[2];
            case "content" -> v -> v.utm()[3];
            case "source_medium" -> v -> combined(v, 2);
            case "source_medium_campaign" -> v -> combined(v, 3);
            default -> v -> v.utm()[4];
        };
    }

    /** "source / medium" (or with campaign) of a visit by the README's definition: null without any part, "(not set)" for a missing one. */
    private static String combined(Visit v, int parts) {
        boolean any = false;
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < parts; i++) {
            any |= v.utm()[i] != null;
            out.append(i == 0 ? "" : " / ").append(v.utm()[i] == null ? "(not set)" : v.utm()[i]);
        }
        return any ? out.toString() : null;
    }

    /** The scene groups of the catalog's file (read here from the TSV, not through the service's code). */
    private static final Map<String, String> GROUPS = new HashMap<>();

    static {
        try {
            List<String> lines = java.nio.file.Files.readAllLines(java.nio.file.Path.of("src/main/resources/wechat-scenes.tsv"));
            for (String line : lines.subList(1, lines.size())) {
                String[] cols = line.split("\t");
                if (cols.length > 2) {
                    GROUPS.put(cols[0], cols[2]);
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The group of a scene: the catalog's, "unknown" for 0, "other" for a value the catalog does not list. */
    static String groupOf(int scene) {
        return scene == 0 ? "unknown" : GROUPS.getOrDefault(Integer.toString(scene), "other");
    }

    /** The scene codes of a group among some visits. */
    static Set<Integer> scenesOf(String group, List<Visit> visits) {
        Set<Integer> out = new HashSet<>();
        for (Visit v : visits) {
            if (groupOf(v.scene()).equals(group)) {
                out.add(v.scene());
            }
        }
        return out;
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

    /** Figures per key for visits of one local day up to and including its local hour {@code lastHour}. */
    Map<String, Fig> hoursOf(LocalDate day, int lastHour, Function<Visit, String> key) {
        return group(key, v -> {
            LocalDateTime t = local(v.ts());
            return t.toLocalDate().equals(day) && t.getHour() <= lastHour;
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
