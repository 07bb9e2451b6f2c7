package dev.scenery;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Each configured limit is enforced with its own 4xx/503 and a JSON message. */
@ExtendWith(VertxExtension.class)
class LimitsTest {
    static final long NOW = AcceptanceData.NOW;

    @TempDir
    Path dir;

    private static String visits(int n, String prefix, int bytesOfPath) {
        JsonArray a = new JsonArray();
        for (int i = 0; i < n; i++) {
            a.add(new JsonObject().put("type", "visit").put("uid", prefix + i).put("sid", "s").put("ts", NOW - 60_000)
                    .put("scene", 1001).put("query", "utm_source=" + prefix + i + "&utm_medium=cpc")
                    .put("path", "p".repeat(bytesOfPath)));
        }
        return a.encode();
    }

    @Test
    void utmValuesPastTheDailyCapCountAsOther(Vertx vertx) {
        String yaml = "apps:\n  - id: shop\n    public: true\nlimits:\n  maxUtmValuesPerDay: 3\n";
        try (TestNode node = TestNode.start(vertx, dir, NOW, yaml)) {
            assertThat(node.postJson("/v1/apps/shop/beacons", visits(5, "src", 1)).statusCode()).isEqualTo(202);
            assertThat(node.postJson("/v1/apps/shop/beacons", visits(2, "late", 1)).statusCode()).isEqualTo(202);
            JsonArray items = node.getJson("/v1/apps/shop/sources?range=today&metric=opens").getJsonArray("items");
            Map<String, Long> opens = items.stream().map(o -> (JsonObject) o)
                    .collect(Collectors.toMap(o -> o.getString("value"), o -> o.getLong("opens")));
            assertThat(opens).isEqualTo(Map.of("src0", 1L, "src1", 1L, "src2", 1L, "(other)", 4L));
            assertThat(node.getJson("/v1/apps/shop/sources?range=today&dimension=medium").getJsonArray("items")
                    .getJsonObject(0).getLong("opens")).isEqualTo(7);
        }
    }

    @Test
    void longQueryStringsAndFastClientsAreRefused(Vertx vertx) {
        String yaml = "apps:\n  - id: shop\n    public: true\nlimits:\n  maxQueryChars: 100\n  requestsPerSecondPerIp: 20\n";
        try (TestNode node = TestNode.start(vertx, dir, NOW, yaml)) {
            HttpResponse<Buffer> longQuery = node.get("/v1/apps/shop/scenes?range=7d&x=" + "a".repeat(200));
            assertThat(longQuery.statusCode()).isEqualTo(414);
            assertThat(longQuery.bodyAsJsonObject().getString("error")).contains("query string");
            int limited = 0;
            for (int i = 0; i < 60; i++) {
                HttpResponse<Buffer> r = node.get("/health");
                if (r.statusCode() == 429) {
                    limited++;
                    assertThat(r.getHeader("Retry-After")).isEqualTo("1");
                    assertThat(r.bodyAsJsonObject().getString("error")).contains("too many requests");
                } else {
                    assertThat(r.statusCode()).isEqualTo(200);
                }
            }
            assertThat(limited).isPositive();
        }
    }

    @Test
    void anOverloadBurstIsShedWith503AndNothingAcknowledgedIsLost(Vertx vertx) {
        String yaml = "apps:\n  - id: shop\n    public: true\nlimits:\n  maxInflightBytes: 4194304\n  requestsPerSecondPerIp: 0\n";
        try (TestNode node = TestNode.start(vertx, dir, NOW, yaml)) {
            List<Future<HttpResponse<Buffer>>> burst = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                burst.add(node.client.post("/v1/apps/shop/beacons").putHeader("Content-Type", "application/json")
                        .sendBuffer(Buffer.buffer(visits(450, "b" + i + "-", 1000))));
            }
            int accepted = 0;
            int shed = 0;
            for (Future<HttpResponse<Buffer>> f : burst) {
                HttpResponse<Buffer> r = f.await();
                if (r.statusCode() == 503) {
                    shed++;
                    assertThat(r.getHeader("Retry-After")).isNotBlank();
                } else {
                    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(202);
                    accepted += r.bodyAsJsonObject().getInteger("accepted");
                }
            }
            assertThat(shed).as("requests shed").isPositive();
            assertThat(node.get("/metrics").bodyAsString()).contains("scenery_ingest_inflight_bytes 0.0");
            JsonObject total = node.getJson("/v1/apps/shop/scenes?range=today").getJsonObject("total");
            assertThat(total.getLong("opens")).isEqualTo(accepted);
        }
    }
}
