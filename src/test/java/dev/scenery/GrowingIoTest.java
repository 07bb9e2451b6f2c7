package dev.scenery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scenery.beacon.LzStringEncoder;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Posts request bodies in the GrowingIO SDK's own wire formats (CDP/4.x plain and LZString
 * compressed, SaaS 3.8) byte for byte, and checks the acquisition figures through the query routes.
 */
@ExtendWith(VertxExtension.class)
class GrowingIoTest {
    static final long NOW = AcceptanceData.NOW; // 23:20 in Shanghai
    static final String YAML = """
            apps:
              - id: shop
                timeZone: Asia/Shanghai
                public: true
              - id: cafe
                timeZone: Asia/Shanghai
                public: true
            growingio:
              adSource: tencent_ads
              projects:
                - account: acc-1
                  app: shop
                - account: acc-1
                  domain: wxcafe
                  app: cafe
                - account: proj-9
                  app: cafe
            """;

    @TempDir
    Path dir;

    static String cdp(String type, String device, String session, long ts, int seq, String domain, String channel, String query) {
        return "{\"eventType\":\"" + type + "\",\"deviceId\":\"" + device + "\",\"userId\":null,\"sessionId\":\"" + session
                + "\",\"timestamp\":" + ts + ",\"eventSequenceId\":" + seq + ",\"globalSequenceId\":" + seq
                + ",\"domain\":\"" + domain + "\",\"dataSourceId\":\"ds-1\",\"platform\":\"MinP\",\"sdkVersion\":\"4.1.0\""
                + (channel == null ? "" : ",\"appChannel\":\"" + channel + "\"")
                + ",\"path\":\"pages/index/index\""
                + (query == null ? "" : ",\"query\":\"" + query + "\"")
                + ",\"attributes\":{\"tab\":[1,{\"x\":2}]},\"referralPage\":null}";
    }

    static String saas(String t, String u, String s, long tm, int esid, String ch, String q) {
        return "{\"t\":\"" + t + "\",\"u\":\"" + u + "\",\"s\":\"" + s + "\",\"tm\":" + tm + ",\"esid\":" + esid
                + ",\"ch\":\"" + ch + "\",\"p\":\"pages/a/a\"" + (q == null ? "" : ",\"q\":\"" + q + "\"")
                + ",\"d\":\"wxcafe\",\"av\":\"3.8.14\",\"b\":\"MinP\",\"cs1\":\"login-7\"}";
    }

    private HttpResponse<Buffer> post(TestNode node, String uri, String body, boolean codecHeader) {
        var req = node.client.post(uri).putHeader("Content-Type", "text/plain;charset=UTF-8");
        if (codecHeader) {
            req.putHeader("X-Compress-Codec", "1");
        }
        return req.sendBuffer(Buffer.buffer(body.getBytes(StandardCharsets.UTF_8))).await();
    }

    private static Map<Integer, Long> sceneOpens(TestNode node, String app) {
        JsonArray items = node.getJson("/v1/apps/" + app + "/scenes?range=today").getJsonArray("items");
        return items.stream().map(o -> (JsonObject) o).collect(Collectors.toMap(o -> o.getInteger("code"), o -> o.getLong("opens")));
    }

    private static Map<String, Long> sourceVisitors(TestNode node, String app, String dim) {
        JsonArray items = node.getJson("/v1/apps/" + app + "/sources?range=today&dimension=" + dim).getJsonArray("items");
        return items.stream().map(o -> (JsonObject) o).collect(Collectors.toMap(o -> o.getString("value"), o -> o.getLong("visitors")));
    }

