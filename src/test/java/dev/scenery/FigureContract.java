package dev.scenery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scenery.AcceptanceData.Batch;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The figure contract every read path must meet: for a set of visits with known ground truth
 * ({@link Truth}), every figure of every query route (top lists and trends, scenes and each UTM
 * dimension, every range and metric) of every app. Run against the embedded store
 * ({@link AcceptanceTest}) and against PostgreSQL mode ({@code PostgresAcceptanceIT} and the
 * PostgreSQL crash tests).
 */
final class FigureContract {
    static final String[] DIMENSIONS = {"source", "medium", "campaign", "content", "term"};
    static final String[] METRICS = {"opens", "visitors", "newVisitors"};
    /** Distinct users up to which visitors must be exact (README: the sketch's explicit form holds every hash). */
    static final long EXACT_VISITORS_UP_TO = 2_560;

    private FigureContract() {
    }

    /** Anything that answers the query routes: a node in this JVM, or one behind a balancer or in a child JVM. */
    interface Api {
        JsonObject getJson(String uri);
    }

    /** Sends every batch of the data set and checks each answer (accepted, duplicates, rejected). */
    static void ingest(TestNode node, List<Batch> batches) {
        for (Batch b : batches) {
            HttpResponse<Buffer> r = node.postJson("/v1/apps/" + b.app() + "/beacons", b.body());
            assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(202);
            JsonObject answer = r.bodyAsJsonObject();
            assertThat(answer.getInteger("accepted")).as(b.body()).isEqualTo(b.accepted());
            assertThat(answer.getInteger("duplicates")).as(b.body()).isEqualTo(b.duplicates());
            List<Integer> rejected = answer.getJsonArray("rejected").stream()
                    .map(o -> ((JsonObject) o).getInteger("index")).toList();
            assertThat(rejected).as(answer.encode()).isEqualTo(b.rejected());
            answer.getJsonArray("rejected").forEach(o -> assertThat(((JsonObject) o).getString("error")).isNotBlank());
        }
    }

    /** Checks every figure of every query route of every app against the ground truth of {@code visits}. */
    static void checkAll(Api node, Map<String, List<AcceptanceData.Visit>> visits) {
        checkAll(node, visits, null);
    }

    /** Like {@link #checkAll(TestNode, Map)}, also checking each answer's {@code source} (unless null) and that it is not partial. */
    static void checkAll(Api node, Map<String, List<AcceptanceData.Visit>> visits, String expectedSource) {
        for (Map.Entry<String, ZoneId> app : AcceptanceData.ZONES.entrySet()) {
            Truth truth = new Truth(app.getValue(), visits.get(app.getKey()));
            LocalDate today = LocalDate.ofInstant(Instant.ofEpochMilli(AcceptanceData.NOW), app.getValue());
            // an answer of zeros would match a truth of zeros: the data set must give every route something to count
            for (LocalDate[] r : new LocalDate[][]{{today, today}, {today.minusDays(1), today.minusDays(1)},
                    {today.minusDays(7), today.minusDays(1)}, {today.minusDays(30), today.minusDays(1)}}) {
                assertThat(truth.totals(r[0], r[1], Truth.key("all"))).as(app.getKey() + " visits " + r[0] + ".." + r[1]).isNotEmpty();
            }
            List<Object[]> ranges = List.of(
                    new Object[]{"range=today", today, today, true},
                    new Object[]{"range=yesterday", today.minusDays(1), today.minusDays(1), true},
                    new Object[]{"range=7d", today.minusDays(7), today.minusDays(1), false},
                    new Object[]{"", today.minusDays(7), today.minusDays(1), false},
                    new Object[]{"range=30d", today.minusDays(30), today.minusDays(1), false},
                    new Object[]{"range=custom&from=" + today.minusDays(12) + "&to=" + today.minusDays(2), today.minusDays(12), today.minusDays(2), false},
                    new Object[]{"range=custom&from=" + LocalDate.of(2026, 3, 8) + "&to=2026-03-08", LocalDate.of(2026, 3, 8), LocalDate.of(2026, 3, 8), true});
            for (Object[] range : ranges) {
                for (String metric : METRICS) {
                    String q = range[0] + (((String) range[0]).isEmpty() ? "" : "&") + "metric=" + metric;
                    check(node, app.getKey(), "/scenes", q, "scene", metric, truth, range, today, expectedSource);
                    for (String dim : DIMENSIONS) {
                        check(node, app.getKey(), "/sources", q + "&dimension=" + dim, dim, metric, truth, range, today, expectedSource);
                    }
                }
            }
        }
    }

