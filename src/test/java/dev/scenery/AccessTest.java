package dev.scenery;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Query routes need the app's read token unless the app is public; ingest stays open to declared apps. */
@ExtendWith(VertxExtension.class)
class AccessTest {
    static final String SHOP_TOKEN = "shop-token-0123456789";
    static final String CAFE_TOKEN = "cafe-token-0123456789";
    static final String YAML = """
            http:
              corsOrigins: [ "https://dash.example.com" ]
            apps:
              - id: shop
                readTokens: [ "%s" ]
              - id: cafe
                readTokens: [ "%s" ]
              - id: demo
                public: true
              - id: wxonly
                public: true
                wechatAppId: wx0123456789abcdef
            """.formatted(SHOP_TOKEN, CAFE_TOKEN);

    @TempDir
    Path dir;

    private static HttpResponse<Buffer> get(TestNode node, String uri, String auth) {
        var req = node.client.get(uri);
        if (auth != null) {
            req.putHeader("Authorization", auth);
        }
        return req.send().await();
    }

    @Test
    void tokensOpenTheirOwnAppOnly(Vertx vertx) {
        try (TestNode node = TestNode.start(vertx, dir, AcceptanceData.NOW, YAML)) {
            String uri = "/v1/apps/shop/scenes?range=7d";
            HttpResponse<Buffer> none = get(node, uri, null);
            assertThat(none.statusCode()).isEqualTo(401);
            assertThat(none.getHeader("WWW-Authenticate")).startsWith("Bearer");
            assertThat(none.bodyAsJsonObject().getString("error")).contains("read token");
            assertThat(get(node, uri, "Bearer wrong-token-0123456789").statusCode()).isEqualTo(401);
            assertThat(get(node, uri, "Basic " + SHOP_TOKEN).statusCode()).isEqualTo(401);
            HttpResponse<Buffer> other = get(node, uri, "Bearer " + CAFE_TOKEN);
            assertThat(other.statusCode()).isEqualTo(403);
            assertThat(other.bodyAsJsonObject().getString("error")).contains("shop").doesNotContain(CAFE_TOKEN);
            assertThat(get(node, uri, "Bearer " + SHOP_TOKEN).statusCode()).isEqualTo(200);
            assertThat(get(node, "/v1/apps/shop/sources/trend?range=today", "bearer " + SHOP_TOKEN).statusCode()).isEqualTo(200);
            assertThat(get(node, "/v1/apps/cafe/scenes/trend", "Bearer " + SHOP_TOKEN).statusCode()).isEqualTo(403);
            assertThat(get(node, "/v1/apps/demo/scenes", null).statusCode()).isEqualTo(200);

            // ingest needs no token
            HttpResponse<Buffer> ingest = node.postJson("/v1/apps/shop/beacons",
                    "[{\"type\":\"visit\",\"uid\":\"u\",\"sid\":\"s\",\"ts\":" + (AcceptanceData.NOW - 1000) + "}]");
            assertThat(ingest.statusCode()).isEqualTo(202);

            // CORS for the configured dashboard origin only
            HttpResponse<Buffer> cors = node.client.get("/v1/apps/demo/scenes").putHeader("Origin", "https://dash.example.com").send().await();
            assertThat(cors.getHeader("Access-Control-Allow-Origin")).isEqualTo("https://dash.example.com");
            HttpResponse<Buffer> foreign = node.client.get("/v1/apps/demo/scenes").putHeader("Origin", "https://evil.example.com").send().await();
            assertThat(foreign.getHeader("Access-Control-Allow-Origin")).isNull();
        }
    }

    private static java.util.List<String> listedApps(TestNode node, String auth) {
        HttpResponse<Buffer> r = get(node, "/v1/apps", auth);
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
        return r.bodyAsJsonObject().getJsonArray("apps").stream().map(o -> ((io.vertx.core.json.JsonObject) o).getString("id")).toList();
    }

    @Test
    void theAppListShowsOnlyTheAppsTheCallerMayRead(Vertx vertx) {
        try (TestNode node = TestNode.start(vertx, dir, AcceptanceData.NOW, YAML)) {
            assertThat(listedApps(node, null)).containsExactly("demo", "wxonly");
            assertThat(listedApps(node, "Bearer wrong-token-0123456789")).containsExactly("demo", "wxonly");
            assertThat(listedApps(node, "Bearer " + SHOP_TOKEN)).containsExactly("shop", "demo", "wxonly");
            assertThat(listedApps(node, "bearer " + CAFE_TOKEN)).containsExactly("cafe", "demo", "wxonly");
        }
    }

    @Test
    void metricsNeedTheMetricsTokenOnlyWhenOneIsSet(Vertx vertx) {
        String metricsToken = "metrics-token-0123456789";
        try (TestNode node = TestNode.start(vertx, dir, AcceptanceData.NOW, YAML.replace("http:\n", "http:\n  metricsToken: " + metricsToken + "\n"))) {
            HttpResponse<Buffer> none = get(node, "/metrics", null);
            assertThat(none.statusCode()).isEqualTo(401);
            assertThat(none.getHeader("WWW-Authenticate")).startsWith("Bearer");
            assertThat(none.bodyAsJsonObject().getInteger("status")).isEqualTo(401);
            assertThat(none.bodyAsJsonObject().getString("error")).contains("metrics token");
            assertThat(get(node, "/metrics", "Bearer " + SHOP_TOKEN).statusCode()).as("a read token is not the metrics token").isEqualTo(401);
            assertThat(get(node, "/metrics", "Bearer " + metricsToken.substring(1)).statusCode()).isEqualTo(401);
            HttpResponse<Buffer> ok = get(node, "/metrics", "Bearer " + metricsToken);
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.bodyAsString()).contains("scenery_ingest_inflight_bytes");
            assertThat(get(node, "/health", null).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void metricsArePublicWithoutAMetricsToken(Vertx vertx) {
        try (TestNode node = TestNode.start(vertx, dir, AcceptanceData.NOW, YAML)) {
            assertThat(get(node, "/metrics", null).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void anAppWithAWechatAppIdTakesBeaconsOnlyWithItsReferer(Vertx vertx) {
        try (TestNode node = TestNode.start(vertx, dir, AcceptanceData.NOW, YAML)) {
            String body = "[{\"type\":\"visit\",\"uid\":\"u\",\"sid\":\"s\",\"ts\":" + (AcceptanceData.NOW - 1000) + "}]";
            HttpResponse<Buffer> none = node.postJson("/v1/apps/wxonly/beacons", body);
            assertThat(none.statusCode()).isEqualTo(403);
            assertThat(none.bodyAsJsonObject().getString("error")).contains("servicewechat.com/wx0123456789abcdef");
            HttpResponse<Buffer> other = node.client.post("/v1/apps/wxonly/beacons").putHeader("Content-Type", "application/json")
                    .putHeader("Referer", "https://servicewechat.com/wxfffffffffffffff0/3/page-frame.html")
                    .sendBuffer(Buffer.buffer(body)).await();
            assertThat(other.statusCode()).isEqualTo(403);
            HttpResponse<Buffer> ok = node.client.post("/v1/apps/wxonly/beacons").putHeader("Content-Type", "application/json")
                    .putHeader("Referer", "https://servicewechat.com/wx0123456789abcdef/12/page-frame.html")
                    .sendBuffer(Buffer.buffer(body)).await();
            assertThat(ok.statusCode()).isEqualTo(202);
        }
    }
}
