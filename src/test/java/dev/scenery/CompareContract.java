package dev.scenery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scenery.AcceptanceData.Visit;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The contract of the breakdowns issue 16 added, for every read path (embedded: {@link AcceptanceTest},
 * PostgreSQL: {@code PostgresAcceptanceIT}), against the truth of the acceptance data ({@link Truth}):
 * period comparison ({@code compare=previous|week}: each row's figures then, change, change in percent,
 * rank then, rank change, new in the top; the totals; the previous line of each trend point for point),
 * including ranges whose compared period meets them at a local midnight where visits sit a minute
 * either side, and one across New York's DST change; scene groups (a group's visitors are the distinct
 * users of its scenes); the group filter; the combined UTM breakdowns; test traffic set apart
 * ({@code setApart}) and read on its own ({@code traffic=test}).
 */
final class CompareContract {
    static final String[] VIEWS = {"scenes", "groups", "sources?dimension=source_medium", "sources?dimension=source_medium_campaign"};

    private CompareContract() {
    }

    /** A range of the test: the query, its days and, for a day shown per hour, the last hour (else -1). */
    record Range(String query, LocalDate from, LocalDate to, int lastHour) {
        boolean hourly() {
            return lastHour >= 0;
        }

        /** The period before: the same length just before it, or (week) the same day a week earlier. */
        Range before(String compare) {
            long days = compare.equals("week") ? 7 : ChronoUnit.DAYS.between(from, to) + 1;
            return new Range(compare, from.minusDays(days), to.minusDays(days), lastHour);
        }
    }

    static void checkAll(FigureContract.Api node, AcceptanceData data) {
        int checked = 0;
        for (Map.Entry<String, ZoneId> e : AcceptanceData.ZONES.entrySet()) {
            String app = e.getKey();
            ZoneId zone = e.getValue();
            Truth real = new Truth(zone, data.visits.get(app));
            Truth test = new Truth(zone, data.testVisits.get(app));
            LocalDateTime now = LocalDateTime.ofInstant(Instant.ofEpochMilli(AcceptanceData.NOW), zone);
            LocalDate today = now.toLocalDate();
            List<Range> ranges = new ArrayList<>(List.of(
                    new Range("range=today", today, today, now.getHour()),
                    new Range("range=yesterday", today.minusDays(1), today.minusDays(1), 23),
                    new Range("range=7d", today.minusDays(7), today.minusDays(1), -1),
                    new Range("range=30d", today.minusDays(30), today.minusDays(1), -1),
                    // two days across the 7-day range's first midnight: the period before starts a minute after a visit
                    new Range("range=custom&from=" + today.minusDays(8) + "&to=" + today.minusDays(7),
                            today.minusDays(8), today.minusDays(7), -1)));
            if (app.equals("nyc")) {
                ranges.add(new Range("range=custom&from=2026-03-08&to=2026-03-09", LocalDate.of(2026, 3, 8), LocalDate.of(2026, 3, 9), -1));
                ranges.add(new Range("range=custom&from=2026-03-08&to=2026-03-08", LocalDate.of(2026, 3, 8), LocalDate.of(2026, 3, 8), 23));
            }
            for (Range r : ranges) {
                List<String> compares = new ArrayList<>(List.of("previous"));
                if (r.hourly()) {
                    compares.add("week");
                }
                for (String compare : compares) {
                    for (String view : VIEWS) {
                        // the metric orders the rows (every row's figures are checked): each metric for scenes and groups
                        for (String metric : view.startsWith("sources") ? new String[] {"visitors"} : FigureContract.METRICS) {
                            checkList(node, app, view, r, compare, metric, real);
                            checked++;
                        }
                        checkTrend(node, app, view, r, compare, "visitors", real);
                    }
                }
                checkTestTraffic(node, app, r, real, test);
            }
            checkGroups(node, app, today, real, data.visits.get(app));
        }
        // per app: today and yesterday with both comparisons, 7d, 30d and the two days across the 7d range's first
        // midnight with the previous period (7), for nyc also the two days from its DST change and that day (3)
        assertThat(checked).as("lists checked (3 metrics of scenes and groups, 1 of each combined UTM view)").isEqualTo((7 + 10 + 7) * 8);
    }

