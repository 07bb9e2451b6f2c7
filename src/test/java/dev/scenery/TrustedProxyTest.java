package dev.scenery;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Behind a balancer every request comes from its address: with {@code limits.trustedProxies} the
 * per-IP limits count the client it names in {@code X-Forwarded-For} (the last entry, the one the
 * balancer appended), and from any other peer that header is ignored.
 */
@ExtendWith(VertxExtension.class)
class TrustedProxyTest {
    @TempDir
    Path dir;

    private static int status(TestNode node, String forwardedFor) {
        return node.client.get("/v1/scenes").putHeader("X-Forwarded-For", forwardedFor).send().await().statusCode();
    }

    @Test
    void behindATrustedBalancerTheLimitsCountTheForwardedClient(Vertx vertx) {
        String yaml = "limits:\n  requestsPerSecondPerIp: 3\n  trustedProxies: [127.0.0.1]\napps:\n  - id: shop\n";
        try (TestNode node = TestNode.start(vertx, dir, AcceptanceData.NOW, yaml)) {
            int limited = 0;
            for (int i = 0; i < 10; i++) {
                // a client that claims another address first: only the balancer's entry counts
                limited += status(node, "9.9.9." + i + ", 203.0.113.7") == 429 ? 1 : 0;
            }
            assertThat(limited).as("one client past 3 a second").isPositive();
            assertThat(status(node, "203.0.113.8")).as("another client behind the same balancer").isEqualTo(200);
        }
    }

    @Test
    void fromAnUntrustedPeerTheHeaderIsIgnored(Vertx vertx) {
        String yaml = "limits:\n  requestsPerSecondPerIp: 3\napps:\n  - id: shop\n";
        try (TestNode node = TestNode.start(vertx, dir, AcceptanceData.NOW, yaml)) {
            for (int i = 0; i < 10; i++) {
                status(node, "203.0.113." + i);
            }
            assertThat(status(node, "198.51.100.1")).as("every request counts for the peer, whatever it claims").isEqualTo(429);
        }
    }
}
