package dev.scenery;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dedupe window is the late window: an event id is remembered for as long as its beacon could
 * be accepted again (a retry days later, from an SDK's offline cache, is still a duplicate), and
 * its day of ids is deleted once the beacon would be refused as too old anyway.
 */
@ExtendWith(VertxExtension.class)
class DedupeWindowTest {
    static final long DAY = 86_400_000L;
    static final String YAML = TestNode.smallStore(List.of("shop"), "", "");

    @TempDir
    Path dir;

    @Test
    void aRetryDaysLaterIsADuplicateAndTheIdsGoWithTheLateWindow(Vertx vertx) throws Exception {
        long now = AcceptanceData.NOW;
        long ts = now - 2 * DAY;
        String batch = "[{\"type\":\"visit\",\"uid\":\"u1\",\"sid\":\"s\",\"ts\":" + ts + ",\"scene\":1047,\"id\":\"offline-1\"}]";
        try (TestNode node = TestNode.start(vertx, dir, now, YAML)) {
            assertThat(node.postJson("/v1/apps/shop/beacons", batch).bodyAsJsonObject().getInteger("accepted")).isEqualTo(1);
        }
        // five days later (past the old 48-hour TTL), the SDK sends it again: still a duplicate
        try (TestNode node = TestNode.start(vertx, dir, now + 5 * DAY, YAML)) {
            JsonObject again = node.postJson("/v1/apps/shop/beacons", batch).bodyAsJsonObject();
            assertThat(again.getInteger("duplicates")).isEqualTo(1);
            assertThat(again.getInteger("accepted")).isZero();
        }
        assertThat(Files.exists(dir.resolve("data/events/" + Math.floorDiv(ts, DAY) + ".dat"))).isTrue();
        // past the late window the beacon is refused as too old, and its day of ids is gone
        try (TestNode node = TestNode.start(vertx, dir, ts + 31 * DAY, YAML)) {
            HttpResponse<Buffer> late = node.postJson("/v1/apps/shop/beacons", batch);
            assertThat(late.bodyAsJsonObject().getJsonArray("rejected").getJsonObject(0).getString("error")).contains("late window");
            assertThat(Files.exists(dir.resolve("data/events/" + Math.floorDiv(ts, DAY) + ".dat"))).isFalse();
            assertThat(StoreGrowthTest.gauge(node.get("/metrics").bodyAsString(), "scenery_store_event_ids")).isZero();
        }
    }
}
