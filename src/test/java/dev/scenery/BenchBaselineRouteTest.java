package dev.scenery;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The opt-in {@code POST /v1/bench/parse-only} route bench/ compares ingest with. */
@ExtendWith(VertxExtension.class)
class BenchBaselineRouteTest {
    static final long NOW = AcceptanceData.NOW;

    @TempDir
    Path dir;

    private static String visits(int n) {
        JsonArray a = new JsonArray();
        for (int i = 0; i < n; i++) {
            a.add(new JsonObject().put("type", "visit").put("uid", "u" + i).put("sid", "s" + i).put("ts", NOW - 60_000)
                    .put("scene", 1047));
        }
        return a.encode();
    }

    @Test
    void isOffByDefault(Vertx vertx) {
        try (TestNode node = TestNode.start(vertx, dir, NOW)) {
            HttpResponse<Buffer> r = node.postJson("/v1/bench/parse-only", visits(3));
            assertThat(r.statusCode()).isEqualTo(404);
        }
    }

    @Test
    void parsesTheBodyAndStoresNothing(Vertx vertx) {
        String yaml = TestNode.APPS_YAML + "http:\n  benchBaselineRoute: true\n";
        try (TestNode node = TestNode.start(vertx, dir, NOW, yaml)) {
            HttpResponse<Buffer> r = node.postJson("/v1/bench/parse-only", visits(100));
            assertThat(r.statusCode()).isEqualTo(202);
            assertThat(r.bodyAsJsonObject()).isEqualTo(new JsonObject().put("accepted", 100));

            assertThat(node.postJson("/v1/bench/parse-only", "{\"type\":\"visit\"}").statusCode()).isEqualTo(400);
            assertThat(node.postJson("/v1/bench/parse-only", "[{").statusCode()).isEqualTo(400);
            String tooLarge = "[\"" + "x".repeat(1 << 20) + "\"]";
            assertThat(node.postJson("/v1/bench/parse-only", tooLarge).statusCode()).isEqualTo(413);

            // nothing reached the store
            JsonObject today = node.getJson("/v1/apps/shop/scenes?range=today");
            assertThat(today.getJsonObject("total").getLong("opens")).isZero();
        }
    }
}