    private static Function<Visit, String> keyOf(String view) {
        return Truth.key(view.startsWith("sources") ? view.substring(view.indexOf('=') + 1) : view.equals("groups") ? "group" : "scene");
    }

    private static Map<String, Truth.Fig> truth(Truth t, Range r, Function<Visit, String> key) {
        return r.hourly() ? t.hoursOf(r.from(), r.lastHour(), key) : t.totals(r.from(), r.to(), key);
    }

    /** Ranked by the metric, ties by code (scenes) or by key. */
    static List<Map.Entry<String, Truth.Fig>> ranked(Map<String, Truth.Fig> rows, String view, String metric) {
        Comparator<Map.Entry<String, Truth.Fig>> order = Comparator
                .comparingLong((Map.Entry<String, Truth.Fig> e) -> e.getValue().metric(metric)).reversed()
                .thenComparing(view.equals("scenes") ? Comparator.comparingInt(e -> Integer.parseInt(e.getKey())) : Map.Entry.comparingByKey());
        return rows.entrySet().stream().sorted(order).toList();
    }

    private static String uri(String app, String view, String query) {
        return "/v1/apps/" + app + "/" + view + (view.contains("?") ? "&" : "?") + query;
    }

    private static void checkList(FigureContract.Api node, String app, String view, Range r, String compare, String metric, Truth t) {
        Range before = r.before(compare);
        String where = uri(app, view, r.query() + "&compare=" + compare + "&metric=" + metric);
        JsonObject answer = node.getJson(where);
        Function<Visit, String> key = keyOf(view);
        List<Map.Entry<String, Truth.Fig>> now = ranked(truth(t, r, key), view, metric);
        List<Map.Entry<String, Truth.Fig>> then = ranked(truth(t, before, key), view, metric);
        Truth.Fig total = truth(t, r, Truth.key("all")).getOrDefault("", new Truth.Fig());
        Truth.Fig totalThen = truth(t, before, Truth.key("all")).getOrDefault("", new Truth.Fig());

        JsonObject c = answer.getJsonObject("compare");
        assertThat(c.getString("name")).as(where).isEqualTo(compare);
        assertThat(c.getJsonObject("range").getString("from")).as(where).isEqualTo(before.from().toString());
        assertThat(c.getJsonObject("range").getString("to")).as(where).isEqualTo(before.to().toString());
        figures(answer.getJsonObject("total"), total, where + " total");
        figures(c.getJsonObject("total"), totalThen, where + " total then");
        changes(c, total, totalThen, where + " total");
        assertThat(answer.getBoolean("rowsOverlap")).isTrue();

        JsonArray items = answer.getJsonArray("items");
        assertThat(items.size()).as(where).isEqualTo(Math.min(10, now.size()));
        Map<String, Integer> rankThen = new HashMap<>();
        for (int i = 0; i < then.size(); i++) {
            rankThen.put(then.get(i).getKey(), i + 1);
        }
        Map<String, Truth.Fig> thenByKey = truth(t, before, key);
        for (int i = 0; i < items.size(); i++) {
            JsonObject item = items.getJsonObject(i);
            String k = now.get(i).getKey();
            String got = view.equals("scenes") ? String.valueOf(item.getInteger("code")) : view.equals("groups") ? item.getString("group")
                    : item.getString("value");
            assertThat(got).as(where + " rank " + (i + 1)).isEqualTo(k);
            figures(item, now.get(i).getValue(), where + " " + k);
            Truth.Fig previous = thenByKey.getOrDefault(k, new Truth.Fig());
            figures(item.getJsonObject("previous"), previous, where + " " + k + " then");
            changes(item, now.get(i).getValue(), previous, where + " " + k);
            Integer was = rankThen.get(k);
            assertThat(item.getInteger("previousRank")).as(where + " " + k + " rank then").isEqualTo(was);
            assertThat(item.getInteger("rankChange")).as(where + " " + k + " rank change").isEqualTo(was == null ? null : was - (i + 1));
            assertThat(item.getBoolean("newInTop")).as(where + " " + k + " new").isEqualTo(was == null || was > 10);
        }
    }

