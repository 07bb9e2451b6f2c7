package dev.scenery;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sends 10,000 mutated requests to every route: random bytes, truncated gzip, invalid UTF-8, wrong
 * types, huge numbers, NaN, nested arrays, duplicate keys, SQL and script fragments. No answer may
 * be a 5xx, the node must keep answering, and no figure may change except by the valid beacons.
 */
@ExtendWith(VertxExtension.class)
class FuzzTest {
    static final long NOW = AcceptanceData.NOW;
    static final String[] FRAGMENTS = {"'; DROP TABLE scenery_rollup; --", "<script>alert(1)</script>", "NaN", "Infinity",
            "-1e309", "1e309", "99999999999999999999999999", "\"\\u0000\"", "[[[[[[[[[[]]]]]]]]]]", "{\"a\":{\"a\":{\"a\":1}}}",
            "null", "true", "\"\uD800\"", "\"%00%ff\"", "\"../../etc/passwd\"", "-0", "0x10", "\"" + "x".repeat(300) + "\""};
    static final String[] FIELDS = {"type", "uid", "sid", "ts", "scene", "query", "utm", "id", "path"};

    @TempDir
    Path dir;

    @Test
    void tenThousandMutatedRequestsGetNoServerErrorAndChangeNoFigure(Vertx vertx) throws IOException {
        Random rnd = new Random(99);
        try (TestNode node = TestNode.start(vertx, dir, NOW)) {
            String valid = "[{\"type\":\"visit\",\"uid\":\"fuzz-ok\",\"sid\":\"s\",\"ts\":" + (NOW - 60_000)
                    + ",\"scene\":1047,\"query\":\"utm_source=good\",\"id\":\"fuzz-valid\"}]";
            assertThat(node.postJson("/v1/apps/shop/beacons", valid).statusCode()).isEqualTo(202);
            String before = figures(node);
            // the mutations start from a beacon with a bad type: no byte flip or inserted fragment makes it valid
            String base = valid.replace("\"visit\"", "\"vist\"");

            List<Future<HttpResponse<Buffer>>> inFlight = new ArrayList<>();
            int[] statuses = new int[600];
            for (int i = 0; i < 10_000; i++) {
                inFlight.add(mutated(node, rnd, base));
                if (inFlight.size() == 50) {
                    drain(inFlight, statuses);
                }
            }
            drain(inFlight, statuses);
            for (int s = 500; s < 600; s++) {
                assertThat(statuses[s]).as("answers with status " + s).isZero();
            }
            // every kind of refusal the mutations aim at was answered, not only some catch-all
            assertThat(statuses[400]).as("400 answers (bad JSON, bad parameters)").isPositive();
            assertThat(statuses[404]).as("404 answers (unknown app or route)").isPositive();
            assertThat(statuses[415]).as("415 answers (wrong content type)").isPositive();

            assertThat(node.get("/health").statusCode()).isEqualTo(200);
            assertThat(figures(node)).as("no stored figure changed").isEqualTo(before);
        }
    }

    private static void drain(List<Future<HttpResponse<Buffer>>> inFlight, int[] statuses) {
        for (Future<HttpResponse<Buffer>> f : inFlight) {
            HttpResponse<Buffer> r = f.await();
            statuses[r.statusCode()]++;
            String body = r.bodyAsString();
            if (r.statusCode() < 300 && body != null && body.startsWith("{") && body.contains("\"accepted\"")) {
                // an ingest answer (202 native, 200 GrowingIO) to a batch whose every beacon breaks a rule: nothing taken
                assertThat(r.bodyAsJsonObject().getInteger("accepted")).as("beacons accepted of a fuzzed batch: " + body).isZero();
            }
            if (r.statusCode() >= 400) {
                String type = r.getHeader("Content-Type");
                assertThat(type).as("error answers are JSON").startsWith("application/json");
                assertThat(r.bodyAsJsonObject().getString("error")).isNotBlank();
            }
        }
        inFlight.clear();
    }

    /** Every figure the fuzzed app and the catalog expose, as one string. */
    private static String figures(TestNode node) {
        StringBuilder all = new StringBuilder();
        for (String range : new String[]{"today", "7d", "30d"}) {
            all.append(node.getJson("/v1/apps/shop/scenes?range=" + range).getJsonArray("items").encode());
            all.append(node.getJson("/v1/apps/shop/scenes?range=" + range).getJsonObject("total").encode());
            for (String dim : AcceptanceTest.DIMENSIONS) {
                all.append(node.getJson("/v1/apps/shop/sources?range=" + range + "&dimension=" + dim).getJsonArray("items").encode());
            }
        }
        return all.toString();
    }

