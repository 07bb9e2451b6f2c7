package dev.scenery;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of bad input gets its 4xx and a JSON message naming what is wrong; nothing gets a 5xx. */
@ExtendWith(VertxExtension.class)
class BadInputTest {
    static final long NOW = AcceptanceData.NOW;

    @TempDir
    Path dir;
    TestNode node;

    @BeforeEach
    void start(Vertx vertx) {
        node = TestNode.start(vertx, dir, NOW);
    }

    @AfterEach
    void stop() {
        node.close();
    }

    private JsonObject error(HttpResponse<Buffer> r, int status, String mentions) {
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(status);
        assertThat(r.getHeader("Content-Type")).startsWith("application/json");
        JsonObject body = r.bodyAsJsonObject();
        assertThat(body.getString("error")).contains(mentions);
        assertThat(body.getInteger("status")).isEqualTo(status);
        return body;
    }

    private HttpResponse<Buffer> post(String uri, String contentType, String encoding, byte[] body) {
        var req = node.client.post(uri);
        if (contentType != null) {
            req.putHeader("Content-Type", contentType);
        }
        if (encoding != null) {
            req.putHeader("Content-Encoding", encoding);
        }
        return req.sendBuffer(Buffer.buffer(body)).await();
    }

    private static String visit(String extra) {
        return "{\"type\":\"visit\",\"uid\":\"u\",\"sid\":\"s\",\"ts\":" + (NOW - 1000) + extra + "}";
    }

