package dev.scenery;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded reader caches whole ranges, merged past days and single trend points: late data
 * for a past day, a first visit that moves into it, and today's data must show at the next query.
 */
@ExtendWith(VertxExtension.class)
class QueryCacheTest {
    static final long NOW = AcceptanceData.NOW;
    static final long DAY = 86_400_000L;
    static final String YAML = "apps:\n  - id: shop\n    public: true\n";
    /** 2026-03-05 to today (NOW is 2026-03-12 23:20 in Asia/Shanghai). */
    static final String SEVEN_DAYS = "/v1/apps/shop/scenes?range=7d&metric=opens";
    static final String CUSTOM = "/v1/apps/shop/scenes?range=custom&from=2026-03-05&to=2026-03-12&metric=opens";

    @TempDir
    Path dir;

    private static String visit(String uid, long ts, int scene) {
        return new JsonArray().add(new JsonObject().put("type", "visit").put("uid", uid).put("sid", "s")
                .put("ts", ts).put("scene", scene)).encode();
    }

    private static void assertFigures(JsonObject figures, long opens, long visitors, long newVisitors) {
        assertThat(figures.getLong("opens")).as("opens").isEqualTo(opens);
        assertThat(figures.getLong("visitors")).as("visitors").isEqualTo(visitors);
        assertThat(figures.getLong("newVisitors")).as("newVisitors").isEqualTo(newVisitors);
    }

    private static JsonObject trend(TestNode node) {
        return node.getJson("/v1/apps/shop/scenes/trend?range=7d&metric=opens").getJsonArray("series").getJsonObject(0);
    }

    private static JsonObject scene(JsonObject top, int code) {
        return top.getJsonArray("items").stream().map(o -> (JsonObject) o)
                .filter(o -> o.getInteger("code") == code).findFirst().orElseThrow();
    }

    @Test
    void lateDataForAPastDayShowsAtTheNextQuery(Vertx vertx) {
        try (TestNode node = TestNode.start(vertx, dir, NOW, YAML)) {
            for (String uid : new String[] {"u1", "u2", "u3"}) {
                assertThat(node.postJson("/v1/apps/shop/beacons", visit(uid, NOW - DAY, 1001)).statusCode()).isEqualTo(202);
            }
            assertThat(node.postJson("/v1/apps/shop/beacons", visit("u4", NOW - 3 * DAY, 1001)).statusCode()).isEqualTo(202);
            assertThat(node.postJson("/v1/apps/shop/beacons", visit("u8", NOW - 60_000, 1001)).statusCode()).isEqualTo(202);
            for (int i = 0; i < 3; i++) { // the same figures, cached or not
                assertFigures(scene(node.getJson(SEVEN_DAYS), 1001), 4, 4, 4);
                assertThat(trend(node).getJsonArray("opens").getList()).containsExactly(0, 0, 0, 0, 1, 0, 3);
            }

            assertFigures(node.getJson(CUSTOM).getJsonObject("total"), 5, 5, 5);

            // late data: a new user three days ago, and u1's first visit moves from yesterday to then
            assertThat(node.postJson("/v1/apps/shop/beacons", visit("u5", NOW - 3 * DAY + 1000, 1001)).statusCode()).isEqualTo(202);
            assertThat(node.postJson("/v1/apps/shop/beacons", visit("u1", NOW - 3 * DAY + 2000, 1001)).statusCode()).isEqualTo(202);

            assertFigures(scene(node.getJson(SEVEN_DAYS), 1001), 6, 5, 5);
            JsonObject trend = trend(node);
            assertThat(trend.getJsonArray("opens").getList()).containsExactly(0, 0, 0, 0, 3, 0, 3);
            assertThat(trend.getJsonArray("visitors").getList()).containsExactly(0, 0, 0, 0, 3, 0, 3);
            assertThat(trend.getJsonArray("newVisitors").getList()).containsExactly(0, 0, 0, 0, 3, 0, 2);
            // a range ending today: cached head of past days, today read live
            assertFigures(node.getJson(CUSTOM).getJsonObject("total"), 7, 6, 6);
            assertThat(node.postJson("/v1/apps/shop/beacons", visit("u9", NOW - 1000, 1001)).statusCode()).isEqualTo(202);
            assertFigures(node.getJson(CUSTOM).getJsonObject("total"), 8, 7, 7);

            // each query above waited for a checkpoint of what was acknowledged before it
            String metrics = node.get("/metrics").bodyAsString();
            assertThat(metrics).containsPattern("scenery_store_checkpoints [1-9]")
                    .containsPattern("scenery_store_checkpoint_max_seconds (0\\.0*[1-9]|[1-9])");
        }
    }

    @Test
    void hitRatesOfTheReadCachesAreInTheMetrics(Vertx vertx) {
        try (TestNode node = TestNode.start(vertx, dir, NOW, YAML + "readCache:\n  rangeRollups: 64\n  trendPoints: 64\n")) {
            assertThat(node.postJson("/v1/apps/shop/beacons", visit("u1", NOW - DAY, 1001)).statusCode()).isEqualTo(202);
            String before = node.get("/metrics").bodyAsString();
            assertThat(gets(before, "embedded_ranges", "hit")).isZero();
            for (int i = 0; i < 3; i++) {
                node.getJson(SEVEN_DAYS);
                trend(node);
            }
            String after = node.get("/metrics").bodyAsString();
            // the first question misses and fills the caches, the two repeats hit them
            assertThat(gets(after, "embedded_ranges", "miss")).isPositive();
            assertThat(gets(after, "embedded_ranges", "hit")).isGreaterThanOrEqualTo(2);
            assertThat(gets(after, "embedded_points", "miss")).isPositive();
            assertThat(gets(after, "embedded_points", "hit")).isGreaterThanOrEqualTo(2);
            assertThat(after).containsPattern("cache_size\\{cache=\"embedded_ranges\",?\\} [1-9]");
        }
    }

    /** The value of {@code cache_gets_total} for one cache and result in a Prometheus scrape. */
    private static double gets(String metrics, String cache, String result) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^cache_gets_total\\{(?=[^}]*cache=\"" + cache
                + "\")(?=[^}]*result=\"" + result + "\")[^}]*\\} (\\S+)$").matcher(metrics);
        assertThat(m.find()).as("cache_gets_total of " + cache + " " + result + " in\n" + metrics).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
