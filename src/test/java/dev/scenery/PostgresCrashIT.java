package dev.scenery;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Row;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL mode under failure: a node killed with SIGKILL while it flushes, PostgreSQL going
 * away in the middle of ingestion, and two nodes writing one database. In every case the figures,
 * read through the API and summed straight from the rollup tables, equal the ground truth.
 */
@ExtendWith(VertxExtension.class)
class PostgresCrashIT {
    /** Each test writes its own app: the tests share one database, and reads add up every node's rows. */
    private static final String SHOP = "apps:\n  - id: shop\n    timeZone: Asia/Shanghai\n    public: true\n"
            + "  - id: mall\n    timeZone: Asia/Shanghai\n    public: true\n";
    private static PgTestDatabase db;

    @TempDir
    Path dir;

    @BeforeAll
    static void createDatabase() {
        db = PgTestDatabase.create("crash");
    }

    @AfterAll
    static void dropDatabase() throws Exception {
        if (db != null) {
            db.close();
        }
    }

    private static String shopYaml(String url, String nodeId, long flushMillis, String extra) {
        return SHOP + "postgres:\n  url: " + url + "\n  nodeId: " + nodeId + "\n  flushIntervalMillis: " + flushMillis
                + "\n  embeddedRetentionHours: 0\n" + extra;
    }

    @Test
    void killsDuringFlushesThenRetriesCountEveryBeaconExactlyOnce(Vertx vertx) throws Exception {
        long now = System.currentTimeMillis();
        Random rnd = new Random(23);
        List<String> batches = CrashRecoveryTest.batches(now, 160, 50, rnd);
        String yaml = shopYaml(db.url(), "killed", 50, "");
        // each round is killed once a flush of its own has landed, while the sender keeps sending
        long[] watermark = {0};
        CrashRecoveryTest.killWhileSending(dir, yaml, batches, 2, () -> {
            long before = watermark[0];
            awaitTrue(() -> (watermark[0] = watermark("killed")) > before, "a flush of this round");
        });
        assertThat(watermark("killed")).as("flushes happened before the kills").isPositive();
        ChildNode child = ChildNode.start(dir, yaml);
        int[] answered = CrashRecoveryTest.resendAll(child, batches);
        int accepted = answered[0];
        int duplicates = answered[1];
        assertThat(accepted + duplicates).isEqualTo(160 * 50);
        assertThat(duplicates).as("batches acknowledged before the kills").isPositive();
        child.kill(); // what the last flush did not take is flushed by the next start

        long users = distinctUsers(batches);
        try (TestNode node = TestNode.start(vertx, dir, now, yaml.replace("flushIntervalMillis: 50", "flushIntervalMillis: 3600000"))) {
            JsonObject total = node.getJson(totalUri("shop", now)).getJsonObject("total");
            assertThat(total.getLong("opens")).isEqualTo(160L * 50);
            assertThat(total.getLong("newVisitors")).isEqualTo(users);
            FigureContract.assertVisitors(total.getLong("visitors"), users, total.getBoolean("visitorsExact"), "visitors");
            assertThat(node.getJson("/ready").getJsonObject("postgres").getInteger("dirtyBuckets")).isZero();
        }
        assertTables("shop", "killed", 160L * 50, users);
    }

