package dev.scenery;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Budgets, not walls: an app that posts 200,000 distinct scene values (or UTM values) gets its
 * budget of distinct values per day and the rest counted under the overflow value, exactly in
 * total, while another app's ingest and queries keep working with exact figures.
 */
@ExtendWith(VertxExtension.class)
class BudgetTest {
    static final String YAML = TestNode.smallStore(java.util.List.of("hostile", "calm"),
            "  maxScenesPerDay: 500\n  maxUtmValuesPerDay: 300\n", "");
    static final int DAYS = 3;
    static final int PER_DAY = 66_667;
    /** The first scene value sent: past every default test scene (1030, 1101, 1129, 1203), whose visits are set apart. */
    static final int FIRST_SCENE = 1204;

    @TempDir
    Path dir;

    @Test
    void twoHundredThousandSceneValuesLeaveAnotherAppExact(Vertx vertx) {
        long now = AcceptanceData.NOW;
        ZoneId zone = ZoneId.of("Asia/Shanghai");
        LocalDate today = LocalDate.ofInstant(Instant.ofEpochMilli(now), zone);
        try (TestNode node = TestNode.start(vertx, dir, now, YAML)) {
            int calmSent = 0;
            JsonArray batch = new JsonArray();
            for (int d = 0; d < DAYS; d++) {
                long noon = today.minusDays(d + 1).atTime(12, 0).atZone(zone).toInstant().toEpochMilli();
                for (int i = 0; i < PER_DAY; i++) {
                    // a distinct scene value (and campaign) for every beacon of the day, 200,001 in all
                    batch.add(new JsonObject().put("type", "visit").put("uid", "h" + (i % 5000)).put("sid", "s")
                            .put("ts", noon + i % 3_600_000).put("scene", FIRST_SCENE + i)
                            .put("utm", new JsonObject().put("campaign", "c" + d + "-" + i)));
                    if (batch.size() == 500) {
                        assertThat(node.postJson("/v1/apps/hostile/beacons", batch.encode()).statusCode()).isEqualTo(202);
                        batch = new JsonArray();
                        // the other app keeps taking beacons all along
                        if (calmSent < 40) {
                            HttpResponse<Buffer> calm = node.postJson("/v1/apps/calm/beacons", calmBatch(today, zone, calmSent++));
                            assertThat(calm.statusCode()).as(calm.bodyAsString()).isEqualTo(202);
                        }
                    }
                }
            }
            assertThat(node.postJson("/v1/apps/hostile/beacons", batch.encode()).statusCode()).isEqualTo(202);
            while (calmSent < 40) {
                assertThat(node.postJson("/v1/apps/calm/beacons", calmBatch(today, zone, calmSent++)).statusCode()).isEqualTo(202);
            }

            String range = "range=custom&from=" + today.minusDays(DAYS) + "&to=" + today.minusDays(1);
            JsonObject hostile = node.getJson("/v1/apps/hostile/scenes?" + range + "&limit=100");
            assertThat(hostile.getJsonObject("total").getLong("opens")).isEqualTo((long) DAYS * PER_DAY);
            JsonObject top = hostile.getJsonArray("items").getJsonObject(0);
            assertThat(top.getInteger("code")).isEqualTo(-1);
            assertThat(top.getString("group")).isEqualTo("overflow");
            assertThat(top.getString("name")).contains("超出");
            assertThat(top.getLong("opens")).isEqualTo((long) DAYS * (PER_DAY - 500));
            // every budgeted scene kept its own figures: the first scene had one visit a day
            JsonObject one = node.getJson("/v1/apps/hostile/scenes?" + range + "&limit=100&metric=opens")
                    .getJsonArray("items").stream().map(o -> (JsonObject) o).filter(o -> o.getInteger("code") == FIRST_SCENE)
                    .findFirst().orElseThrow();
            assertThat(one.getLong("opens")).isEqualTo(DAYS);
            JsonObject campaigns = node.getJson("/v1/apps/hostile/sources?" + range + "&dimension=campaign&metric=opens");
            assertThat(campaigns.getJsonArray("items").getJsonObject(0).getString("value")).isEqualTo("(other)");
            assertThat(campaigns.getJsonArray("items").getJsonObject(0).getLong("opens")).isEqualTo((long) DAYS * (PER_DAY - 300));

            JsonObject calm = node.getJson("/v1/apps/calm/scenes?range=today&limit=100");
            assertThat(calm.getJsonObject("total").getLong("opens")).isEqualTo(40L * 50);
            assertThat(calm.getJsonObject("total").getLong("newVisitors")).isEqualTo(100);
            assertThat(calm.getJsonObject("total").getLong("visitors")).isEqualTo(100);
            assertThat(calm.getJsonArray("items")).hasSize(2);
            for (Object o : calm.getJsonArray("items")) {
                assertThat(((JsonObject) o).getLong("opens")).isEqualTo(40L * 25);
                assertThat(((JsonObject) o).getLong("newVisitors")).isEqualTo(50);
            }

            String metrics = node.get("/metrics").bodyAsString();
            assertThat(metrics).contains("scenery_budget_overflow_total{app=\"hostile\",dimension=\"scene\"}")
                    .contains("scenery_budget_overflow_total{app=\"hostile\",dimension=\"campaign\"}")
                    .doesNotContain("scenery_budget_overflow_total{app=\"calm\"");
            // the hostile app's buckets are bounded by its budgets: (1 + 500 scenes + 300 campaigns
            // + 300 source / medium / campaign combinations) per day and hour used
            assertThat(StoreGrowthTest.gauge(metrics, "scenery_store_buckets")).isLessThan(DAYS * 2L * (1 + 501 + 301 + 301) + 100);
        }
    }

    /** 50 visits of 100 users (two scenes) today, the same every batch. */
    private static String calmBatch(LocalDate today, ZoneId zone, int n) {
        long start = today.atTime(9, 0).atZone(zone).toInstant().toEpochMilli();
        JsonArray batch = new JsonArray();
        for (int i = 0; i < 50; i++) {
            int user = (n * 50 + i) % 100;
            batch.add(new JsonObject().put("type", "visit").put("uid", "calm-" + user).put("sid", "s")
                    .put("ts", start + n * 60_000L + i).put("scene", i % 2 == 0 ? 1047 : 1007));
        }
        return batch.encode();
    }
}
