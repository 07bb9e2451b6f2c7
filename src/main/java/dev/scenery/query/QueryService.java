package dev.scenery.query;

import dev.scenery.aggregate.Dimension;
import dev.scenery.aggregate.Figures;
import dev.scenery.aggregate.Granularity;
import dev.scenery.aggregate.Sketches;
import dev.scenery.beacon.SceneCatalog;
import dev.scenery.beacon.TestTraffic;
import dev.scenery.config.AppConfig;
import dev.scenery.store.FigureReader;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Answers the dashboard routes: the top scenes, UTM values or scene groups of a range by a metric,
 * with totals and shares, what was set apart as test traffic, optionally compared with the period
 * before ({@link Compare}), and the trend of the same top rows per day or per hour.
 */
public final class QueryService {
    private final FigureReader reader;
    private final SceneCatalog catalog;
    private final RangeResolver resolver;
    private final LongSupplier clock;
    private final FigureReader.Grouping groups;

    /** The store this service reads (its {@link FigureReader#status()} feeds {@code /ready}). */
    public FigureReader reader() {
        return reader;
    }

    public QueryService(FigureReader reader, SceneCatalog catalog, RangeResolver resolver, LongSupplier clock) {
        this.reader = reader;
        this.catalog = catalog;
        this.resolver = resolver;
        this.clock = clock;
        this.groups = new FigureReader.Grouping(catalog.groupOfValues(), SceneCatalog.OTHER_GROUP);
    }

    /** The top list ({@code trend=false}) or its trend of a view. */
    public Future<JsonObject> top(AppConfig app, Map<String, String> params, View view, boolean trend) {
        TopQuery q = TopQuery.parse(params, view, resolver, catalog, app.zone(), clock.getAsLong());
        String stored = q.test() ? TestTraffic.shadowOf(app.id()) : app.id();
        Future<TopAnswer.Period> now = period(stored, q, q.range());
        Future<TopAnswer.Period> then = q.previous() == null ? Future.succeededFuture() : period(stored, q, q.previous());
        Future<Figures> setApart = total(TestTraffic.shadowOf(app.id()), q.range());
        return Future.all(now, then, setApart).compose(done -> {
            TopAnswer answer = new TopAnswer(q, catalog, now.result(), then.result());
            JsonObject out = answer.header(app.id(), reader.source(), reader.partial(),
                    Instant.ofEpochMilli(reader.freshAsOf()).toString(), visitorsError(), setApart.result());
            if (!trend) {
                return Future.succeededFuture(out.put("items", answer.items()));
            }
            List<String> keys = answer.topKeys();
            Future<Map<String, Map<Integer, Figures>>> lines = series(stored, q, q.range(), keys);
            Future<Map<String, Map<Integer, Figures>>> linesThen = q.previous() == null ? Future.succeededFuture()
                    : series(stored, q, q.previous(), keys);
            return Future.all(lines, linesThen).map(s -> {
                out.put("buckets", TopAnswer.labels(q.range()));
                JsonArray series = new JsonArray();
                for (String key : keys) {
                    JsonObject line = answer.describe(key).mergeIn(TopAnswer.points(q.range(), lines.result().get(key)));
                    if (q.previous() != null) {
                        line.put("previous", TopAnswer.points(q.previous(), linesThen.result().get(key)));
                    }
                    series.add(line);
                }
                out.put("series", series).put("totalSeries", TopAnswer.points(q.range(), lines.result().get(TOTAL)));
                if (q.previous() != null) {
                    out.getJsonObject("compare").put("buckets", TopAnswer.labels(q.previous()))
                            .put("totalSeries", TopAnswer.points(q.previous(), linesThen.result().get(TOTAL)));
                }
                return out;
            });
        });
    }

    /** The key of the all-visits line among the series of {@link #series}: no row key is empty. */
    private static final String TOTAL = "";

    /** The figures of a period per row key of the view (only the group's scenes with {@code group}) and in total. */
    private Future<TopAnswer.Period> period(String app, TopQuery q, ResolvedRange r) {
        Granularity g = byHours(r) ? Granularity.HOUR : Granularity.DAY;
        int from = byHours(r) ? r.firstBucket() : r.firstDay();
        int to = byHours(r) ? r.lastBucket() : r.lastDay();
        Future<Map<String, Figures>> byKey = q.view() == View.GROUPS
                ? reader.groupTotals(app, g, Dimension.SCENE, from, to, groups)
                : reader.totals(app, g, q.dimension(), from, to);
        return Future.all(byKey, total(app, r)).map(done -> {
            Map<String, Figures> rows = byKey.result();
            if (q.group() != null) {
                rows = new HashMap<>(rows);
                rows.keySet().removeIf(code -> !q.group().equals(groups.of(code)));
            }
            return new TopAnswer.Period(rows, done.resultAt(1));
        });
    }

    private Future<Figures> total(String app, ResolvedRange r) {
        Future<Map<String, Figures>> all = byHours(r)
                ? reader.totals(app, Granularity.HOUR, Dimension.ALL, r.firstBucket(), r.lastBucket())
                : reader.totals(app, Granularity.DAY, Dimension.ALL, r.firstDay(), r.lastDay());
        return all.map(byValue -> byValue.getOrDefault("", Figures.ZERO));
    }

    /**
     * Whether a range's totals come from its hour buckets: a compared day cut to the hours of a day
     * so far (today's day bucket holds just those hours, yesterday's all 24); other ranges read their
     * day buckets, one sketch per value and day.
     */
    private static boolean byHours(ResolvedRange r) {
        return r.granularity() == Granularity.HOUR && r.bucketCount() < 24
                && (r.name().equals(Compare.PREVIOUS.wireName) || r.name().equals(Compare.WEEK.wireName));
    }

    /** Per bucket of r, the figures of each key and (under {@link #TOTAL}) of all visits. */
    private Future<Map<String, Map<Integer, Figures>>> series(String app, TopQuery q, ResolvedRange r, List<String> keys) {
        Future<Map<String, Map<Integer, Figures>>> rows = q.view() == View.GROUPS
                ? reader.groupSeries(app, r.granularity(), Dimension.SCENE, r.firstBucket(), r.lastBucket(), groups, keys)
                : reader.series(app, r.granularity(), q.dimension(), r.firstBucket(), r.lastBucket(), keys);
        Future<Map<String, Map<Integer, Figures>>> all =
                reader.series(app, r.granularity(), Dimension.ALL, r.firstBucket(), r.lastBucket(), List.of(""));
        return Future.all(rows, all).map(done -> {
            Map<String, Map<Integer, Figures>> out = new HashMap<>(rows.result());
            out.put(TOTAL, all.result().get(""));
            return out;
        });
    }

    private static JsonObject visitorsError() {
        return new JsonObject()
                .put("exactUpTo", Sketches.exactUpTo())
                .put("relativeStandardError", TopAnswer.round4(Sketches.relativeStandardError()))
                .put("maxRelativeError", Sketches.MAX_RELATIVE_ERROR);
    }
}