    @Test
    void postgresGoingAwayDuringIngestionDegradesThenCatchesUp(Vertx vertx) throws Exception {
        long now = System.currentTimeMillis();
        List<String> batches = CrashRecoveryTest.batches(now, 120, 50, new Random(31));
        try (TcpProxy proxy = new TcpProxy(db.options.getHost(), db.options.getPort());
             TestNode node = TestNode.start(vertx, dir, now, shopYaml(db.url("127.0.0.1", proxy.port()), "proxied", 200,
                     "  timeoutMillis: 1000\n"))) {
            send(node, "mall", batches.subList(0, 40));
            awaitTrue(() -> node.getJson("/ready").getJsonObject("postgres").getInteger("dirtyBuckets") == 0, "first flush");

            proxy.cut();
            for (int i = 40; i < 80; i++) {
                send(node, "mall", batches.subList(i, i + 1)); // every beacon is still acknowledged
            }
            // the flushes after the cut fail and /ready says so, whatever the time they take to time out
            awaitTrue(() -> {
                JsonObject r = node.getJson("/ready");
                return r.getString("status").equals("degraded") && r.getJsonObject("postgres").getString("error") != null;
            }, "a failed flush shown by /ready");
            JsonObject ready = node.getJson("/ready");
            assertThat(ready.getString("status")).as(ready.encode()).isEqualTo("degraded");
            assertThat(ready.getJsonObject("postgres").getInteger("dirtyBuckets")).as(ready.encode()).isPositive();
            assertThat(ready.getJsonObject("postgres").getString("error")).as(ready.encode()).isNotBlank();
            JsonObject answer = node.getJson(totalUri("mall", now));
            assertThat(answer.getBoolean("partial")).as(answer.encode()).isTrue();
            assertThat(answer.getString("source")).isEqualTo("local");
            proxy.restore();

            send(node, "mall", batches.subList(80, batches.size()));
            awaitTrue(() -> {
                JsonObject r = node.getJson("/ready");
                JsonObject pg = r.getJsonObject("postgres");
                return r.getString("status").equals("ready") && pg.getInteger("dirtyBuckets") == 0
                        && pg.getLong("watermark").equals(pg.getLong("lastWrite"));
            }, "catching up after PostgreSQL is back");
            // a reader that failed answers locally for 2 s before it tries PostgreSQL again
            awaitTrue(() -> !node.getJson(totalUri("mall", now)).getBoolean("partial"), "complete answers again");
            JsonObject total = node.getJson(totalUri("mall", now));
            assertThat(total.getBoolean("partial")).isFalse();
            assertThat(total.getString("source")).isEqualTo("postgres");
            long users = distinctUsers(batches);
            assertThat(total.getJsonObject("total").getLong("opens")).isEqualTo(120L * 50);
            assertThat(total.getJsonObject("total").getLong("newVisitors")).isEqualTo(users);
            assertTables("mall", "proxied", 120L * 50, users);
        }
    }

    @Test
    void twoNodesWritingDisjointUsersIntoOneDatabaseAddUp(Vertx vertx) throws Exception {
        AcceptanceData data = new AcceptanceData();
        Map<Boolean, List<AcceptanceData.Batch>> halves = new HashMap<>();
        halves.put(true, new ArrayList<>());
        halves.put(false, new ArrayList<>());
        int id = 0;
        for (Map.Entry<String, List<AcceptanceData.Visit>> app : data.visits.entrySet()) {
            Map<Boolean, JsonArray> open = new HashMap<>();
            for (AcceptanceData.Visit v : app.getValue()) {
                boolean side = Math.floorMod(v.uid().hashCode(), 2) == 0;
                JsonArray batch = open.computeIfAbsent(side, s -> new JsonArray());
                batch.add(AcceptanceData.nativeVisit(app.getKey(), v, "two-" + id++));
                if (batch.size() == 40) {
                    halves.get(side).add(new AcceptanceData.Batch(app.getKey(), batch.encode(), 40, 0, List.of()));
                    open.remove(side);
                }
            }
            open.forEach((side, batch) -> halves.get(side).add(
                    new AcceptanceData.Batch(app.getKey(), batch.encode(), batch.size(), 0, List.of())));
        }
        Path dirA = Files.createDirectories(dir.resolve("a"));
        Path dirB = Files.createDirectories(dir.resolve("b"));
        try (TestNode a = TestNode.start(vertx, dirA, AcceptanceData.NOW, PostgresAcceptanceIT.yaml(db.url(), "node-a", 0));
             TestNode b = TestNode.start(vertx, dirB, AcceptanceData.NOW, PostgresAcceptanceIT.yaml(db.url(), "node-b", 48))) {
            FigureContract.ingest(a, halves.get(true));
            PostgresAcceptanceIT.flush(a);
            // node a answers (and caches) every question with its own half; b's flush must then show
            Map<String, List<AcceptanceData.Visit>> visitsOfA = new HashMap<>();
            data.visits.forEach((app, visits) -> visitsOfA.put(app,
                    visits.stream().filter(v -> Math.floorMod(v.uid().hashCode(), 2) == 0).toList()));
            FigureContract.checkAll(a, visitsOfA, "postgres");
            FigureContract.ingest(b, halves.get(false));
            PostgresAcceptanceIT.flush(b);
            FigureContract.checkAll(a, data.visits, "postgres");
            FigureContract.checkAll(b, data.visits, "postgres");
        }
        Row rows = db.one("SELECT count(DISTINCT node_id), sum(opens)::bigint FROM scenery_daily"
                + " WHERE dimension = 'all' AND node_id IN ('node-a', 'node-b') AND app_id NOT LIKE '%~test'"); // not test traffic
        assertThat(rows.getLong(0)).isEqualTo(2);
        assertThat(rows.getLong(1)).isEqualTo(data.visits.values().stream().mapToLong(List::size).sum());
    }

