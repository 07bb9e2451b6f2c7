package dev.scenery;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.core.buffer.Buffer;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store whose files start at 1,000 entries takes 100 times as many users and event ids (and
 * several times its buckets) while running, with only disk growing, and answers exactly, before
 * and after a restart.
 */
@ExtendWith(VertxExtension.class)
class StoreGrowthTest {
    static final String YAML = TestNode.smallStore(java.util.List.of("shop"), "", "");
    static final int USERS = 100_000;
    static final int SCENES = 20;
    static final int CAMPAIGNS = 300;

    @TempDir
    Path dir;

    @Test
    void aStoreConfiguredForAThousandUsersTakesAHundredThousandAndAnswersExactly(Vertx vertx) {
        long now = AcceptanceData.NOW;
        ZoneId zone = ZoneId.of("Asia/Shanghai");
        LocalDate today = LocalDate.ofInstant(Instant.ofEpochMilli(now), zone);
        long dayStart = today.atStartOfDay(zone).toInstant().toEpochMilli();
        Map<Integer, long[]> byScene = new HashMap<>();
        try (TestNode node = TestNode.start(vertx, dir, now, YAML)) {
            JsonArray batch = new JsonArray();
            for (int u = 0; u < USERS; u++) {
                int scene = 1000 + u % SCENES;
                long ts = dayStart + (u % Math.max(1, (int) ((now - dayStart) / 1000))) * 1000L;
                batch.add(new JsonObject().put("type", "visit").put("uid", "grow-" + u).put("sid", "s").put("ts", ts)
                        .put("scene", scene).put("id", "e-" + u)
                        .put("utm", new JsonObject().put("source", "src-" + u % 40).put("campaign", "c-" + u % CAMPAIGNS)));
                byScene.computeIfAbsent(scene, k -> new long[1])[0]++;
                if (batch.size() == 500) {
                    post(node, batch);
                    batch = new JsonArray();
                }
            }
            // retries of the first batch: every id is found, however many files the ids span now
            JsonArray retry = new JsonArray();
            for (int u = 0; u < 500; u++) {
                retry.add(new JsonObject().put("type", "visit").put("uid", "grow-" + u).put("sid", "s")
                        .put("ts", dayStart + (u % Math.max(1, (int) ((now - dayStart) / 1000))) * 1000L)
                        .put("scene", 1000 + u % SCENES).put("id", "e-" + u));
            }
            HttpResponse<Buffer> again = node.postJson("/v1/apps/shop/beacons", retry.encode());
            assertThat(again.bodyAsJsonObject().getInteger("duplicates")).isEqualTo(500);

            assertExact(node, byScene);
            String metrics = node.get("/metrics").bodyAsString();
            assertThat(gauge(metrics, "scenery_store_user_files")).as("first-seen registry files").isGreaterThanOrEqualTo(5);
            assertThat(gauge(metrics, "scenery_store_bucket_files")).as("bucket map files").isGreaterThanOrEqualTo(2);
            assertThat(gauge(metrics, "scenery_store_users")).isEqualTo(USERS);
            assertThat(gauge(metrics, "scenery_store_event_ids")).isEqualTo(USERS);
        }
        assertThat(dir.resolve("data/users.dat")).exists();
        try (var files = Files.list(dir.resolve("data"))) {
            assertThat(files.filter(p -> p.getFileName().toString().matches("users\\.\\d+\\.\\d+\\.dat")).count()).isGreaterThanOrEqualTo(4);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        try (TestNode node = TestNode.start(vertx, dir, now, YAML)) {
            assertExact(node, byScene);
        }
    }

    private static void post(TestNode node, JsonArray batch) {
        HttpResponse<Buffer> r = node.postJson("/v1/apps/shop/beacons", batch.encode());
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(202);
        assertThat(r.bodyAsJsonObject().getInteger("accepted")).isEqualTo(batch.size());
    }

    private static void assertExact(TestNode node, Map<Integer, long[]> byScene) {
        JsonObject answer = node.getJson("/v1/apps/shop/scenes?range=today&metric=newVisitors&limit=100");
        JsonObject total = answer.getJsonObject("total");
        assertThat(total.getLong("opens")).isEqualTo(USERS);
        assertThat(total.getLong("newVisitors")).isEqualTo(USERS);
        FigureContract.assertVisitors(total.getLong("visitors"), USERS, total.getBoolean("visitorsExact"), "total");
        JsonArray items = answer.getJsonArray("items");
        assertThat(items).hasSize(SCENES);
        for (Object o : items) {
            JsonObject item = (JsonObject) o;
            long want = byScene.get(item.getInteger("code"))[0];
            assertThat(item.getLong("opens")).as("opens of scene " + item.getInteger("code")).isEqualTo(want);
            assertThat(item.getLong("newVisitors")).as("new visitors of scene " + item.getInteger("code")).isEqualTo(want);
        }
        JsonObject campaigns = node.getJson("/v1/apps/shop/sources?range=today&dimension=campaign&metric=newVisitors&limit=100");
        for (Object o : campaigns.getJsonArray("items")) {
            JsonObject item = (JsonObject) o;
            assertThat(item.getLong("newVisitors")).as(item.getString("value")).isEqualTo(USERS / CAMPAIGNS + (Integer.parseInt(item.getString("value").substring(2)) < USERS % CAMPAIGNS ? 1 : 0));
        }
    }

    static long gauge(String metrics, String name) {
        for (String line : metrics.split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                return (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        throw new AssertionError(name + " is not in /metrics");
    }
}