    private static void checkTrend(FigureContract.Api node, String app, String view, Range r, String compare, String metric, Truth t) {
        Range before = r.before(compare);
        String path = view.contains("?") ? view.replace("?", "/trend?") : view + "/trend";
        String where = uri(app, path, r.query() + "&compare=" + compare + "&metric=" + metric);
        JsonObject trend = node.getJson(where);
        Function<Visit, String> key = keyOf(view);
        List<Map.Entry<String, Truth.Fig>> now = ranked(truth(t, r, key), view, metric);
        JsonObject c = trend.getJsonObject("compare");
        JsonArray labels = trend.getJsonArray("buckets");
        JsonArray labelsThen = c.getJsonArray("buckets");
        assertThat(labelsThen.size()).as(where).isEqualTo(labels.size());
        assertThat(labelsThen.getString(0)).as(where).startsWith(before.from().toString());
        JsonArray series = trend.getJsonArray("series");
        assertThat(series.size()).as(where).isEqualTo(Math.min(10, now.size()));
        for (int s = 0; s <= series.size(); s++) {
            boolean total = s == series.size();
            String k = total ? "" : now.get(s).getKey();
            Function<Visit, String> lineKey = total ? Truth.key("all") : key;
            points(total ? trend.getJsonObject("totalSeries") : series.getJsonObject(s), r, t, lineKey, k, where + " " + k);
            points(total ? c.getJsonObject("totalSeries") : series.getJsonObject(s).getJsonObject("previous"), before, t, lineKey, k,
                    where + " " + k + " then");
        }
    }

    /** Each point of a line against the truth of its bucket of r. */
    private static void points(JsonObject line, Range r, Truth t, Function<Visit, String> key, String k, String where) {
        int n = line.getJsonArray("opens").size();
        assertThat(n).as(where).isEqualTo(r.hourly() ? r.lastHour() + 1 : (int) ChronoUnit.DAYS.between(r.from(), r.to()) + 1);
        for (int b = 0; b < n; b++) {
            LocalDateTime start = r.hourly() ? r.from().atTime(b, 0) : r.from().plusDays(b).atStartOfDay();
            Truth.Fig f = t.at(start, r.hourly(), key).getOrDefault(k, new Truth.Fig());
            assertThat(line.getJsonArray("opens").getLong(b)).as(where + " opens @" + start).isEqualTo(f.opens);
            assertThat(line.getJsonArray("visitors").getLong(b)).as(where + " visitors @" + start).isEqualTo(f.visitors.size());
            assertThat(line.getJsonArray("newVisitors").getLong(b)).as(where + " new @" + start).isEqualTo(f.newVisitors);
        }
    }

    /** Test traffic: in no figure of the app (the contract checks those), set apart in every answer, alone with traffic=test. */
    private static void checkTestTraffic(FigureContract.Api node, String app, Range r, Truth real, Truth test) {
        Truth.Fig apart = truth(test, r, Truth.key("all")).getOrDefault("", new Truth.Fig());
        for (String view : new String[] {"scenes", "groups"}) {
            JsonObject answer = node.getJson(uri(app, view, r.query()));
            assertThat(answer.getString("traffic")).isEqualTo("real");
            figures(answer.getJsonObject("setApart"), apart, app + " " + view + " " + r.query() + " set apart");
            figures(answer.getJsonObject("total"), truth(real, r, Truth.key("all")).getOrDefault("", new Truth.Fig()), app + " total without tests");

            String where = uri(app, view, r.query() + "&traffic=test&metric=opens");
            JsonObject only = node.getJson(where);
            assertThat(only.getString("traffic")).isEqualTo("test");
            figures(only.getJsonObject("total"), apart, where + " total");
            List<Map.Entry<String, Truth.Fig>> rows = ranked(truth(test, r, keyOf(view)), view, "opens");
            JsonArray items = only.getJsonArray("items");
            assertThat(items.size()).as(where).isEqualTo(Math.min(10, rows.size()));
            for (int i = 0; i < items.size(); i++) {
                figures(items.getJsonObject(i), rows.get(i).getValue(), where + " " + rows.get(i).getKey());
            }
        }
    }

