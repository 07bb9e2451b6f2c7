package dev.scenery;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * With {@code http.instances: 2} the requests are served on two event loops sharing one random
 * port, and the per-IP rate limit is one budget for the address, not one per loop.
 */
@ExtendWith(VertxExtension.class)
class HttpInstancesTest {
    static final long NOW = AcceptanceData.NOW;
    static final Pattern LOOP = Pattern.compile("^scenery_http_requests_total\\{loop=\"([^\"]+)\"\\} ([0-9.E]+)$", Pattern.MULTILINE);

    @TempDir
    Path dir;

    /** Requests each event loop took, from /metrics. */
    static Map<String, Double> loops(TestNode node) {
        Matcher m = LOOP.matcher(node.get("/metrics").bodyAsString());
        Map<String, Double> byLoop = new TreeMap<>();
        while (m.find()) {
            byLoop.put(m.group(1), Double.parseDouble(m.group(2)));
        }
        return byLoop;
    }

    @Test
    void twoInstancesServeOnTwoEventLoopsAndShareOneRateLimitPerAddress(Vertx vertx) throws Exception {
        int rate = 50;
        String yaml = "http:\n  instances: 2\napps:\n  - id: shop\n    public: true\nlimits:\n  requestsPerSecondPerIp: " + rate + "\n";
        try (TestNode node = TestNode.start(vertx, dir, NOW, yaml)) {
            // a connection per request: Vert.x hands connections to the instances in turn
            WebClient fresh = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
                    .setDefaultPort(node.scenery.port()).setKeepAlive(false));
            int sent = 300;
            long start = System.nanoTime();
            List<Future<HttpResponse<Buffer>>> answers = new ArrayList<>();
            for (int i = 0; i < sent; i++) {
                answers.add(fresh.get("/health").send());
            }
            Future.all(answers).await();
            double seconds = (System.nanoTime() - start) / 1e9;
            long ok = answers.stream().filter(f -> f.result().statusCode() == 200).count();
            long limited = answers.stream().filter(f -> f.result().statusCode() == 429).count();
            fresh.close();
            assertThat(ok + limited).isEqualTo(sent);
            // one bucket for 127.0.0.1: the burst plus what refilled meanwhile; a bucket per loop would allow twice the burst
            assertThat(ok).as("answered 200 within %.2f s", seconds).isBetween((long) rate, (long) (rate + rate * seconds) + 2);

            Thread.sleep(1200); // the bucket refills before /metrics is read
            Map<String, Double> byLoop = loops(node);
            assertThat(byLoop).as("requests by event loop").hasSize(2);
            assertThat(byLoop.values()).allSatisfy(n -> assertThat(n).isPositive());
            assertThat(byLoop.values().stream().mapToDouble(Double::doubleValue).sum()).isGreaterThanOrEqualTo(sent);
        }
    }

    @Test
    void oneInstanceServesOnOneEventLoop(Vertx vertx) {
        String yaml = "http:\n  instances: 1\napps:\n  - id: shop\n    public: true\n";
        try (TestNode node = TestNode.start(vertx, dir, NOW, yaml)) {
            WebClient fresh = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
                    .setDefaultPort(node.scenery.port()).setKeepAlive(false));
            for (int i = 0; i < 20; i++) {
                assertThat(fresh.get("/health").send().await().statusCode()).isEqualTo(200);
            }
            fresh.close();
            assertThat(loops(node)).hasSize(1);
        }
    }
}
