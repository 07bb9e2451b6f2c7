package dev.scenery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scenery.fault.Faults;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
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
 * Walks every named step of the write path ({@link Faults.Step}): the JVM is halted there (as
 * {@code kill -9} would), or the step throws; after a restart and the client's retries of every
 * batch, every acknowledged beacon counts exactly once and none is lost.
 */
@ExtendWith(VertxExtension.class)
class FaultWalkTest {
    static final String YAML = TestNode.smallStore(List.of("shop"), "", "  checkpointMillis: 20\n");
    static final int BATCHES = 24;
    static final int SIZE = 100;
    static final int USERS = 2000;

    @TempDir
    Path dir;

    /** The halt at each step: the n-th pass (checkpoints pass once at start, tiers first grow past 1,000 users). */
    @ParameterizedTest
    @ValueSource(strings = {"write.planned:4", "write.logged:4", "write.users:4", "write.registry:4", "write.applied:4",
            "checkpoint.encoded:3", "checkpoint.image.written:3", "checkpoint.journaled:3", "checkpoint.first.put:3", "checkpoint.written:3",
            "checkpoint.done:3", "checkpoint.reset:3", "tier.created:1", "tier.created:2"})
    void aHaltAtEveryStepLosesNothingAcknowledgedAndCountsRetriesOnce(String at, Vertx vertx) throws Exception {
        String[] parts = at.split(":");
        long now = System.currentTimeMillis();
        List<String> batches = batches(now, new Random(at.hashCode()));
        ChildNode child = ChildNode.start(dir, YAML, Map.of("SCENERY_FAULT", parts[0] + ":halt:" + parts[1]));
        int acknowledged = 0;
        for (String b : batches) {
            try {
                java.net.http.HttpResponse<String> r = child.post("/v1/apps/shop/beacons", b);
                assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
                acknowledged++;
            } catch (java.io.IOException halted) {
                break;
            }
        }
        assertThat(child.process.waitFor(30, TimeUnit.SECONDS)).as("halted at " + at).isTrue();
        assertThat(child.process.exitValue()).as(child.log()).isEqualTo(Faults.HALT_STATUS);
        assertThat(acknowledged).as("batches acknowledged before the halt at " + at).isLessThan(BATCHES);

        try (TestNode node = TestNode.start(vertx, dir, now, YAML)) {
            int[] answered = resend(node, batches);
            assertThat(answered[1]).as("duplicates: every beacon acknowledged before the halt")
                    .isGreaterThanOrEqualTo(acknowledged * SIZE);
            assertExact(node, batches, now);
        }
    }

    /**
     * A step that throws (at its n-th pass after arming): the batch is refused whole (or, after it
     * was stored, answered with an error), a checkpoint fails and is retried; the client retries.
     */
    @ParameterizedTest
    @ValueSource(strings = {"write.planned:3", "write.logged:3", "write.users:3", "write.registry:3", "write.applied:3",
            "checkpoint.encoded:1", "checkpoint.image.written:1", "checkpoint.journaled:1", "checkpoint.first.put:1", "checkpoint.written:1",
            "checkpoint.done:1", "checkpoint.reset:1", "tier.created:1"})
    void aFailureAtEveryStepIsRefusedWholeOrRetriedOnce(String at, Vertx vertx) throws Exception {
        String[] parts = at.split(":");
        long now = System.currentTimeMillis();
        List<String> batches = batches(now, new Random(at.hashCode()));
        Files.createDirectories(dir);
        try (TestNode node = TestNode.start(vertx, dir, now, YAML)) {
            Faults.arm(parts[0] + ":throw:" + parts[1]);
            int failed = 0;
            try {
                for (String b : batches) {
                    HttpResponse<Buffer> r = node.postJson("/v1/apps/shop/beacons", b);
                    if (r.statusCode() != 202) {
                        assertThat(r.statusCode()).as(r.bodyAsString()).isIn(500, 507);
                        assertThat(r.bodyAsJsonObject().getString("error")).isNotBlank();
                        failed++;
                    }
                }
                // a query makes the writer checkpoint what it holds, while the fault is still armed
                node.get("/v1/apps/shop/scenes?range=today");
            } finally {
                Faults.arm(null);
            }
            if (at.startsWith("checkpoint")) {
                // a failed checkpoint is retried at once: batches meet it (507) only if they come just then
                assertThat(StoreGrowthTest.gauge(node.get("/metrics").bodyAsString(), "scenery_store_checkpoint_failures"))
                        .as("checkpoints that met the fault at " + at).isEqualTo(1);
            } else {
                assertThat(failed).as("requests that met the fault at " + at).isPositive();
            }
            resend(node, batches);
            assertExact(node, batches, now);
        }
        try (TestNode node = TestNode.start(vertx, dir, now, YAML)) {
            assertExact(node, batches, now);
        }
    }

    private static int[] resend(TestNode node, List<String> batches) {
        int[] answered = new int[2];
        for (String b : batches) {
            HttpResponse<Buffer> r = node.postJson("/v1/apps/shop/beacons", b);
            assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(202);
            answered[0] += r.bodyAsJsonObject().getInteger("accepted");
            answered[1] += r.bodyAsJsonObject().getInteger("duplicates");
        }
        assertThat(answered[0] + answered[1]).isEqualTo(BATCHES * SIZE);
        return answered;
    }

    private static void assertExact(TestNode node, List<String> batches, long now) {
        LocalDate today = LocalDate.ofInstant(Instant.ofEpochMilli(now), ZoneId.of("Asia/Shanghai"));
        JsonObject answer = node.getJson("/v1/apps/shop/scenes?range=custom&from=" + today.minusDays(1) + "&to=" + today);
        JsonObject total = answer.getJsonObject("total");
        long users = batches.stream().flatMap(b -> new JsonArray(b).stream()).map(o -> ((JsonObject) o).getString("uid")).distinct().count();
        assertThat(total.getLong("opens")).isEqualTo((long) BATCHES * SIZE);
        assertThat(total.getLong("newVisitors")).isEqualTo(users);
        assertThat(total.getBoolean("visitorsExact")).isTrue();
        assertThat(total.getLong("visitors")).isEqualTo(users);
    }

    /** Visits with ids, most of them a new user's, so the registry grows past its first file. */
    static List<String> batches(long now, Random rnd) {
        return CrashRecoveryTest.windowBatches(now, BATCHES, SIZE, USERS, 0.85, "fault-", rnd.nextLong());
    }
}
