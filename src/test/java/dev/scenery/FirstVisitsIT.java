package dev.scenery;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * First visits decided in PostgreSQL ({@code scenery_first_visits}): a late beacon on one node
 * moves a first visit another node saw, and both nodes' answers show it (the node that took it
 * before its flush too); first-seen records a node had not flushed when it was killed are found
 * again at its next start; flushed records leave the node's registry and figures stay exact.
 */
@ExtendWith(VertxExtension.class)
class FirstVisitsIT {
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final long NOW = AcceptanceData.NOW;
    private static final long DAY = AcceptanceData.DAY;
    private static PgTestDatabase db;

    @TempDir
    Path dir;

    @BeforeAll
    static void createDatabase() {
        db = PgTestDatabase.create("firstvisits");
        System.setProperty("scenery.postgres.pruneEveryMillis", "0");
    }

    @AfterAll
    static void dropDatabase() throws Exception {
        System.clearProperty("scenery.postgres.pruneEveryMillis");
        if (db != null) {
            db.close();
        }
    }

    private static String yaml(String app, String nodeId, String extra) {
        return "apps:\n  - id: " + app + "\n    timeZone: Asia/Shanghai\n    public: true\n"
                + "postgres:\n  url: " + db.url() + "\n  nodeId: " + nodeId + "\n  flushIntervalMillis: 3600000\n" + extra;
    }

    @Test
    void aLateBeaconOnOneNodeMovesTheFirstVisitAnotherNodeSaw(Vertx vertx) throws Exception {
        try (TestNode a = TestNode.start(vertx, Files.createDirectories(dir.resolve("a")), NOW, yaml("late", "late-a", ""));
             TestNode b = TestNode.start(vertx, Files.createDirectories(dir.resolve("b")), NOW, yaml("late", "late-b", ""))) {
            send(a, "late", visit("u1", NOW - DAY, 1001, "a1"), visit("u2", NOW - DAY, 1001, "a2"));
            PostgresAcceptanceIT.flush(a);
            // b sees u1 four days earlier, from another scene: the first visit moves there
            send(b, "late", visit("u1", NOW - 5 * DAY, 1047, "b1"), visit("u2", NOW, 1089, "b2"));
            for (TestNode reader : List.of(b, a)) {
                if (reader == a) {
                    PostgresAcceptanceIT.flush(b); // before it, a does not know of b's beacons
                }
                assertThat(newVisitors(reader, 1, 1)).as("yesterday: only u2 is new").isEqualTo(1);
                assertThat(newVisitors(reader, 5, 5)).as("five days ago: u1").isEqualTo(1);
                assertThat(newVisitors(reader, 7, 0)).as("the week").isEqualTo(2);
                assertThat(sceneNew(reader, 5, "1047")).isEqualTo(1);
                assertThat(sceneNew(reader, 1, "1001")).isEqualTo(1);
            }
            // b sends the same records again (as after a lost commit answer): nothing moves twice
            b.scenery.postgres().flushNow().await();
        }
        assertThat(db.one("SELECT count(*), sum(CASE WHEN node_id = 'late-b' THEN 1 ELSE 0 END) FROM scenery_first_visits"
                + " WHERE app_id = 'late'").getLong(1)).isEqualTo(1);
        assertThat(db.one("SELECT sum(new_visitors)::bigint FROM scenery_new_daily WHERE app_id = 'late' AND dimension = 'all'")
                .getLong(0)).isEqualTo(2);
    }