    static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(raw);
        }
        return out.toByteArray();
    }

    @Test
    void wholeBodyProblemsAreRefusedWithTheirOwnStatus() throws IOException {
        String uri = "/v1/apps/shop/beacons";
        error(node.postJson(uri, "{\"type\":\"visit\"}"), 400, "JSON array");
        error(node.postJson(uri, "[{\"type\":"), 400, "not valid JSON");
        error(node.postJson(uri, "not json"), 400, "JSON");
        error(node.postJson(uri, "[]"), 400, "empty");
        error(node.postJson(uri, "[" + visit("") + "] []"), 400, "after the JSON array");
        error(node.postJson(uri, ""), 400, "JSON");
        String[] many = new String[501];
        Arrays.fill(many, visit(""));
        error(node.postJson(uri, "[" + String.join(",", many) + "]"), 413, "500");
        byte[] huge = ("[" + visit(",\"path\":\"" + "x".repeat(1_100_000) + "\"") + "]").getBytes();
        error(post(uri, "application/json", null, huge), 413, "bytes");
        byte[] bomb = new byte[50 * 1024 * 1024];
        Arrays.fill(bomb, (byte) ' ');
        bomb[0] = '[';
        error(post(uri, "application/json", "gzip", gzip(bomb)), 413, "decompressed");
        byte[] good = gzip(("[" + visit("") + "]").getBytes());
        error(post(uri, "application/json", "gzip", Arrays.copyOf(good, good.length / 2)), 400, "gzip");
        error(post(uri, "application/json", "gzip", "plain".getBytes()), 400, "gzip");
        error(post(uri, "text/plain", null, ("[" + visit("") + "]").getBytes()), 415, "Content-Type");
        error(post(uri, null, null, ("[" + visit("") + "]").getBytes()), 415, "Content-Type");
        error(post(uri, "application/json", "br", ("[" + visit("") + "]").getBytes()), 415, "Content-Encoding");
        error(node.postJson("/v1/apps/nosuchapp/beacons", "[" + visit("") + "]"), 404, "nosuchapp");
        error(node.client.request(HttpMethod.PUT, "/v1/apps/shop/beacons").send().await(), 405, "PUT");
        error(node.get("/v1/nothing/here"), 404, "/v1/nothing/here");

        // a gzip body within the limits is taken
        HttpResponse<Buffer> ok = post(uri, "application/json", "gzip", good);
        assertThat(ok.statusCode()).isEqualTo(202);
        assertThat(ok.bodyAsJsonObject().getInteger("accepted")).isEqualTo(1);
    }

    @Test
    void eachBadBeaconIsRejectedOnItsOwnWithItsReasonAndTheRestIsKept() {
        String[] bad = {
                "42",
                "[1,2]",
                "{\"uid\":\"u\",\"sid\":\"s\",\"ts\":1}",
                visit(",\"type\":\"bogus\""),
                "{\"type\":\"visit\",\"sid\":\"s\",\"ts\":" + NOW + "}",
                "{\"type\":\"visit\",\"uid\":\"\",\"sid\":\"s\",\"ts\":" + NOW + "}",
                "{\"type\":\"visit\",\"uid\":\"" + "u".repeat(129) + "\",\"sid\":\"s\",\"ts\":" + NOW + "}",
                "{\"type\":\"visit\",\"uid\":\"u\",\"ts\":" + NOW + "}",
                "{\"type\":\"visit\",\"uid\":\"u\",\"sid\":\"s\"}",
                visit(",\"ts\":\"today\""),
                visit(",\"ts\":1.5"),
                visit(",\"ts\":99999999999999999999999"),
                visit(",\"ts\":" + (NOW + 11 * 60_000)),
                visit(",\"ts\":" + (NOW - 31 * 86_400_000L)),
                visit(",\"scene\":\"1047\""),
                visit(",\"scene\":-5"),
                visit(",\"scene\":12345678901"),
                visit(",\"utm\":\"wechat\""),
                visit(",\"utm\":{\"source\":{\"a\":1}}"),
                visit(",\"utm\":{\"source\":\"" + "s".repeat(129) + "\"}"),
                visit(",\"query\":42"),
                visit(",\"id\":\"" + "i".repeat(65) + "\""),
                visit(",\"id\":\"\""),
                visit(",\"uid\":7"),
                visit(",\"path\":\"" + "p".repeat(1025) + "\""),
        };
        String[] reasons = {"object", "object", "type is required", "type must be", "uid is required", "uid must not be empty",
                "uid is longer", "sid is required", "ts is required", "ts must be an integer", "ts must be an integer",
                "ts must be an integer", "future", "late window", "scene must be an integer", "scene must be from",
                "scene must be an integer", "utm must be an object", "utm.source must be a string", "utm.source is longer",
                "query must be", "id is longer", "id must not be empty", "uid must be a string", "path is longer"};
        StringBuilder body = new StringBuilder("[");
        for (int i = 0; i < bad.length; i++) {
            body.append(bad[i]).append(',').append(visit(",\"scene\":1047,\"uid\":\"good" + i + "\"")).append(',');
        }
        body.setLength(body.length() - 1);
        body.append(']');
        HttpResponse<Buffer> r = node.postJson("/v1/apps/shop/beacons", body.toString());
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(202);
        JsonObject answer = r.bodyAsJsonObject();
        assertThat(answer.getInteger("accepted")).isEqualTo(bad.length);
        JsonArray rejected = answer.getJsonArray("rejected");
        assertThat(rejected.size()).isEqualTo(bad.length);
        for (int i = 0; i < bad.length; i++) {
            JsonObject rej = rejected.getJsonObject(i);
            assertThat(rej.getInteger("index")).isEqualTo(2 * i);
            assertThat(rej.getString("error")).as(bad[i]).contains(reasons[i]);
        }
        JsonObject total = node.getJson("/v1/apps/shop/scenes?range=today").getJsonObject("total");
        assertThat(total.getLong("opens")).isEqualTo(bad.length);
    }

    @Test
    void badQueryParametersAreNamed() {
        String base = "/v1/apps/shop/scenes";
        error(node.get(base + "?range=fortnight"), 400, "'range'");
        error(node.get(base + "?metric=clicks"), 400, "'metric'");
        error(node.get(base + "?limit=0"), 400, "'limit'");
        error(node.get(base + "?limit=abc"), 400, "'limit'");
        error(node.get(base + "?limit=101"), 400, "'limit'");
        error(node.get(base + "?range=custom&from=2026-03-01"), 400, "'to'");
        error(node.get(base + "?range=custom&from=2026-13-01&to=2026-03-02"), 400, "'from'");
        error(node.get(base + "?range=custom&from=2026-03-05&to=2026-03-01"), 400, "'to'");
        error(node.get(base + "?range=custom&from=2025-01-01&to=2026-03-10"), 400, "366");
        error(node.get(base + "?range=custom&from=2026-03-01&to=2026-04-01"), 400, "after today");
        error(node.get(base + "?range=7d&from=2026-03-01"), 400, "'from'");
        error(node.get(base + "?rnage=7d"), 400, "'rnage'");
        error(node.get(base + "?range=7d&range=30d"), 400, "'range'");
        error(node.get(base + "?dimension=source"), 400, "'dimension'");
        error(node.get("/v1/apps/shop/sources?dimension=utm_source"), 400, "'dimension'");
        error(node.get("/v1/apps/shop/sources/trend?metric=x"), 400, "'metric'");
        error(node.get("/v1/apps/nosuchapp/scenes"), 404, "nosuchapp");
        assertThat(node.get(base + "?range=custom&from=2025-03-12&to=2026-03-12").statusCode()).isEqualTo(200);
    }

    @Test
    void catalogHealthAndReadinessAnswer() {
        JsonObject catalog = node.getJson("/v1/scenes");
        assertThat(catalog.getJsonArray("scenes").size()).isEqualTo(209);
        JsonObject first = catalog.getJsonArray("scenes").getJsonObject(1);
        assertThat(first.getInteger("code")).isEqualTo(1001);
        assertThat(first.getString("name")).isEqualTo("发现栏小程序主入口");
        assertThat(first.getString("group")).isEqualTo("discovery");
        assertThat(node.getJson("/health").getString("status")).isEqualTo("up");
        assertThat(node.getJson("/ready").getString("status")).isEqualTo("ready");
        assertThat(node.get("/metrics").bodyAsString()).contains("scenery_store_buckets");
    }
}