    @Test
    void cdpAndSaasBatchesCountLikeNativeVisitsAndRetriesDoNotInflate(Vertx vertx) {
        try (TestNode node = TestNode.start(vertx, dir, NOW, YAML)) {
            long t = NOW - 2 * 3_600_000L;
            String batch = "[" + String.join(",",
                    cdp("VISIT", "d1", "s1", t, 1, "wxshop", "scn:1047", "utm_source=%E5%BE%AE%E4%BF%A1&utm_medium=cpc"),
                    cdp("PAGE", "d1", "s1", t + 100, 1, "wxshop", "scn:1047", null),
                    cdp("VISIT", "d2", "s2", t + 200, 1, "wxshop", "scn:NA", null),
                    cdp("VISIT", "d3", "s3", t + 300, 1, "wxshop", "scn:1089", "gdt_vid=wx0abc&weixinadinfo=1234.5678"),
                    cdp("APP_CLOSED", "d1", "s1", t + 400, 1, "wxshop", "scn:1047", null),
                    cdp("VISIT", "d4", "s4", t + 500, 1, "wxcafe", "scn:1001", "utm_source=kol&utm_campaign=%E5%8F%8C%E5%8D%81%E4%B8%80"),
                    "{\"eventType\":\"VISIT\",\"sessionId\":\"x\",\"timestamp\":" + t + "}",
                    "[]") + "]";
            HttpResponse<Buffer> first = post(node, "/v3/projects/acc-1/collect?stm=" + NOW + "&compress=0", batch, false);
            assertThat(first.statusCode()).as(first.bodyAsString()).isEqualTo(200);
            assertThat(first.bodyAsJsonObject().getInteger("accepted")).isEqualTo(6);
            assertThat(first.bodyAsJsonObject().getInteger("rejected")).isEqualTo(2);
            assertThat(first.getHeader("Access-Control-Allow-Origin")).isEqualTo("*");

            // the SDK retries a batch that did not get its 200: nothing counts twice
            HttpResponse<Buffer> retry = post(node, "/v3/projects/acc-1/collect?stm=" + (NOW + 5000) + "&compress=0", batch, false);
            assertThat(retry.statusCode()).isEqualTo(200);
            assertThat(retry.bodyAsJsonObject().getInteger("duplicates")).isEqualTo(6);

            // the same SDK line with compression on, and a new session of d2 from a share card
            String compressed = "[" + cdp("VISIT", "d2", "s9", t + 900, 2, "wxshop", "scn:1007", "utm_source=%E5%BE%AE%E4%BF%A1") + "]";
            HttpResponse<Buffer> packed = post(node, "/v3/projects/acc-1/collect?stm=" + NOW + "&compress=1",
                    LzStringEncoder.compressToUTF16(compressed), true);
            assertThat(packed.statusCode()).as(packed.bodyAsString()).isEqualTo(200);
            assertThat(packed.bodyAsJsonObject().getInteger("accepted")).isEqualTo(1);

            // SaaS 3.8 short keys, mapped by project
            String saasBatch = "[" + saas("vst", "c1", "cs1", t, 1, "scn:1011", "utm_source=poster&utm_medium=offline") + ","
                    + saas("page", "c1", "cs1", t + 10, 2, "scn:1011", null) + ","
                    + saas("vst", "c2", "cs2", t + 20, 1, "scn:NA", null) + "]";
            HttpResponse<Buffer> s = post(node, "/projects/proj-9/apps/wxcafe/collect?stm=" + NOW, saasBatch, false);
            assertThat(s.statusCode()).as(s.bodyAsString()).isEqualTo(200);
            assertThat(s.bodyAsJsonObject().getInteger("accepted")).isEqualTo(3);
            assertThat(post(node, "/projects/proj-9/apps/wxcafe/collect?stm=" + NOW, saasBatch, false)
                    .bodyAsJsonObject().getInteger("duplicates")).isEqualTo(3);

            assertThat(sceneOpens(node, "shop")).isEqualTo(Map.of(1047, 1L, 0, 1L, 1089, 1L, 1007, 1L));
            assertThat(sourceVisitors(node, "shop", "source")).isEqualTo(Map.of("微信", 2L, "tencent_ads", 1L));
            assertThat(sourceVisitors(node, "shop", "medium")).isEqualTo(Map.of("cpc", 1L));
            JsonObject shopTotal = node.getJson("/v1/apps/shop/scenes?range=today").getJsonObject("total");
            assertThat(shopTotal.getLong("opens")).isEqualTo(4);
            assertThat(shopTotal.getLong("visitors")).isEqualTo(3);
            assertThat(shopTotal.getLong("newVisitors")).isEqualTo(3);

            assertThat(sceneOpens(node, "cafe")).isEqualTo(Map.of(1001, 1L, 1011, 1L, 0, 1L));
            assertThat(sourceVisitors(node, "cafe", "source")).isEqualTo(Map.of("kol", 1L, "poster", 1L));
            assertThat(sourceVisitors(node, "cafe", "campaign")).isEqualTo(Map.of("双十一", 1L));
            assertThat(sourceVisitors(node, "cafe", "medium")).isEqualTo(Map.of("offline", 1L));
        }
    }