    @Test
    void firstSeenRecordsUnflushedAtAKillAreSentAtTheNextStart(Vertx vertx) throws Exception {
        long now = System.currentTimeMillis();
        List<String> batches = CrashRecoveryTest.batches(now, 40, 50, new Random(5));
        String yaml = yaml("shop", "killed-fv", "");
        ChildNode child = ChildNode.start(dir, yaml);
        for (String b : batches) {
            assertThat(child.post("/v1/apps/shop/beacons", b).statusCode()).isEqualTo(202);
        }
        child.kill(); // flushes every hour: nothing of it reached PostgreSQL
        assertThat(db.one("SELECT count(*) FROM scenery_first_visits WHERE app_id = 'shop'").getLong(0)).isZero();
        long users = batches.stream().flatMap(b -> new JsonArray(b).stream())
                .map(o -> ((JsonObject) o).getString("uid")).distinct().count();
        try (TestNode node = TestNode.start(vertx, dir, now, yaml)) { // its first flush runs at start
            assertThat(db.one("SELECT count(*) FROM scenery_first_visits WHERE app_id = 'shop'").getLong(0)).isEqualTo(users);
            assertThat(db.one("SELECT sum(new_visitors)::bigint FROM scenery_new_daily WHERE app_id = 'shop' AND dimension = 'all'")
                    .getLong(0)).isEqualTo(users);
            assertThat(node.getJson("/ready").getJsonObject("postgres").getInteger("dirtyBuckets")).isZero();
        }
    }

    @Test
    void flushedFirstSeenRecordsLeaveTheRegistryAndNewVisitorsStayExact(Vertx vertx) throws Exception {
        try (TestNode node = TestNode.start(vertx, dir, NOW, yaml("cache", "cache", "  firstSeenCacheDays: 0\n"))) {
            JsonObject[] first = new JsonObject[30];
            for (int i = 0; i < 30; i++) {
                first[i] = visit("c" + i, NOW - 3 * DAY, 1001, "f" + i);
            }
            send(node, "cache", first);
            assertThat(node.getJson("/ready").getJsonObject("store").getLong("users")).isEqualTo(30);
            PostgresAcceptanceIT.flush(node);
            JsonObject ready = node.getJson("/ready");
            assertThat(ready.getJsonObject("store").getLong("users")).as(ready.encode()).isZero();
            assertThat(ready.getJsonObject("postgres").getLong("firstSeenDropped")).isEqualTo(30);
            // the same users come back: new to the node's registry, not to PostgreSQL's
            JsonObject[] again = new JsonObject[30];
            for (int i = 0; i < 30; i++) {
                again[i] = visit("c" + i, NOW - DAY, 1047, "g" + i);
            }
            send(node, "cache", again);
            assertThat(newVisitors(node, 7, 0)).as("before the flush").isEqualTo(30);
            PostgresAcceptanceIT.flush(node);
            assertThat(newVisitors(node, 7, 0)).as("after the flush").isEqualTo(30);
            assertThat(newVisitors(node, 1, 1)).isZero();
            assertThat(newVisitors(node, 3, 3)).isEqualTo(30);
        }
    }

    // ------------------------------------------------------------------ helpers

    private static JsonObject visit(String uid, long ts, int scene, String id) {
        return new JsonObject().put("type", "visit").put("uid", uid).put("sid", "s").put("ts", ts).put("scene", scene).put("id", id);
    }

    private static void send(TestNode node, String app, JsonObject... beacons) {
        var r = node.postJson("/v1/apps/" + app + "/beacons", new JsonArray(List.of(beacons)).encode());
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(202);
    }

    /** New visitors of the app's days from {@code fromDaysAgo} to {@code toDaysAgo} (local days before today). */
    private static long newVisitors(TestNode node, int fromDaysAgo, int toDaysAgo) {
        return scenes(node, fromDaysAgo, toDaysAgo).getJsonObject("total").getLong("newVisitors");
    }

    private static long sceneNew(TestNode node, int daysAgo, String scene) {
        for (Object o : scenes(node, daysAgo, daysAgo).getJsonArray("items")) {
            JsonObject item = (JsonObject) o;
            if (String.valueOf(item.getInteger("code")).equals(scene)) {
                return item.getLong("newVisitors");
            }
        }
        return 0;
    }

    private static JsonObject scenes(TestNode node, int fromDaysAgo, int toDaysAgo) {
        LocalDate today = LocalDate.ofInstant(Instant.ofEpochMilli(node.clock.get()), ZONE);
        String app = node.getJson("/ready").getJsonObject("postgres").getString("nodeId").startsWith("late") ? "late" : "cache";
        return node.getJson("/v1/apps/" + app + "/scenes?metric=newVisitors&range=custom&from=" + today.minusDays(fromDaysAgo)
                + "&to=" + today.minusDays(toDaysAgo));
    }
}
