package dev.scenery.query;

import dev.scenery.embedded.model.Figures;
import dev.scenery.embedded.model.Granularity;
import dev.scenery.beacon.SceneCatalog;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON of one top-list or trend answer, from the figures of its period (and of the period it is
 * compared with): the ranked rows, their shares, and with {@code compare} each row's figures then,
 * the change, the change in percent (null where the base is 0), its rank then and the change of rank.
 */
final class TopAnswer {
    /** What every breakdown answer says about adding its rows up. */
    static final String ROWS_NOTE = "Rows overlap: a visitor counts in every row they came through (and, for UTM values,"
            + " in no row when the visit carried none), so rows do not add up to the total; read each row against 'total'.";

    /** The figures of one period: per row key, and of all visits. */
    record Period(Map<String, Figures> byKey, Figures total) {
    }

    private final TopQuery q;
    private final SceneCatalog catalog;
    private final Period now;
    private final Period then;
    private final List<Map.Entry<String, Figures>> top;
    private final Map<String, Integer> previousRanks = new HashMap<>();

    /** @param then the period compared with, or null */
    TopAnswer(TopQuery q, SceneCatalog catalog, Period now, Period then) {
        this.q = q;
        this.catalog = catalog;
        this.now = now;
        this.then = then;
        this.top = rank(now.byKey()).stream().limit(q.limit()).toList();
        if (then != null) {
            List<Map.Entry<String, Figures>> ranked = rank(then.byKey());
            for (int i = 0; i < ranked.size(); i++) {
                previousRanks.put(ranked.get(i).getKey(), i + 1);
            }
        }
    }

    /** The keys of the top rows, best first. */
    List<String> topKeys() {
        return top.stream().map(Map.Entry::getKey).toList();
    }

    private List<Map.Entry<String, Figures>> rank(Map<String, Figures> byKey) {
        Comparator<Map.Entry<String, Figures>> byMetric =
                Comparator.comparingLong((Map.Entry<String, Figures> e) -> q.metric().of(e.getValue())).reversed();
        Comparator<Map.Entry<String, Figures>> tie = q.view() == View.SCENES
                ? Comparator.comparingInt(e -> Integer.parseInt(e.getKey()))
                : Map.Entry.comparingByKey();
        return byKey.entrySet().stream().sorted(byMetric.thenComparing(tie)).toList();
    }

    /** What every answer states: the question, provenance, the totals and what was set apart as test traffic. */
    JsonObject header(String app, String source, boolean partial, String freshAsOf, JsonObject visitorsError, Figures setApart) {
        JsonObject out = new JsonObject().put("app", app).put("range", range(q.range(), q.range().name()))
                .put("metric", q.metric().wireName).put("limit", q.limit());
        if (q.view() == View.SOURCES) {
            out.put("dimension", q.dimensionName());
        }
        if (q.group() != null) {
            out.put("group", q.group());
        }
        out.put("traffic", q.test() ? "test" : "real")
                .put("freshAsOf", freshAsOf).put("source", source).put("partial", partial)
                .put("visitorsError", visitorsError)
                .put("total", figures(now.total()))
                .put("setApart", figures(setApart))
                .put("rowsOverlap", true).put("rowsNote", ROWS_NOTE);
        if (then != null) {
            out.put("compare", new JsonObject().put("name", q.previous().name()).put("range", range(q.previous(), q.previous().name()))
                    .put("total", figures(then.total())).put("change", change(now.total(), then.total()))
                    .put("changePercent", changePercent(now.total(), then.total())));
        }
        return out;
    }

    /** The ranked rows: who, figures, share of the total of the metric, and the comparison. */
    JsonArray items() {
        JsonArray items = new JsonArray();
        long whole = q.metric().of(now.total());
        for (int i = 0; i < top.size(); i++) {
            Map.Entry<String, Figures> e = top.get(i);
            JsonObject item = describe(e.getKey()).mergeIn(figures(e.getValue()))
                    .put("share", share(q.metric().of(e.getValue()), whole));
            if (then != null) {
                Figures before = then.byKey().getOrDefault(e.getKey(), Figures.ZERO);
                Integer rankThen = previousRanks.get(e.getKey());
                item.put("previous", figures(before)).put("change", change(e.getValue(), before))
                        .put("changePercent", changePercent(e.getValue(), before))
                        .put("previousRank", rankThen).put("rankChange", rankThen == null ? null : rankThen - (i + 1))
                        .put("newInTop", rankThen == null || rankThen > q.limit());
            }
            items.add(item);
        }
        return items;
    }