    @Test
    void unknownProjectsAndUnreadableBodiesAreRefused(Vertx vertx) {
        try (TestNode node = TestNode.start(vertx, dir, NOW, YAML)) {
            HttpResponse<Buffer> unknown = post(node, "/v3/projects/nobody/collect?stm=1", "[]", false);
            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(unknown.bodyAsJsonObject().getString("error")).contains("nobody");
            assertThat(post(node, "/v3/projects/acc-1/collect", "{oops", false).statusCode()).isEqualTo(400);
            assertThat(post(node, "/v3/projects/acc-1/collect?compress=1", "\u0001\u0002garbage", true).statusCode()).isEqualTo(400);
            assertThat(node.client.request(io.vertx.core.http.HttpMethod.OPTIONS, "/v3/projects/acc-1/collect").send().await()
                    .getHeader("Access-Control-Allow-Origin")).isEqualTo("*");
        }
    }

    @Test
    void anAppWithAWechatAppIdTakesGrowingIoEventsOnlyWithItsReferer(Vertx vertx) {
        String yaml = "apps:\n  - id: shop\n    public: true\n    wechatAppId: wxshop\n  - id: cafe\n    public: true\n"
                + "growingio:\n  projects:\n    - account: acc-1\n      app: shop\n    - account: acc-1\n      domain: wxcafe\n      app: cafe\n";
        try (TestNode node = TestNode.start(vertx, dir, NOW, yaml)) {
            long t = NOW - 60_000;
            String cdp = "[" + cdp("VISIT", "d1", "s1", t, 1, "wxshop", "scn:1047", null) + "]";
            String saas = "[" + saas("vst", "c1", "cs1", t, 1, "scn:1011", null).replace("wxcafe", "wxshop") + "]";
            for (String[] route : new String[][]{{"/v3/projects/acc-1/collect?stm=" + NOW, cdp}, {"/projects/acc-1/apps/wxshop/collect?stm=" + NOW, saas}}) {
                HttpResponse<Buffer> none = post(node, route[0], route[1], false);
                assertThat(none.statusCode()).as(none.bodyAsString()).isEqualTo(403);
                assertThat(none.bodyAsJsonObject().getInteger("status")).isEqualTo(403);
                assertThat(none.bodyAsJsonObject().getString("error")).contains("shop").contains("https://servicewechat.com/wxshop/");
                HttpResponse<Buffer> other = node.client.post(route[0]).putHeader("Content-Type", "text/plain;charset=UTF-8")
                        .putHeader("Referer", "https://servicewechat.com/wxelse/3/page-frame.html").sendBuffer(Buffer.buffer(route[1])).await();
                assertThat(other.statusCode()).isEqualTo(403);
                HttpResponse<Buffer> ok = node.client.post(route[0]).putHeader("Content-Type", "text/plain;charset=UTF-8")
                        .putHeader("Referer", "https://servicewechat.com/wxshop/12/page-frame.html").sendBuffer(Buffer.buffer(route[1])).await();
                assertThat(ok.statusCode()).as(ok.bodyAsString()).isEqualTo(200);
                assertThat(ok.bodyAsJsonObject().getInteger("accepted")).isEqualTo(1);
            }
            assertThat(node.getJson("/v1/apps/shop/scenes?range=today").getJsonObject("total").getLong("opens"))
                    .as("only the batches with the Referer count").isEqualTo(2);
            // an app without wechatAppId takes events with any Referer or none
            String cafe = "[" + cdp("VISIT", "d2", "s2", t, 1, "wxcafe", "scn:1001", null) + "]";
            assertThat(post(node, "/v3/projects/acc-1/collect?stm=" + NOW, cafe, false).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aBatchCompressedByTheJavaScriptLzStringLibraryIsCounted(Vertx vertx) throws IOException {
        String compressed = resource("/growingio/cdp-batch.lz16.txt");
        String yaml = "apps:\n  - id: mini\n    timeZone: Asia/Shanghai\n    public: true\ngrowingio:\n  projects:\n    - account: acc-js\n      domain: wx0123456789abcdef\n      app: mini\n";
        try (TestNode node = TestNode.start(vertx, dir, 1_717_000_000_000L + 3_600_000L, yaml)) {
            HttpResponse<Buffer> r = post(node, "/v3/projects/acc-js/collect?stm=1717000000000&compress=1", compressed, true);
            assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
            JsonArray events = new JsonArray(resource("/growingio/cdp-batch.json"));
            assertThat(r.bodyAsJsonObject().getInteger("accepted")).isEqualTo(events.size());
            JsonObject scenes = node.getJson("/v1/apps/mini/scenes?range=today");
            assertThat(scenes.getJsonObject("total").getLong("opens")).isEqualTo(
                    events.stream().filter(e -> "VISIT".equals(((JsonObject) e).getString("eventType"))).count());
            assertThat(sourceVisitors(node, "mini", "source")).containsEntry("微信", 1L);
        }
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = GrowingIoTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        }
    }
}
