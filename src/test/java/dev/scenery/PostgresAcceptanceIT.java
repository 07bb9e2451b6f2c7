package dev.scenery;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Row;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acceptance data set gives the same answers in PostgreSQL mode ({@link FigureContract}):
 * half of it flushed and evicted from the embedded store (PostgreSQL is the only source of those
 * buckets, and late beacons create some of them again as new generations), the other half not
 * yet flushed (the local overlay), then all flushed, then after a restart. Last, a node whose
 * clock is 500 days later deletes every row past retention.
 */
@ExtendWith(VertxExtension.class)
class PostgresAcceptanceIT {
    private static PgTestDatabase db;

    @TempDir
    Path dir;

    @BeforeAll
    static void createDatabase() {
        db = PgTestDatabase.create("acceptance");
        System.setProperty("scenery.postgres.rowsPerTransaction", "700"); // flushes in several transactions
    }

    @AfterAll
    static void dropDatabase() throws Exception {
        System.clearProperty("scenery.postgres.rowsPerTransaction");
        if (db != null) {
            db.close();
        }
    }

    /** Apps of the acceptance data, PostgreSQL mode, flushes only when the test asks, no embedded retention. */
    static String yaml(String url, String nodeId, int retentionHours) {
        return TestNode.APPS_YAML // (no per-IP rate limit there: the contract sends ~800 queries fast)
                + "postgres:\n"
                + "  url: " + url + "\n"
                + "  nodeId: " + nodeId + "\n"
                + "  flushIntervalMillis: 3600000\n"
                + "  embeddedRetentionHours: " + retentionHours + "\n";
    }

    static void flush(TestNode node) {
        try {
            node.scenery.postgres().flushNow().await(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("flush failed: " + e, e);
        }
    }

    @Test
    void everyFigureMatchesTheGroundTruthFromPostgresAndTheLocalOverlayBeforeAndAfterARestart(Vertx vertx) throws Exception {
        AcceptanceData data = new AcceptanceData();
        String yaml = yaml(db.url(), "acceptance", 0);
        int half = data.batches.size() / 2;
        try (TestNode node = TestNode.start(vertx, dir, AcceptanceData.NOW, yaml)) {
            JsonObject ready = node.getJson("/ready");
            assertThat(ready.getString("status")).as(ready.encode()).isEqualTo("ready");
            assertThat(ready.getJsonObject("postgres").getString("nodeId")).isEqualTo("acceptance");

            FigureContract.ingest(node, data.batches.subList(0, half));
            long held = node.getJson("/ready").getJsonObject("store").getLong("buckets");
            flush(node);
            ready = node.getJson("/ready");
            assertThat(ready.getJsonObject("postgres").getInteger("dirtyBuckets")).as(ready.encode()).isZero();
            String metrics = node.get("/metrics").bodyAsString();
            assertThat(metrics).contains("scenery_postgres_dirty_buckets 0.0").contains("scenery_postgres_flush_failures 0.0")
                    .containsPattern("scenery_postgres_flush_last_duration_seconds (0\\.[0-9]*[1-9]|[1-9])"); // a duration, over 1 s on a busy machine
            assertThat(ready.getJsonObject("postgres").getLong("rowsFlushed")).as("several transactions").isGreaterThan(1400);
            assertThat(ready.getJsonObject("store").getLong("buckets")).as("evicted after the flush: " + ready.encode())
                    .isLessThan(held / 10);

            // the second half is in the embedded store only, partly in buckets PostgreSQL also has
            FigureContract.ingest(node, data.batches.subList(half, data.batches.size()));
            assertThat(node.getJson("/ready").getJsonObject("postgres").getInteger("dirtyBuckets")).isPositive();
            FigureContract.checkAll(node, data.visits, "postgres");

            CompareContract.checkAll(node, data); // the overlay too: groups, comparisons, test traffic

            flush(node);
            FigureContract.checkAll(node, data.visits, "postgres");
            ready = node.getJson("/ready");
            assertThat(ready.getJsonObject("postgres").getLong("watermark"))
                    .isEqualTo(ready.getJsonObject("postgres").getLong("lastWrite"));
        }

        // the rollup tables alone (all flushed) hold the ground truth
        long visits = data.visits.values().stream().mapToLong(List::size).sum();
        // the apps' figures; their test traffic has rows under shadow ids ('shop~test': TestTraffic), checked apart
        Row all = db.one("SELECT sum(opens)::bigint, sum(new_visitors)::bigint FROM scenery_daily WHERE dimension = 'all'"
                + " AND app_id NOT LIKE '%~test'");
        assertThat(all.getLong(0)).isEqualTo(visits);
        assertThat(all.getLong(1)).isEqualTo(data.visits.values().stream()
                .mapToLong(v -> v.stream().map(AcceptanceData.Visit::uid).distinct().count()).sum());
        Row hourly = db.one("SELECT sum(opens)::bigint FROM scenery_hourly WHERE dimension = 'scene' AND app_id NOT LIKE '%~test'");
        assertThat(hourly.getLong(0)).isEqualTo(visits);
        assertThat(db.one("SELECT sum(opens)::bigint FROM scenery_daily WHERE dimension = 'all' AND app_id LIKE '%~test'").getLong(0))
                .isEqualTo(data.testVisits.values().stream().mapToLong(List::size).sum());
        assertThat(db.one("SELECT count(*) FROM scenery_daily WHERE generation > 0 AND (app_id, dimension, day, value) IN"
                + " (SELECT app_id, dimension, day, value FROM scenery_daily GROUP BY 1, 2, 3, 4 HAVING count(*) > 1)")
                .getLong(0)).as("buckets created again after eviction have rows of their own").isPositive();
        assertThat(db.one("SELECT count(*) FROM scenery_schema_migrations").getLong(0)).isEqualTo(4); // 4: combined UTM values (issue 16)

        try (TestNode restarted = TestNode.start(vertx, dir, AcceptanceData.NOW, yaml)) {
            FigureContract.checkAll(restarted, data.visits, "postgres");
        }

        long later = AcceptanceData.NOW + 500 * AcceptanceData.DAY;
        try (TestNode node = TestNode.start(vertx, dir, later, yaml)) {
            node.scenery.postgres().runRetention().await(60, TimeUnit.SECONDS);
            assertThat(db.one("SELECT count(*) FROM scenery_hourly").getLong(0)).isZero();
            assertThat(db.one("SELECT count(*) FROM scenery_daily").getLong(0)).isZero();
            assertThat(node.getJson("/ready").getJsonObject("store").getLong("buckets")).isZero();
        }
    }
}
