package dev.scenery.query;

import dev.scenery.embedded.model.Dimension;
import dev.scenery.embedded.model.Figures;
import dev.scenery.embedded.model.Granularity;
import dev.scenery.embedded.model.Sketches;
import dev.scenery.beacon.SceneCatalog;
import dev.scenery.config.AppConfig;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Answers the dashboard routes: the top scenes or UTM values of a range by a metric, with totals
 * and shares, and the trend of the same top values per day or per hour.
 */
public final class QueryService {
    private final FigureReader reader;
    private final SceneCatalog catalog;
    private final RangeResolver resolver;
    private final LongSupplier clock;

    /** The store this service reads (its {@link FigureReader#status()} feeds {@code /ready}). */
    public FigureReader reader() {
        return reader;
    }

    public QueryService(FigureReader reader, SceneCatalog catalog, RangeResolver resolver, LongSupplier clock) {
        this.reader = reader;
        this.catalog = catalog;
        this.resolver = resolver;
        this.clock = clock;
    }

    /** The top list ({@code trend=false}) or its trend, for scenes or (with {@code sources}) a UTM dimension. */
    public Future<JsonObject> top(AppConfig app, Map<String, String> params, boolean sources, boolean trend) {
        long now = clock.getAsLong();
        TopQuery q = TopQuery.parse(params, sources, resolver, app.zone(), now);
        ResolvedRange r = q.range();
        Future<Answer<Map<String, Figures>>> byValue = reader.totals(app.id(), Granularity.DAY, q.dimension(), r.firstDay(), r.lastDay());
        Future<Answer<Map<String, Figures>>> all = reader.totals(app.id(), Granularity.DAY, Dimension.ALL, r.firstDay(), r.lastDay());
        return Future.all(byValue, all).compose(done -> {
            Figures total = all.result().figures().getOrDefault("", Figures.ZERO);
            List<Map.Entry<String, Figures>> top = rank(byValue.result().figures(), q);
            Provenance totals = byValue.result().provenance().and(all.result().provenance());
            if (!trend) {
                JsonArray items = new JsonArray();
                for (Map.Entry<String, Figures> e : top) {
                    items.add(describe(e.getKey(), q.dimension()).mergeIn(figures(e.getValue()))
                            .put("share", share(q.metric().of(e.getValue()), q.metric().of(total))));
                }
                return Future.succeededFuture(header(app, q, sources, total, totals).put("items", items));
            }
            List<String> values = top.stream().map(Map.Entry::getKey).toList();
            Future<Answer<Map<String, Map<Integer, Figures>>>> series =
                    reader.series(app.id(), r.granularity(), q.dimension(), r.firstBucket(), r.lastBucket(), values);
            Future<Answer<Map<String, Map<Integer, Figures>>>> totalSeries =
                    reader.series(app.id(), r.granularity(), Dimension.ALL, r.firstBucket(), r.lastBucket(), List.of(""));
            return Future.all(series, totalSeries).map(s -> {
                // the answer's provenance is that of every read it is made of, the series' included
                Provenance whole = totals.and(series.result().provenance()).and(totalSeries.result().provenance());
                JsonObject out = header(app, q, sources, total, whole).put("buckets", labels(r));
                JsonArray lines = new JsonArray();
                for (String value : values) {
                    lines.add(describe(value, q.dimension()).mergeIn(points(r, series.result().figures().get(value))));
                }
                return out.put("series", lines).put("totalSeries", points(r, totalSeries.result().figures().get("")));
            });
        });
    }

    private static List<Map.Entry<String, Figures>> rank(Map<String, Figures> byValue, TopQuery q) {
        Comparator<Map.Entry<String, Figures>> byMetric =
                Comparator.comparingLong((Map.Entry<String, Figures> e) -> q.metric().of(e.getValue())).reversed();
        Comparator<Map.Entry<String, Figures>> tie = q.dimension() == Dimension.SCENE
                ? Comparator.comparingInt(e -> Integer.parseInt(e.getKey()))
                : Map.Entry.comparingByKey();
        return byValue.entrySet().stream().sorted(byMetric.thenComparing(tie)).limit(q.limit()).toList();
    }

    private JsonObject header(AppConfig app, TopQuery q, boolean sources, Figures total, Provenance provenance) {
        ResolvedRange r = q.range();
        JsonObject out = new JsonObject()
                .put("app", app.id())
                .put("range", new JsonObject()
                        .put("name", r.name())
                        .put("from", r.from().toString())
                        .put("to", r.to().toString())
                        .put("timeZone", r.zone().getId())
                        .put("granularity", r.granularity() == Granularity.HOUR ? "hour" : "day"))
                .put("metric", q.metric().wireName)
                .put("limit", q.limit());
        if (sources) {
            out.put("dimension", q.dimension().name().toLowerCase(java.util.Locale.ROOT));
        }
        return out.put("freshAsOf", Instant.ofEpochMilli(provenance.freshAsOf()).toString())
                .put("source", provenance.source())
                .put("partial", provenance.partial())
                .put("visitorsError", new JsonObject()
                        .put("exactUpTo", Sketches.exactUpTo())
                        .put("relativeStandardError", round4(Sketches.relativeStandardError()))
                        .put("maxRelativeError", Sketches.MAX_RELATIVE_ERROR))
                .put("total", figures(total));
    }

    private JsonObject describe(String value, Dimension d) {
        if (d == Dimension.SCENE) {
            SceneCatalog.Scene s = catalog.scene(Integer.parseInt(value));
            return new JsonObject().put("code", s.code()).put("name", s.name()).put("group", s.group());
        }
        return new JsonObject().put("value", value);
    }

    private static JsonObject figures(Figures f) {
        return new JsonObject()
                .put("opens", f.opens())
                .put("visitors", f.visitors())
                .put("newVisitors", f.newVisitors())
                .put("visitorsExact", f.visitorsExact());
    }

    private static JsonObject points(ResolvedRange r, Map<Integer, Figures> byBucket) {
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

    private static JsonArray labels(ResolvedRange r) {
        JsonArray labels = new JsonArray();
        List<String> list = new ArrayList<>(r.bucketCount());
        for (int b = r.firstBucket(); b <= r.lastBucket(); b++) {
            if (r.granularity() == Granularity.DAY) {
                list.add(LocalDate.ofEpochDay(b).toString());
            } else {
                list.add(LocalDateTime.of(LocalDate.ofEpochDay(Math.floorDiv(b, 24)), java.time.LocalTime.of(Math.floorMod(b, 24), 0)).toString());
            }
        }
        list.forEach(labels::add);
        return labels;
    }

    private static double share(long part, long whole) {
        return whole == 0 ? 0.0 : round4((double) part / whole);
    }

    private static double round4(double v) {
        return Math.round(v * 10_000) / 10_000.0;
    }
}
