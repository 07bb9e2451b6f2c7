package dev.scenery;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * One app, however hostile its traffic (a new user and a new event id in every beacon), cannot
 * take more than its share of the store: past it its batches get 507 naming the share, also after
 * a restart, while another app's batches are still taken and counted exactly.
 */
@ExtendWith(VertxExtension.class)
class AppShareTest {
    static final String YAML = TestNode.smallStore(java.util.List.of("hostile", "calm"), "",
            "  maxDiskBytes: 40000000\n  appSharePercent: 10\n");

    @TempDir
    Path dir;

    @Test
    void anAppPastItsShareIsRefusedWhileAnotherIsNot(Vertx vertx) {
        long now = AcceptanceData.NOW;
        long hostileAccepted = 0;
        try (TestNode node = TestNode.start(vertx, dir, now, YAML)) {
            HttpResponse<Buffer> refused = null;
            for (int b = 0; b < 200 && refused == null; b++) {
                HttpResponse<Buffer> r = node.postJson("/v1/apps/hostile/beacons", DiskBudgetTest.visits("h", b * 500, 500, now, "h"));
                if (r.statusCode() == 202) {
                    hostileAccepted += r.bodyAsJsonObject().getInteger("accepted");
                } else {
                    refused = r;
                }
            }
            assertThat(refused).as("the hostile app met its share").isNotNull();
            assertThat(refused.statusCode()).as(refused.bodyAsString()).isEqualTo(507);
            assertThat(refused.bodyAsJsonObject().getString("error")).contains("hostile").contains("store.appSharePercent");
            assertThat(hostileAccepted).isBetween(20_000L, 60_000L); // ~4 MB at ~112 bytes a beacon

            HttpResponse<Buffer> calm = node.postJson("/v1/apps/calm/beacons", DiskBudgetTest.visits("c", 0, 500, now, "c"));
            assertThat(calm.statusCode()).as(calm.bodyAsString()).isEqualTo(202);
            assertThat(node.getJson("/ready").getString("reason")).contains("store.appSharePercent");
            assertThat(node.get("/metrics").bodyAsString()).contains("scenery_batches_refused{limit=\"app-share\"}");
        }
        try (TestNode node = TestNode.start(vertx, dir, now, YAML)) {
            // the usage survives a restart (restored from the last checkpoint image, not counted
            // from zero): it is near the share, and the app is refused again within a few batches
            // (from zero it took about 70; not always at once: a checkpoint can shrink a sketch
            // that changed its form, so the estimate moves a little around the share)
            String metrics = node.get("/metrics").bodyAsString();
            assertThat(metrics).contains("scenery_store_app_bytes{app=\"hostile\"}");
            double restored = Double.parseDouble(metrics.lines().filter(l -> l.startsWith("scenery_store_app_bytes{app=\"hostile\"}"))
                    .findFirst().orElseThrow().split(" ")[1]);
            assertThat(restored).as("the hostile app's usage after the restart").isGreaterThan(3_600_000);
            int sent = 0;
            HttpResponse<Buffer> r;
            while ((r = node.postJson("/v1/apps/hostile/beacons", DiskBudgetTest.visits("again-", sent * 500, 500, now, "again-"))).statusCode() == 202) {
                assertThat(r.bodyAsJsonObject().getInteger("accepted")).isEqualTo(500);
                hostileAccepted += 500;
                assertThat(++sent).as("batches the hostile app got in after the restart").isLessThan(4);
            }
            assertThat(node.postJson("/v1/apps/calm/beacons", DiskBudgetTest.visits("c", 500, 500, now, "c")).statusCode()).isEqualTo(202);
            JsonObject calm = node.getJson("/v1/apps/calm/scenes?range=today").getJsonObject("total");
            JsonObject hostile = node.getJson("/v1/apps/hostile/scenes?range=today").getJsonObject("total");
            assertThat(calm.getLong("opens") + node.getJson("/v1/apps/calm/scenes?range=yesterday").getJsonObject("total").getLong("opens"))
                    .isEqualTo(1000);
            assertThat(hostile.getLong("newVisitors") + node.getJson("/v1/apps/hostile/scenes?range=yesterday").getJsonObject("total").getLong("newVisitors"))
                    .isEqualTo(hostileAccepted);
        }
    }
}