    /** A group's visitors are the distinct users of its scenes; the group filter lists exactly its scenes. */
    private static void checkGroups(FigureContract.Api node, String app, LocalDate today, Truth real, List<Visit> visits) {
        String q = "range=30d&metric=visitors&limit=100";
        JsonObject groups = node.getJson("/v1/apps/" + app + "/groups?" + q);
        LocalDate from = today.minusDays(30);
        LocalDate to = today.minusDays(1);
        Map<String, Truth.Fig> byScene = real.totals(from, to, Truth.key("scene"));
        long sceneOpens = 0;
        for (Object o : groups.getJsonArray("items")) {
            JsonObject g = (JsonObject) o;
            Set<String> users = new HashSet<>();
            long opens = 0;
            for (int scene : Truth.scenesOf(g.getString("group"), visits)) {
                Truth.Fig f = byScene.get(Integer.toString(scene));
                if (f != null) {
                    users.addAll(f.visitors);
                    opens += f.opens;
                }
            }
            assertThat(g.getLong("visitors")).as(app + " group " + g.getString("group") + ": distinct users of its scenes").isEqualTo(users.size());
            assertThat(g.getLong("opens")).as(app + " group " + g.getString("group") + " opens").isEqualTo(opens);
            sceneOpens += g.getLong("opens");

            JsonObject filtered = node.getJson("/v1/apps/" + app + "/scenes?" + q + "&group=" + g.getString("group"));
            assertThat(filtered.getString("group")).isEqualTo(g.getString("group"));
            Map<String, Truth.Fig> ofGroup = new HashMap<>(byScene);
            ofGroup.keySet().removeIf(code -> !Truth.groupOf(Integer.parseInt(code)).equals(g.getString("group")));
            List<Map.Entry<String, Truth.Fig>> want = ranked(ofGroup, "scenes", "visitors");
            JsonArray items = filtered.getJsonArray("items");
            assertThat(items.size()).as(app + " scenes of " + g.getString("group")).isEqualTo(Math.min(100, want.size()));
            for (int i = 0; i < items.size(); i++) {
                assertThat(items.getJsonObject(i).getInteger("code")).isEqualTo(Integer.parseInt(want.get(i).getKey()));
                assertThat(items.getJsonObject(i).getString("group")).isEqualTo(g.getString("group"));
            }
        }
        // every visit has one scene, so the groups' opens add up to the total (their visitors need not)
        assertThat(sceneOpens).isEqualTo(groups.getJsonObject("total").getLong("opens"));
    }

    private static void figures(JsonObject got, Truth.Fig want, String where) {
        assertThat(got.getLong("opens")).as(where + " opens").isEqualTo(want.opens);
        assertThat(got.getLong("visitors")).as(where + " visitors").isEqualTo(want.visitors.size());
        assertThat(got.getLong("newVisitors")).as(where + " newVisitors").isEqualTo(want.newVisitors);
        assertThat(got.getBoolean("visitorsExact")).as(where + " exact").isTrue();
    }

    private static void changes(JsonObject got, Truth.Fig now, Truth.Fig then, String where) {
        for (String m : FigureContract.METRICS) {
            long a = now.metric(m);
            long b = then.metric(m);
            assertThat(got.getJsonObject("change").getLong(m)).as(where + " change of " + m).isEqualTo(a - b);
            Double percent = b == 0 ? null : Math.round((a - b) * 10_000.0 / b) / 100.0;
            assertThat(got.getJsonObject("changePercent").getDouble(m)).as(where + " change % of " + m).isEqualTo(percent);
        }
    }
}
