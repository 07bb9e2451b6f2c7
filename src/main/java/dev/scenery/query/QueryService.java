package dev.scenery.query;

import dev.scenery.embedded.model.Dimension;
import dev.scenery.embedded.model.Figures;
import dev.scenery.embedded.model.Granularity;
import dev.scenery.embedded.model.Sketches;
import dev.scenery.beacon.SceneCatalog;
import dev.scenery.beacon.TestTraffic;
import dev.scenery.config.AppConfig;
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
        Future<Answer<TopAnswer.Period>> now = period(stored, q, q.range());
        Future<Answer<TopAnswer.Period>> then = q.previous() == null ? Future.succeededFuture() : period(stored, q, q.previous());
        Future<Answer<Figures>> setApart = total(TestTraffic.shadowOf(app.id()), q.range());
        return Future.all(now, then, setApart).compose(done -> {
            TopAnswer answer = new TopAnswer(q, catalog, now.result().figures(), then.result() == null ? null : then.result().figures());
            Provenance totals = and(now.result().provenance().and(setApart.result().provenance()), then.result());
            if (!trend) {
                return Future.succeededFuture(header(app, answer, totals, setApart.result().figures()).put("items", answer.items()));
            }
            List<String> keys = answer.topKeys();
            Future<Answer<Map<String, Map<Integer, Figures>>>> lines = series(stored, q, q.range(), keys);
            Future<Answer<Map<String, Map<Integer, Figures>>>> linesThen = q.previous() == null ? Future.succeededFuture()
                    : series(stored, q, q.previous(), keys);
            return Future.all(lines, linesThen).map(s -> {
                // the answer's provenance is that of every read it is made of, the series' included
                Provenance whole = and(totals.and(lines.result().provenance()), linesThen.result());
                JsonObject out = header(app, answer, whole, setApart.result().figures())
                        .put("buckets", TopAnswer.labels(q.range()));
                Map<String, Map<Integer, Figures>> current = lines.result().figures();
                Map<String, Map<Integer, Figures>> before = linesThen.result() == null ? null : linesThen.result().figures();
                JsonArray series = new JsonArray();
                for (String key : keys) {
                    JsonObject line = answer.describe(key).mergeIn(TopAnswer.points(q.range(), current.get(key)));
                    if (before != null) {
                        line.put("previous", TopAnswer.points(q.previous(), before.get(key)));
                    }
                    series.add(line);
                }
                out.put("series", series).put("totalSeries", TopAnswer.points(q.range(), current.get(TOTAL)));
                if (before != null) {
                    out.getJsonObject("compare").put("buckets", TopAnswer.labels(q.previous()))
                            .put("totalSeries", TopAnswer.points(q.previous(), before.get(TOTAL)));
                }
                return out;
            });
        });
    }

    private static JsonObject header(AppConfig app, TopAnswer answer, Provenance provenance, Figures setApart) {
        return answer.header(app.id(), provenance.source(), provenance.partial(),
                Instant.ofEpochMilli(provenance.freshAsOf()).toString(), visitorsError(), setApart);
    }

    /** {@code p} with the provenance of an optional read (null when the answer has no previous period). */
    private static Provenance and(Provenance p, Answer<?> optional) {
        return optional == null ? p : p.and(optional.provenance());
    }

    /** The key of the all-visits line among the series of {@link #series}: no row key is empty. */
    private static final String TOTAL = "";

    /** The figures of a period per row key of the view (only the group's scenes with {@code group}) and in total. */
    private Future<Answer<TopAnswer.Period>> period(String app, TopQuery q, ResolvedRange r) {
        Granularity g = byHours(r) ? Granularity.HOUR : Granularity.DAY;
        int from = byHours(r) ? r.firstBucket() : r.firstDay();
        int to = byHours(r) ? r.lastBucket() : r.lastDay();
        Future<Answer<Map<String, Figures>>> byKey = q.view() == View.GROUPS
                ? reader.groupTotals(app, g, Dimension.SCENE, from, to, groups)
                : reader.totals(app, g, q.dimension(), from, to);
        Future<Answer<Figures>> total = total(app, r);
        return Future.all(byKey, total).map(done -> {
            Map<String, Figures> rows = byKey.result().figures();
            if (q.group() != null) {
                rows = new HashMap<>(rows);
                rows.keySet().removeIf(code -> !q.group().equals(groups.of(code)));
            }
            return new Answer<>(new TopAnswer.Period(rows, total.result().figures()),
                    byKey.result().provenance().and(total.result().provenance()));
        });
    }

    private Future<Answer<Figures>> total(String app, ResolvedRange r) {
        Future<Answer<Map<String, Figures>>> all = byHours(r)
                ? reader.totals(app, Granularity.HOUR, Dimension.ALL, r.firstBucket(), r.lastBucket())
                : reader.totals(app, Granularity.DAY, Dimension.ALL, r.firstDay(), r.lastDay());
        return all.map(a -> new Answer<>(a.figures().getOrDefault("", Figures.ZERO), a.provenance()));
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
    private Future<Answer<Map<String, Map<Integer, Figures>>>> series(String app, TopQuery q, ResolvedRange r,
                                                                      List<String> keys) {
        Future<Answer<Map<String, Map<Integer, Figures>>>> rows = q.view() == View.GROUPS
                ? reader.groupSeries(app, r.granularity(), Dimension.SCENE, r.firstBucket(), r.lastBucket(), groups, keys)
                : reader.series(app, r.granularity(), q.dimension(), r.firstBucket(), r.lastBucket(), keys);
        Future<Answer<Map<String, Map<Integer, Figures>>>> all =
                reader.series(app, r.granularity(), Dimension.ALL, r.firstBucket(), r.lastBucket(), List.of(""));
        return Future.all(rows, all).map(done -> {
            Map<String, Map<Integer, Figures>> out = new HashMap<>(rows.result().figures());
            out.put(TOTAL, all.result().figures().get(""));
            return new Answer<>(out, rows.result().provenance().and(all.result().provenance()));
        });
    }

    private static JsonObject visitorsError() {
        return new JsonObject()
                .put("exactUpTo", Sketches.exactUpTo())
                .put("relativeStandardError", TopAnswer.round4(Sketches.relativeStandardError()))
                .put("maxRelativeError", Sketches.MAX_RELATIVE_ERROR);
    }
}
