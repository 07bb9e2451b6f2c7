package dev.scenery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scenery.generator.NativeBodies;
import dev.scenery.generator.VisitGenerator;
import dev.scenery.generator.VisitProfile;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Kills a child JVM running Scenery with SIGKILL and checks that nothing acknowledged is lost. */
@ExtendWith(VertxExtension.class)
class CrashRecoveryTest {
    static final String YAML = "apps:\n  - id: shop\n    timeZone: Asia/Shanghai\n    public: true\n";

    @TempDir
    Path dir;

    @Test
    void everyBeaconAcknowledgedBeforeAKillIsThereAfterRestart(Vertx vertx) throws Exception {
        long now = System.currentTimeMillis();
        List<String> batches = batches(now, 30, 40, new Random(7));
        // no checkpoint before the kill: the acknowledged batches are only in the redo log
        String yaml = YAML + "store:\n  checkpointMillis: 60000\n";
        ChildNode child = ChildNode.start(dir, yaml);
        int acknowledged = 0;
        for (String b : batches) {
            HttpResponse<String> r = child.post("/v1/apps/shop/beacons", b);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
            acknowledged += new JsonObject(r.body()).getInteger("accepted");
        }
        child.kill(); // right after the last 202
        assertThat(acknowledged).isEqualTo(30 * 40);
        ChildNode restarted = ChildNode.start(dir, yaml);
        restarted.stop();
        assertThat(restarted.log()).contains("applied again 30 write plans left in the redo log");

        try (TestNode node = TestNode.start(vertx, dir, now, YAML)) {
            JsonObject total = total(node, now);
            assertThat(total.getLong("opens")).isEqualTo(30L * 40);
            assertThat(total.getLong("newVisitors")).isEqualTo(distinctUsers(batches));
            assertThat(total.getLong("visitors")).isEqualTo(distinctUsers(batches));
        }
    }

    @Test
    void killsInTheMiddleOfIngestionThenRetriesCountEveryBeaconExactlyOnce(Vertx vertx) throws Exception {
        long now = System.currentTimeMillis();
        Random rnd = new Random(11);
        List<String> batches = batches(now, 200, 50, rnd);
        killWhileSending(dir, YAML, batches, 3, 300, rnd); // FaultWalkTest halts at every named step too
        // the client retries everything it sent; acknowledged batches must count as duplicates
        ChildNode child = ChildNode.start(dir, YAML);
        int[] answered = resendAll(child, batches);
        int accepted = answered[0];
        int duplicates = answered[1];
        child.stop();
        assertThat(accepted + duplicates).isEqualTo(200 * 50);
        assertThat(duplicates).as("batches acknowledged before the kills").isPositive();

        try (TestNode node = TestNode.start(vertx, dir, now, YAML)) {
            JsonObject total = total(node, now);
            assertThat(total.getLong("opens")).isEqualTo(200L * 50);
            assertThat(total.getLong("newVisitors")).isEqualTo(distinctUsers(batches));
            long visitors = total.getLong("visitors");
            AcceptanceTest.assertVisitors(visitors, distinctUsers(batches), total.getBoolean("visitorsExact"), "visitors");
        }
    }

    @Test
    void killsWhileCheckpointingLoseNothing(Vertx vertx) throws Exception {
        long now = System.currentTimeMillis();
        Random rnd = new Random(13);
        List<String> batches = batches(now, 120, 50, rnd);
        // checkpoints all the time, so that kills land in the middle of them too
        String yaml = YAML + "store:\n  checkpointMillis: 10\n  cacheBuckets: 16\n";
        killWhileSending(dir, yaml, batches, 3, 300, rnd);
        ChildNode child = ChildNode.start(dir, yaml);
        int[] answered = resendAll(child, batches);
        child.stop();
        assertThat(answered[0] + answered[1]).isEqualTo(120 * 50);
        assertThat(answered[1]).as("batches acknowledged before the kills").isPositive();

        try (TestNode node = TestNode.start(vertx, dir, now, YAML)) {
            JsonObject total = total(node, now);
            assertThat(total.getLong("opens")).isEqualTo(120L * 50);
            assertThat(total.getLong("newVisitors")).isEqualTo(distinctUsers(batches));
            AcceptanceTest.assertVisitors(total.getLong("visitors"), distinctUsers(batches),
                    total.getBoolean("visitorsExact"), "visitors");
        }
    }

