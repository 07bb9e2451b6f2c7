package dev.scenery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scenery.embedded.StoreException;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** How a node in PostgreSQL mode starts: without PostgreSQL, and with a node id or data directory that does not fit. */
@ExtendWith(VertxExtension.class)
class PostgresStartIT {
    private static PgTestDatabase db;

    @TempDir
    Path dir;

    @BeforeAll
    static void createDatabase() {
        db = PgTestDatabase.create("start");
    }

    @AfterAll
    static void dropDatabase() throws Exception {
        if (db != null) {
            db.close();
        }
    }

    private static String yaml(String url, String nodeId) {
        return "apps:\n  - id: shop\n    timeZone: Asia/Shanghai\n    public: true\npostgres:\n  url: " + url
                + "\n  nodeId: " + nodeId + "\n  flushIntervalMillis: 100\n  timeoutMillis: 500\n";
    }

    @Test
    void withoutPostgresTheNodeStartsDegradedAcceptsBeaconsAndCatchesUpLater(Vertx vertx) throws Exception {
        long now = System.currentTimeMillis();
        List<String> batches = CrashRecoveryTest.batches(now, 10, 20, new Random(5));
        try (TcpProxy proxy = new TcpProxy(db.options.getHost(), db.options.getPort())) {
            proxy.cut();
            try (TestNode node = TestNode.start(vertx, dir, now, yaml(db.url("127.0.0.1", proxy.port()), "late"))) {
                var ready = node.get("/ready");
                assertThat(ready.statusCode()).isEqualTo(200);
                JsonObject body = ready.bodyAsJsonObject();
                assertThat(body.getString("status")).as(body.encode()).isEqualTo("degraded");
                assertThat(body.getJsonObject("postgres").getString("error")).isNotBlank();
                for (String b : batches) {
                    assertThat(node.postJson("/v1/apps/shop/beacons", b).statusCode()).isEqualTo(202);
                }
                JsonObject answer = node.getJson("/v1/apps/shop/scenes?range=today");
                assertThat(answer.getBoolean("partial")).isTrue();

                proxy.restore();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (!node.getJson("/ready").getString("status").equals("ready")) {
                    assertThat(System.nanoTime()).as("catching up").isLessThan(deadline);
                    Thread.sleep(100);
                }
                assertThat(node.getJson("/ready").getJsonObject("postgres").getInteger("dirtyBuckets")).isZero();
            }
        }
        assertThat(db.one("SELECT sum(opens)::bigint FROM scenery_daily WHERE node_id = 'late' AND dimension = 'all'")
                .getLong(0)).isEqualTo(200);
    }

    @Test
    void aConfiguredNodeIdMustBeTheOneTheDataDirectoryFlushedAs(Vertx vertx) {
        try (TestNode node = TestNode.start(vertx, dir, System.currentTimeMillis(), yaml(db.url(), "first"))) {
            assertThat(node.getJson("/ready").getJsonObject("postgres").getString("nodeId")).isEqualTo("first");
        }
        assertThatThrownBy(() -> TestNode.start(vertx, dir, System.currentTimeMillis(), yaml(db.url(), "second")))
                .isInstanceOf(StoreException.class).hasMessageContaining("'first'").hasMessageContaining("'second'");
    }

    @Test
    void aDataDirectoryBehindTheWatermarkOfItsNodeIdNeverFlushes(Vertx vertx) throws Exception {
        long now = System.currentTimeMillis();
        List<String> batches = CrashRecoveryTest.batches(now, 5, 20, new Random(9));
        Path old = Files.createDirectories(dir.resolve("old"));
        try (TestNode node = TestNode.start(vertx, old, now, yaml(db.url(), "reused"))) {
            for (String b : batches) {
                assertThat(node.postJson("/v1/apps/shop/beacons", b).statusCode()).isEqualTo(202);
            }
            node.scenery.postgres().flushNow().await(30, TimeUnit.SECONDS);
        }
        Path fresh = Files.createDirectories(dir.resolve("fresh"));
        try (TestNode node = TestNode.start(vertx, fresh, now, yaml(db.url(), "reused"))) {
            assertThat(node.postJson("/v1/apps/shop/beacons", batches.get(0).replace("crash-", "other-")).statusCode())
                    .isEqualTo(202);
            JsonObject ready = node.getJson("/ready");
            assertThat(ready.getString("status")).isEqualTo("degraded");
            assertThat(ready.getJsonObject("postgres").getString("error")).contains("not the data directory");
        }
        assertThat(db.one("SELECT sum(opens)::bigint FROM scenery_daily WHERE node_id = 'reused' AND dimension = 'all'")
                .getLong(0)).as("the rows of the first directory are left alone").isEqualTo(100);
    }
}