    // ------------------------------------------------------------------ helpers

    /** The rollup tables alone, summed over every day of the node's rows, hold the ground truth. */
    private static void assertTables(String app, String nodeId, long opens, long users) {
        Row r = db.one("SELECT sum(opens)::bigint, sum(new_visitors)::bigint, hll_cardinality(hll_union_agg(visitors))"
                + " FROM scenery_daily WHERE app_id = $1 AND dimension = 'all' AND node_id = $2", app, nodeId);
        assertThat(r.getLong(0)).as("opens in scenery_daily").isEqualTo(opens);
        assertThat(r.getLong(1)).as("new visitors in scenery_daily").isEqualTo(users);
        assertThat(Math.abs(r.getDouble(2) - users)).as("visitors in scenery_daily").isLessThanOrEqualTo(0.02 * users);
        Row h = db.one("SELECT sum(opens)::bigint, sum(new_visitors)::bigint FROM scenery_hourly"
                + " WHERE app_id = $1 AND dimension = 'scene' AND node_id = $2", app, nodeId);
        assertThat(h.getLong(0)).as("opens in scenery_hourly").isEqualTo(opens);
        assertThat(h.getLong(1)).as("new visitors in scenery_hourly").isEqualTo(users);
    }

    private static void send(TestNode node, String app, List<String> batches) {
        for (String b : batches) {
            var r = node.postJson("/v1/apps/" + app + "/beacons", b);
            assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(202);
        }
    }

    private static String totalUri(String app, long now) {
        LocalDate today = LocalDate.ofInstant(Instant.ofEpochMilli(now), ZoneId.of("Asia/Shanghai"));
        return "/v1/apps/" + app + "/scenes?range=custom&from=" + today.minusDays(1) + "&to=" + today;
    }

    private static void awaitTrue(java.util.concurrent.Callable<Boolean> condition, String what) {
        org.awaitility.Awaitility.await(what).atMost(java.time.Duration.ofSeconds(60))
                .pollInterval(java.time.Duration.ofMillis(20)).until(condition);
    }

    /** The node's flush watermark in PostgreSQL (0 before its first flush). */
    private static long watermark(String nodeId) {
        Row r = db.one("SELECT coalesce(max(watermark), 0)::bigint FROM scenery_flush_state WHERE node_id = $1", nodeId);
        return r.getLong(0);
    }

    private static long distinctUsers(List<String> batches) {
        return batches.stream().flatMap(b -> new JsonArray(b).stream())
                .map(o -> ((JsonObject) o).getString("uid")).distinct().count();
    }
}