    private Future<HttpResponse<Buffer>> mutated(TestNode node, Random rnd, String valid) throws IOException {
        int kind = rnd.nextInt(10);
        byte[] body;
        String uri = "/v1/apps/shop/beacons";
        HttpMethod method = HttpMethod.POST;
        String encoding = null;
        String contentType = "application/json";
        switch (kind) {
            case 0 -> {
                body = new byte[rnd.nextInt(2000)];
                rnd.nextBytes(body);
            }
            case 1 -> {
                byte[] gz = BadInputTest.gzip(valid.getBytes(StandardCharsets.UTF_8));
                body = Arrays.copyOf(gz, rnd.nextInt(gz.length));
                encoding = "gzip";
            }
            case 2 -> {
                body = valid.getBytes(StandardCharsets.UTF_8);
                for (int k = 0; k < 1 + rnd.nextInt(4); k++) {
                    body[rnd.nextInt(body.length)] = (byte) (0x80 + rnd.nextInt(0x7f));
                }
            }
            case 3, 4, 5 -> body = invalidBeacon(rnd).getBytes(StandardCharsets.UTF_8);
            case 6 -> {
                String v = valid;
                int cut = rnd.nextInt(v.length());
                body = (v.substring(0, cut) + FRAGMENTS[rnd.nextInt(FRAGMENTS.length)] + v.substring(cut)).getBytes(StandardCharsets.UTF_8);
            }
            case 7 -> {
                method = HttpMethod.GET;
                String[] routes = {"/v1/apps/shop/scenes", "/v1/apps/shop/scenes/trend", "/v1/apps/shop/sources", "/v1/apps/shop/sources/trend",
                        "/v1/scenes", "/health", "/ready", "/v1/apps/%27%3B--/scenes", "/v1/apps/shop/scenes/%00"};
                String[] params = {"range", "from", "to", "metric", "limit", "dimension", "x"};
                StringBuilder q = new StringBuilder(routes[rnd.nextInt(routes.length)]).append('?');
                for (int k = 0; k < rnd.nextInt(4); k++) {
                    q.append(params[rnd.nextInt(params.length)]).append('=')
                            .append(java.net.URLEncoder.encode(FRAGMENTS[rnd.nextInt(FRAGMENTS.length)], StandardCharsets.UTF_8)).append('&');
                }
                uri = q.toString();
                body = null;
            }
            case 8 -> {
                String[] uris = {"/v3/projects/demo-account/collect?compress=" + rnd.nextInt(2), "/projects/demo-account/apps/wx1/collect",
                        "/v3/projects/nobody/collect"};
                uri = uris[rnd.nextInt(uris.length)];
                body = (rnd.nextBoolean() ? invalidGrowingIo(rnd) : new String(randomChars(rnd))).getBytes(StandardCharsets.UTF_8);
            }
            default -> {
                contentType = rnd.nextBoolean() ? "text/html" : "application/json; charset=latin1";
                body = invalidBeacon(rnd).getBytes(StandardCharsets.UTF_8);
            }
        }
        HttpRequest<Buffer> req = node.client.request(method, uri);
        if (body == null) {
            return req.send();
        }
        req.putHeader("Content-Type", contentType);
        if (encoding != null) {
            req.putHeader("Content-Encoding", encoding);
        }
        return req.sendBuffer(Buffer.buffer(body));
    }

    private static char[] randomChars(Random rnd) {
        char[] c = new char[rnd.nextInt(300)];
        for (int i = 0; i < c.length; i++) {
            c[i] = (char) rnd.nextInt(0xFFFF);
        }
        return c;
    }

    /** A batch whose every beacon breaks a rule, so no figure may move. */
    private static String invalidBeacon(Random rnd) {
        StringBuilder b = new StringBuilder("[");
        int n = 1 + rnd.nextInt(5);
        for (int i = 0; i < n; i++) {
            JsonObject o = new JsonObject().put("type", "visit").put("uid", "fuzz-" + rnd.nextInt(100)).put("sid", "s")
                    .put("ts", NOW - 1000).put("scene", 1001);
            String field = FIELDS[rnd.nextInt(FIELDS.length)];
            String fragment = FRAGMENTS[rnd.nextInt(FRAGMENTS.length)];
            String json = o.encode();
            // break it for sure: an invalid type plus one mutated field, sometimes a duplicate key
            json = json.replace("\"type\":\"visit\"", "\"type\":\"visit\",\"type\":" + (rnd.nextBoolean() ? "\"v1s1t\"" : "7"));
            json = json.substring(0, json.length() - 1) + ",\"" + field + "\":" + (fragment.startsWith("\"") || fragment.startsWith("[")
                    || fragment.startsWith("{") || fragment.matches("-?[0-9.e]+|null|true") ? fragment : "\"" + fragment + "\"") + "}";
            b.append(i == 0 ? "" : ",").append(json);
        }
        return b.append(']').toString();
    }

    private static String invalidGrowingIo(Random rnd) {
        return "[{\"eventType\":\"VISIT\",\"sessionId\":\"s\",\"timestamp\":" + FRAGMENTS[rnd.nextInt(FRAGMENTS.length)]
                + ",\"appChannel\":\"scn:" + FRAGMENTS[rnd.nextInt(FRAGMENTS.length)].replace("\"", "") + "\"}]";
    }
}
