package dev.scenery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scenery.embedded.model.Dimension;
import dev.scenery.embedded.model.Figures;
import dev.scenery.embedded.model.Granularity;
import dev.scenery.query.Answer;
import dev.scenery.query.FigureReader;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The figure contract of a {@link FigureReader}, run straight against the reader (no HTTP, no
 * query service in between), Zipkin-style: one subclass per backend gives a reader over the
 * acceptance data set ({@link AcceptanceData}), and every test here holds for each. The expected
 * figures are the exact truths of {@link Truth}: the data set has at most 260 users per app, so
 * every visitor count must be exact.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class FigureReaderContract {
    static final AcceptanceData DATA = new AcceptanceData();
    private static final Map<Dimension, String> TRUTH_KEYS = Map.of(Dimension.ALL, "all", Dimension.SCENE, "scene",
            Dimension.SOURCE, "source", Dimension.MEDIUM, "medium", Dimension.CAMPAIGN, "campaign",
            Dimension.CONTENT, "content", Dimension.TERM, "term", Dimension.SOURCE_MEDIUM, "source_medium",
            Dimension.SOURCE_MEDIUM_CAMPAIGN, "source_medium_campaign");

    /** The backend's reader over a store that holds every batch of {@link #DATA} (and nothing else). */
    abstract FigureReader reader();

    /** The source every answer of this backend's reader names in its provenance. */
    abstract String source();

    @Test
    void dailyTotalsOfEveryDimensionAreTheTruth() {
        for (String app : AcceptanceData.ZONES.keySet()) {
            LocalDate today = today(app);
            for (LocalDate[] range : List.of(new LocalDate[]{today.minusDays(7), today.minusDays(1)},
                    new LocalDate[]{today.minusDays(30), today.minusDays(1)},
                    new LocalDate[]{today.minusDays(12), today.minusDays(2)},
                    new LocalDate[]{today.minusDays(40), today})) {
                for (Dimension d : Dimension.values()) {
                    assertThat(totals(app, Granularity.DAY, d, (int) range[0].toEpochDay(), (int) range[1].toEpochDay()))
                            .as(app + " " + d + " " + range[0] + ".." + range[1])
                            .isEqualTo(expected(truth(app).totals(range[0], range[1], key(d))));
                }
            }
        }
    }

    @Test
    void hourlyTotalsOfTodayAndYesterdayAreTheTruth() {
        for (String app : AcceptanceData.ZONES.keySet()) {
            for (LocalDate day : List.of(today(app), today(app).minusDays(1))) {
                int first = (int) day.toEpochDay() * 24;
                for (Dimension d : Dimension.values()) {
                    assertThat(totals(app, Granularity.HOUR, d, first, first + 23)).as(app + " " + d + " hours of " + day)
                            .isEqualTo(expected(truth(app).totals(day, day, key(d))));
                    // one hour alone: a visitor of two hours of the day counts in each
                    for (int h = 0; h < 24; h += 5) {
                        assertThat(totals(app, Granularity.HOUR, d, first + h, first + h))
                                .as(app + " " + d + " " + day + " hour " + h)
                                .isEqualTo(expected(truth(app).at(day.atTime(h, 0), true, key(d))));
                    }
                }
            }
        }
    }

    @Test
    void seriesGiveEveryBucketOfTheAskedValuesAndNoOther() {
        for (String app : AcceptanceData.ZONES.keySet()) {
            LocalDate today = today(app);
            for (Dimension d : Dimension.values()) {
                Map<String, Truth.Fig> all = truth(app).totals(today.minusDays(30), today, key(d));
                List<String> asked = new ArrayList<>(all.keySet()).subList(0, Math.min(3, all.size()));
                int from = (int) today.minusDays(30).toEpochDay();
                int to = (int) today.toEpochDay();
                Map<String, Map<Integer, Expected>> want = new TreeMap<>();
                for (String value : asked) {
                    Map<Integer, Expected> perDay = new TreeMap<>();
                    for (int day = from; day <= to; day++) {
                        Truth.Fig f = truth(app).at(LocalDate.ofEpochDay(day).atStartOfDay(), false, key(d)).get(value);
                        if (f != null) {
                            perDay.put(day, Expected.of(f));
                        }
                    }
                    want.put(value, perDay);
                }
                assertThat(series(app, Granularity.DAY, d, from, to, asked)).as(app + " " + d + " daily series of " + asked)
                        .isEqualTo(want);

                LocalDateTime yesterday = today.minusDays(1).atStartOfDay();
                int firstHour = (int) today.minusDays(1).toEpochDay() * 24;
                Map<String, Map<Integer, Expected>> hourly = new TreeMap<>();
                for (String value : asked) {
                    Map<Integer, Expected> perHour = new TreeMap<>();
                    for (int h = 0; h < 24; h++) {
                        Truth.Fig f = truth(app).at(yesterday.plusHours(h), true, key(d)).get(value);
                        if (f != null) {
                            perHour.put(firstHour + h, Expected.of(f));
                        }
                    }
                    hourly.put(value, perHour);
                }
                assertThat(series(app, Granularity.HOUR, d, firstHour, firstHour + 23, asked))
                        .as(app + " " + d + " hourly series of " + asked).isEqualTo(hourly);
            }
        }
    }

    @Test
    void rangesValuesAndAppsWithoutDataAreAbsent() {
        LocalDate longAgo = today("shop").minusDays(400);
        int day = (int) longAgo.toEpochDay();
        assertThat(totals("shop", Granularity.DAY, Dimension.SCENE, day, day + 5)).as("a range before the data").isEmpty();
        assertThat(totals("nobody", Granularity.DAY, Dimension.ALL, day, day + 500)).as("an app without data").isEmpty();
        int today = (int) today("shop").toEpochDay();
        Map<String, Map<Integer, Expected>> none = series("shop", Granularity.DAY, Dimension.SOURCE, today - 30, today,
                List.of("no-such-source"));
        assertThat(none.getOrDefault("no-such-source", Map.of())).as("a value without data").isEmpty();
    }

    @Test
    void theDataSetGivesEveryAppSomethingToCount() {
        // guards the tests above against comparing empty answers with empty truths
        for (String app : AcceptanceData.ZONES.keySet()) {
            int today = (int) today(app).toEpochDay();
            Map<String, Expected> all = totals(app, Granularity.DAY, Dimension.ALL, today - 30, today);
            assertThat(all).as(app).containsOnlyKeys("");
            assertThat(all.get("").opens()).as(app + " opens").isEqualTo(DATA.visits.get(app).stream()
                    .filter(v -> !LocalDate.ofInstant(Instant.ofEpochMilli(v.ts()), AcceptanceData.ZONES.get(app))
                            .isBefore(today(app).minusDays(30))).count());
        }
    }

    // ------------------------------------------------------------------ helpers

    /** Figures as compared: an exact visitor count, said to be exact. */
    record Expected(long opens, long visitors, long newVisitors, boolean visitorsExact) {
        static Expected of(Truth.Fig f) {
            return new Expected(f.opens, f.visitors.size(), f.newVisitors, f.visitors.size() <= FigureContract.EXACT_VISITORS_UP_TO);
        }

        static Expected of(Figures f) {
            return new Expected(f.opens(), f.visitors(), f.newVisitors(), f.visitorsExact());
        }
    }

    private Map<String, Expected> totals(String app, Granularity g, Dimension d, int from, int to) {
        Map<String, Figures> got = complete(await(reader().totals(app, g, d, from, to)));
        Map<String, Expected> out = new TreeMap<>();
        got.forEach((value, f) -> out.put(value, Expected.of(f)));
        return out;
    }

    private Map<String, Map<Integer, Expected>> series(String app, Granularity g, Dimension d, int from, int to,
                                                       List<String> values) {
        Map<String, Map<Integer, Figures>> got = complete(await(reader().series(app, g, d, from, to, values)));
        Map<String, Map<Integer, Expected>> out = new TreeMap<>();
        got.forEach((value, buckets) -> {
            Map<Integer, Expected> b = new TreeMap<>();
            buckets.forEach((i, f) -> b.put(i, Expected.of(f)));
            out.put(value, b);
        });
        return out;
    }

    private static Map<String, Expected> expected(Map<String, Truth.Fig> truth) {
        Map<String, Expected> out = new TreeMap<>();
        truth.forEach((value, f) -> out.put(value, Expected.of(f)));
        return out;
    }

    /** The figures of an answer that says it is whole and from this backend. */
    private <T> T complete(Answer<T> answer) {
        assertThat(answer.provenance().source()).as("provenance source").isEqualTo(source());
        assertThat(answer.provenance().partial()).as("provenance partial").isFalse();
        return answer.figures();
    }

    private static <T> T await(io.vertx.core.Future<T> answer) {
        try {
            return answer.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("the reader did not answer: " + e, e);
        }
    }

    private static Truth truth(String app) {
        return new Truth(AcceptanceData.ZONES.get(app), DATA.visits.get(app));
    }

    private static Function<AcceptanceData.Visit, String> key(Dimension d) {
        return Truth.key(TRUTH_KEYS.get(d));
    }

    private static LocalDate today(String app) {
        ZoneId zone = AcceptanceData.ZONES.get(app);
        return LocalDate.ofInstant(Instant.ofEpochMilli(AcceptanceData.NOW), zone);
    }
}
