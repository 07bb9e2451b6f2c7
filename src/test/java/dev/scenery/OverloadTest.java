package dev.scenery;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An overload burst against a child JVM with a 256 MiB heap: the service sheds with 503 and
 * Retry-After, never fails with a 5xx of its own, and its heap and direct (off-heap) buffers stay
 * under their bounds while the burst lasts.
 */
class OverloadTest {
    /**
     * Three quarters of the child's 256 MiB max heap (-Xmx256m would stop it at 256 anyway): the
     * burst's 80 MiB of bodies, parsed, would pass it if they were all taken in at once (97 MiB measured).
     */
    static final long MAX_HEAP = 192L << 20;
    static final long MAX_INFLIGHT = 32L << 20;

    @TempDir
    Path dir;

    @Test
    void aBurstIsShedAndMemoryStaysBounded() throws Exception {
        // one address stands in for many phones here: no per-IP caps, only the in-flight budget
        String yaml = "apps:\n  - id: shop\n    public: true\nlimits:\n  maxInflightBytes: 33554432\n  requestsPerSecondPerIp: 0\n"
                + "  maxConcurrentUploadsPerIp: 1000\n"
                + "store:\n  initialBuckets: 50000\n  initialUsers: 200000\n  initialEventIdsPerDay: 200000\n";
        ChildNode child = ChildNode.start(dir, yaml);
        long now = System.currentTimeMillis();
        List<String> bodies = new ArrayList<>();
        for (int b = 0; b < 8; b++) {
            JsonArray batch = new JsonArray();
            for (int i = 0; i < 450; i++) {
                batch.add(new JsonObject().put("type", "visit").put("uid", "u" + b + "-" + i).put("sid", "s").put("ts", now - 60_000)
                        .put("scene", 1001 + i % 7).put("path", "p".repeat(1000)));
            }
            bodies.add(batch.encode());
        }
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
        List<CompletableFuture<HttpResponse<String>>> burst = new ArrayList<>();
        for (int i = 0; i < 160; i++) {
            burst.add(http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + child.port + "/v1/apps/shop/beacons"))
                    .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(bodies.get(i % bodies.size()))).build(), HttpResponse.BodyHandlers.ofString()));
        }
        long maxHeap = 0;
        long maxDirect = 0;
        long maxInflight = 0;
        while (!CompletableFuture.allOf(burst.toArray(CompletableFuture[]::new)).isDone()) {
            String metrics = child.get("/metrics").body();
            maxHeap = Math.max(maxHeap, sum(metrics, "jvm_memory_used_bytes\\{area=\"heap\"[^}]*\\} ([0-9.E+]+)"));
            maxDirect = Math.max(maxDirect, sum(metrics, "jvm_buffer_memory_used_bytes\\{id=\"direct\"[^}]*\\} ([0-9.E+]+)"));
            maxInflight = Math.max(maxInflight, sum(metrics, "(?m)^scenery_ingest_inflight_bytes ([0-9.E+]+)"));
            Thread.sleep(50);
        }
        int accepted = 0;
        int shed = 0;
        for (CompletableFuture<HttpResponse<String>> f : burst) {
            HttpResponse<String> r = f.join();
            assertThat(r.statusCode()).as(r.body()).isIn(202, 503);
            if (r.statusCode() == 503) {
                shed++;
                assertThat(r.headers().firstValue("Retry-After")).isPresent();
            } else {
                accepted++;
            }
        }
        assertThat(child.process.isAlive()).isTrue();
        // the bound the service enforces: bodies held at once never pass limits.maxInflightBytes (32 MiB),
        // though the burst sends 160 bodies of 0.5 MiB (80 MiB) at once
        assertThat(maxInflight).as("body bytes held at once during the burst").isPositive().isLessThanOrEqualTo(MAX_INFLIGHT);
        assertThat(maxHeap).as("heap used during the burst").isPositive().isLessThan(MAX_HEAP);
        assertThat(maxDirect).as("direct buffers during the burst").isLessThan(64L << 20);
        assertThat(shed).as("requests shed").isPositive();
        assertThat(accepted).as("requests taken").isPositive();
        assertThat(child.get("/metrics").body()).contains("scenery_ingest_inflight_bytes 0.0");
        child.stop();
    }

    private static long sum(String metrics, String pattern) {
        Matcher m = Pattern.compile(pattern).matcher(metrics);
        double total = 0;
        while (m.find()) {
            total += Double.parseDouble(m.group(1));
        }
        return (long) total;
    }
}
