package dev.scenery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scenery.fault.Faults;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The PostgreSQL-mode steps of the fault walk ({@link FaultWalkTest} walks the write path): a node
 * halted, or failing, right before a flush commits, right after it committed, and in the middle of
 * an eviction; after a restart and the client's retries every acknowledged beacon counts exactly
 * once, in the API and in the rollup tables.
 */
@ExtendWith(VertxExtension.class)
class PostgresFaultWalkIT {
    @TempDir
    Path dir;

    private static String yaml(String url) {
        return FaultWalkTest.YAML + "postgres:\n  url: " + url + "\n  nodeId: walker\n  flushIntervalMillis: 50\n"
                + "  embeddedRetentionHours: 0\n";
    }

    @ParameterizedTest
    @ValueSource(strings = {"flush.before.commit:halt:8", "flush.committed:halt:8", "evict.removed:halt:1",
            "flush.before.commit:throw:8", "flush.committed:throw:8", "evict.removed:throw:1"})
    void aFaultAtEveryFlushStepLosesNothingAndCountsOnce(String at, Vertx vertx) throws Exception {
        try (PgTestDatabase db = PgTestDatabase.create("walk")) {
            String yaml = yaml(db.url());
            long now = System.currentTimeMillis();
            // two hours back: past hours, so that evictions (embeddedRetentionHours: 0) have buckets to remove
            List<String> batches = FaultWalkTest.batches(now - 7_200_000L, new Random(at.hashCode()));
            ChildNode child = ChildNode.start(dir, yaml, Map.of("SCENERY_FAULT", at));
            for (String b : batches) {
                try {
                    child.post("/v1/apps/shop/beacons", b);
                    Thread.sleep(40); // pacing, not waiting: flushes (every 50 ms) and evictions run between batches
                } catch (java.io.IOException halted) {
                    break;
                }
            }
            if (at.contains(":halt:")) {
                assertThat(child.process.waitFor(30, TimeUnit.SECONDS)).as("halted at " + at).isTrue();
                assertThat(child.process.exitValue()).as(child.log()).isEqualTo(Faults.HALT_STATUS);
            } else {
                // the n-th pass of the step may come after the last batch (a flush or an eviction later)
                String met = "injected fault at " + at.substring(0, at.indexOf(':'));
                org.awaitility.Awaitility.await("the fault was met: " + met).atMost(java.time.Duration.ofSeconds(60))
                        .pollInterval(java.time.Duration.ofMillis(50)).until(() -> child.log().contains(met));
                child.kill();
            }
            try (TestNode node = TestNode.start(vertx, dir, now, yaml)) {
                for (String b : batches) {
                    assertThat(node.postJson("/v1/apps/shop/beacons", b).statusCode()).isEqualTo(202);
                }
                org.awaitility.Awaitility.await("flushed after the restart").atMost(java.time.Duration.ofSeconds(30))
                        .pollInterval(java.time.Duration.ofMillis(50)).until(() -> {
                            JsonObject pg = node.getJson("/ready").getJsonObject("postgres");
                            return pg.getInteger("dirtyBuckets") == 0 && "ok".equals(pg.getString("state"));
                        });
                long users = batches.stream().flatMap(b -> new JsonArray(b).stream())
                        .map(o -> ((JsonObject) o).getString("uid")).distinct().count();
                LocalDate today = LocalDate.ofInstant(Instant.ofEpochMilli(now), ZoneId.of("Asia/Shanghai"));
                JsonObject answer = node.getJson("/v1/apps/shop/scenes?range=custom&from=" + today.minusDays(1) + "&to=" + today);
                assertThat(answer.getString("source")).isEqualTo("postgres");
                JsonObject total = answer.getJsonObject("total");
                assertThat(total.getLong("opens")).as("opens after " + at).isEqualTo((long) FaultWalkTest.BATCHES * FaultWalkTest.SIZE);
                assertThat(total.getLong("newVisitors")).as("new visitors after " + at).isEqualTo(users);
                assertThat(total.getLong("visitors")).as("visitors after " + at).isEqualTo(users);
                assertThat(db.one("SELECT sum(opens)::bigint FROM scenery_hourly WHERE app_id = 'shop' AND dimension = 'all'").getLong(0))
                        .as("opens in scenery_hourly after " + at).isEqualTo((long) FaultWalkTest.BATCHES * FaultWalkTest.SIZE);
            }
        }
    }
}