    /** Who a row is: a scene (code, name, group), a UTM value, or a group (key and names). */
    JsonObject describe(String key) {
        if (q.view() == View.SCENES) {
            SceneCatalog.Scene s = catalog.scene(Integer.parseInt(key));
            return new JsonObject().put("code", s.code()).put("name", s.name()).put("group", s.group()).put("trialBuild", s.trialBuild());
        }
        if (q.view() == View.GROUPS) {
            SceneCatalog.Group g = catalog.group(key);
            return new JsonObject().put("group", key).put("name", g == null ? key : g.nameZh()).put("nameEn", g == null ? key : g.nameEn());
        }
        return new JsonObject().put("value", key);
    }

    static JsonObject figures(Figures f) {
        return new JsonObject().put("opens", f.opens()).put("visitors", f.visitors()).put("newVisitors", f.newVisitors())
                .put("visitorsExact", f.visitorsExact());
    }

    private static JsonObject change(Figures now, Figures then) {
        return new JsonObject().put("opens", now.opens() - then.opens()).put("visitors", now.visitors() - then.visitors())
                .put("newVisitors", now.newVisitors() - then.newVisitors());
    }

    /** Change in percent of the base, 2 decimals; null where the base is 0. */
    private static JsonObject changePercent(Figures now, Figures then) {
        return new JsonObject().put("opens", percent(now.opens(), then.opens()))
                .put("visitors", percent(now.visitors(), then.visitors()))
                .put("newVisitors", percent(now.newVisitors(), then.newVisitors()));
    }

    static Double percent(long now, long then) {
        return then == 0 ? null : Math.round((now - then) * 10_000.0 / then) / 100.0;
    }

    static JsonObject range(ResolvedRange r, String name) {
        return new JsonObject().put("name", name).put("from", r.from().toString()).put("to", r.to().toString())
                .put("timeZone", r.zone().getId()).put("granularity", r.granularity() == Granularity.HOUR ? "hour" : "day");
    }

    /** A line of the trend: the figures of each bucket of r (0 where there is no data). */
    static JsonObject points(ResolvedRange r, Map<Integer, Figures> byBucket) {
        JsonArray opens = new JsonArray();
        JsonArray visitors = new JsonArray();
        JsonArray newVisitors = new JsonArray();
        boolean exact = true;
        for (int b = r.firstBucket(); b <= r.lastBucket(); b++) {
            Figures f = byBucket == null ? Figures.ZERO : byBucket.getOrDefault(b, Figures.ZERO);
            opens.add(f.opens());
            visitors.add(f.visitors());
            newVisitors.add(f.newVisitors());
            exact &= f.visitorsExact();
        }
        return new JsonObject().put("opens", opens).put("visitors", visitors).put("newVisitors", newVisitors)
                .put("visitorsExact", exact);
    }

    /** The labels of r's buckets: {@code YYYY-MM-DD}, or {@code YYYY-MM-DDTHH:00} per hour. */
    static JsonArray labels(ResolvedRange r) {
        JsonArray labels = new JsonArray();
        for (int b = r.firstBucket(); b <= r.lastBucket(); b++) {
            labels.add(r.granularity() == Granularity.DAY ? LocalDate.ofEpochDay(b).toString()
                    : LocalDateTime.of(LocalDate.ofEpochDay(Math.floorDiv(b, 24)), LocalTime.of(Math.floorMod(b, 24), 0)).toString());
        }
        return labels;
    }

    private static double share(long part, long whole) {
        return whole == 0 ? 0.0 : round4((double) part / whole);
    }

    static double round4(double v) {
        return Math.round(v * 10_000) / 10_000.0;
    }
}