    /**
     * Starts a child node {@code rounds} times, sends the batches from another thread, and kills the
     * child with SIGKILL after a random pause of {@code minPauseMillis} to twice as long plus.
     */
    static void killWhileSending(Path dir, String yaml, List<String> batches, int rounds, int minPauseMillis, Random rnd)
            throws Exception {
        // a random moment on purpose: each round kills the writer at a different point of its work
        killWhileSending(dir, yaml, batches, rounds, () -> Thread.sleep(minPauseMillis + rnd.nextInt(2 * minPauseMillis + 100)));
    }

    /** What to wait for before the SIGKILL of a round, while the sender is busy. */
    interface KillPoint {
        void await() throws Exception;
    }

    static void killWhileSending(Path dir, String yaml, List<String> batches, int rounds, KillPoint killPoint) throws Exception {
        for (int round = 0; round < rounds; round++) {
            ChildNode child = ChildNode.start(dir, yaml);
            Thread sender = new Thread(() -> {
                for (String b : batches) {
                    try {
                        child.post("/v1/apps/shop/beacons", b);
                    } catch (Exception killed) {
                        return;
                    }
                }
            });
            sender.start();
            killPoint.await();
            child.kill();
            sender.join();
        }
    }

    /** Sends every batch again, as a retrying client would; returns {accepted, duplicates}. */
    static int[] resendAll(ChildNode child, List<String> batches) throws Exception {
        int[] answered = new int[2];
        for (String b : batches) {
            HttpResponse<String> r = child.post("/v1/apps/shop/beacons", b);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
            answered[0] += new JsonObject(r.body()).getInteger("accepted");
            answered[1] += new JsonObject(r.body()).getInteger("duplicates");
        }
        return answered;
    }

    private static JsonObject total(TestNode node, long now) {
        LocalDate today = LocalDate.ofInstant(Instant.ofEpochMilli(now), ZoneId.of("Asia/Shanghai"));
        return node.getJson("/v1/apps/shop/scenes?range=custom&from=" + today.minusDays(1) + "&to=" + today)
                .getJsonObject("total");
    }

    private static long distinctUsers(List<String> batches) {
        return batches.stream().flatMap(b -> new JsonArray(b).stream())
                .map(o -> ((JsonObject) o).getString("uid")).distinct().count();
    }

    /** Batches of visits with ids, spread over the last hour, from a few thousand users. */
    static List<String> batches(long now, int count, int size, Random rnd) {
        return windowBatches(now, count, size, 3000, 0.3, "crash-", rnd.nextLong());
    }

    /**
     * {@code count} batches of {@code size} visits of the shop app with ids, spread over the 50 minutes
     * before the last minute before {@code now}, sent in random order, from at most {@code users} users
     * ({@code newShare} of the visits are a user's first). The user ids contain the id prefix: they are
     * no other data set's users (the acceptance data's shop-user-N share a database with them).
     */
    static List<String> windowBatches(long now, int count, int size, int users, double newShare, String idPrefix, long seed) {
        VisitProfile profile = new VisitProfile().seed(seed).app("shop", ZoneId.of("Asia/Shanghai"), null, users, count * size)
                .window(3_000_000L, now - 60_000L).scenes(new int[] {1001, 1002, 1003, 1004, 1005}, new double[] {1, 1, 1, 1, 1})
                .newUsers(newShare, 1).late(1).ids(1, idPrefix).uids("-" + idPrefix);
        return NativeBodies.batches(VisitGenerator.visits(profile), size);
    }
}