    private static void check(Api node, String app, String route, String query, String dim, String metric, Truth truth,
                              Object[] range, LocalDate today, String expectedSource) {
        LocalDate from = (LocalDate) range[1];
        LocalDate to = (LocalDate) range[2];
        boolean hourly = (Boolean) range[3];
        String where = app + route + "?" + query;
        Function<AcceptanceData.Visit, String> key = Truth.key(dim);
        Map<String, Truth.Fig> expected = truth.totals(from, to, key);
        Truth.Fig total = truth.totals(from, to, Truth.key("all")).getOrDefault("", new Truth.Fig());
        Comparator<Map.Entry<String, Truth.Fig>> order = Comparator
                .comparingLong((Map.Entry<String, Truth.Fig> e) -> e.getValue().metric(metric)).reversed()
                .thenComparing(dim.equals("scene") ? Comparator.comparingInt(e -> Integer.parseInt(e.getKey()))
                        : Map.Entry.comparingByKey());
        List<Map.Entry<String, Truth.Fig>> top = expected.entrySet().stream().sorted(order).limit(10).toList();

        JsonObject list = node.getJson("/v1/apps/" + app + route + "?" + query);
        JsonObject r = list.getJsonObject("range");
        assertThat(r.getString("from")).as(where).isEqualTo(from.toString());
        assertThat(r.getString("to")).as(where).isEqualTo(to.toString());
        assertThat(r.getString("timeZone")).as(where).isEqualTo(AcceptanceData.ZONES.get(app).getId());
        assertThat(r.getString("granularity")).as(where).isEqualTo(hourly ? "hour" : "day");
        assertThat(list.getString("freshAsOf")).isNotBlank();
        if (expectedSource != null) {
            assertThat(list.getString("source")).as(where + " source").isEqualTo(expectedSource);
            assertThat(list.getBoolean("partial")).as(where + " partial").isFalse();
        }
        assertFigures(list.getJsonObject("total"), total, where + " total");
        JsonArray items = list.getJsonArray("items");
        assertThat(items.size()).as(where).isEqualTo(top.size());
        for (int i = 0; i < top.size(); i++) {
            JsonObject item = items.getJsonObject(i);
            Map.Entry<String, Truth.Fig> want = top.get(i);
            String label = dim.equals("scene") ? String.valueOf(item.getInteger("code")) : item.getString("value");
            assertThat(label).as(where + " rank " + i).isEqualTo(want.getKey());
            assertFigures(item, want.getValue(), where + " " + label);
            long whole = total.metric(metric);
            double share = whole == 0 ? 0 : Math.round((double) want.getValue().metric(metric) / whole * 10_000) / 10_000.0;
            assertThat(item.getDouble("share")).as(where + " share").isEqualTo(share);
            if (dim.equals("scene")) {
                assertThat(item.getString("name")).isNotBlank();
                assertThat(item.getString("group")).isNotBlank();
            }
        }
        if (dim.equals("scene")) {
            assertSceneNames(items);
        }

        JsonObject trend = node.getJson("/v1/apps/" + app + route + "/trend?" + query);
        List<LocalDateTime> buckets = new ArrayList<>();
        if (hourly) {
            int lastHour = to.equals(today)
                    ? LocalDateTime.ofInstant(Instant.ofEpochMilli(AcceptanceData.NOW), AcceptanceData.ZONES.get(app)).getHour() : 23;
            for (int h = 0; h <= lastHour; h++) {
                buckets.add(from.atTime(h, 0));
            }
        } else {
            for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
                buckets.add(d.atStartOfDay());
            }
        }
        assertThat(trend.getJsonArray("buckets").size()).as(where).isEqualTo(buckets.size());
        assertThat(trend.getJsonArray("buckets").getString(0)).as(where)
                .isEqualTo(hourly ? buckets.get(0).toString() : buckets.get(0).toLocalDate().toString());
        JsonArray series = trend.getJsonArray("series");
        assertThat(series.size()).as(where).isEqualTo(top.size());
        for (int i = 0; i < top.size(); i++) {
            String want = top.get(i).getKey();
            assertSeries(series.getJsonObject(i), truth, buckets, hourly, key, want, where + " trend " + want);
        }
        assertSeries(trend.getJsonObject("totalSeries"), truth, buckets, hourly, Truth.key("all"), "", where + " total trend");
    }

    private static void assertSeries(JsonObject line, Truth truth, List<LocalDateTime> buckets, boolean hourly,
                                     Function<AcceptanceData.Visit, String> key, String value, String where) {
        for (int b = 0; b < buckets.size(); b++) {
            Truth.Fig f = truth.at(buckets.get(b), hourly, key).getOrDefault(value, new Truth.Fig());
            assertThat(line.getJsonArray("opens").getLong(b)).as(where + " opens @" + buckets.get(b)).isEqualTo(f.opens);
            assertThat(line.getJsonArray("newVisitors").getLong(b)).as(where + " newVisitors @" + buckets.get(b)).isEqualTo(f.newVisitors);
            assertVisitors(line.getJsonArray("visitors").getLong(b), f.visitors.size(), line.getBoolean("visitorsExact"), where + " @" + buckets.get(b));
        }
    }

    private static void assertFigures(JsonObject got, Truth.Fig want, String where) {
        assertThat(got.getLong("opens")).as(where + " opens").isEqualTo(want.opens);
        assertThat(got.getLong("newVisitors")).as(where + " newVisitors").isEqualTo(want.newVisitors);
        assertVisitors(got.getLong("visitors"), want.visitors.size(), got.getBoolean("visitorsExact"), where);
    }

    /** Exact, and said to be, up to {@link #EXACT_VISITORS_UP_TO} users; above, an estimate within 2% said to be one. */
    static void assertVisitors(long got, long want, boolean exact, String where) {
        if (want <= EXACT_VISITORS_UP_TO) {
            assertThat(got).as(where + " visitors (exact below " + EXACT_VISITORS_UP_TO + ")").isEqualTo(want);
            assertThat(exact).as(where + " visitorsExact").isTrue();
        } else {
            assertThat((double) Math.abs(got - want)).as(where + " visitors within 2%").isLessThanOrEqualTo(0.02 * want);
            assertThat(exact).as(where + " visitorsExact").isFalse();
        }
    }

    private static void assertSceneNames(JsonArray items) {
        for (Object o : items) {
            JsonObject item = (JsonObject) o;
            int code = item.getInteger("code");
            if (code == 1047) {
                assertThat(item.getString("name")).isEqualTo("扫描小程序码");
            } else if (code == 4242) {
                assertThat(item.getString("name")).isEqualTo("场景值 4242");
            }
        }
    }
}
