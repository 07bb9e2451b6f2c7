package dev.scenery;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each answer states its own provenance ({@code source}, {@code partial}) while full and
 * local-only answers are computed at the same time. Another node flushed {@value #OTHER_OPENS}
 * opens to PostgreSQL; this node holds {@value #OWN_OPENS} of its own, unflushed. The test holds an
 * exclusive lock on the hourly rollup table, so a trend of yesterday (daily totals, hourly series)
 * cannot read its series from PostgreSQL and answers them locally, while top lists (daily only)
 * read PostgreSQL fine. The figures of each answer say where they came from: every part that
 * includes the other node's opens came from PostgreSQL; an answer is partial exactly when some part
 * lacks them.
 */
@ExtendWith(VertxExtension.class)
class ProvenanceIT {
    private static final long NOW = java.time.Instant.parse("2026-03-10T04:00:00Z").toEpochMilli(); // 12:00 in Shanghai
    private static final long YESTERDAY = NOW - TimeUnit.HOURS.toMillis(24);
    private static final int OTHER_OPENS = 30;
    private static final int OWN_OPENS = 20;
    /** Test traffic of each node (set apart, read like any part of an answer): 3 flushed by the other node, 2 held here. */
    private static final int OTHER_TEST_OPENS = 3;
    private static final int OWN_TEST_OPENS = 2;
    private static final String TREND = "/v1/apps/shop/scenes/trend?range=yesterday";
    private static final String TOP = "/v1/apps/shop/scenes?range=7d";
    private static PgTestDatabase db;

    @TempDir
    Path dir;

    @BeforeAll
    static void createDatabase() {
        db = PgTestDatabase.create("provenance");
    }

    @AfterAll
    static void dropDatabase() throws Exception {
        if (db != null) {
            db.close();
        }
    }

    private static String yaml(String nodeId) {
        return TestNode.smallStore(List.of("shop"), "", "")
                + "postgres:\n"
                + "  url: " + db.url() + "\n"
                + "  nodeId: " + nodeId + "\n"
                + "  poolSize: 16\n"
                + "  timeoutMillis: 600\n"
                + "  flushIntervalMillis: 3600000\n";
    }

    @Test
    void concurrentFullAndLocalAnswersEachStateTheirOwnProvenance(Vertx vertx) throws Exception {
        Path other = Files.createDirectories(dir.resolve("other"));
        try (TestNode node = TestNode.start(vertx, other, NOW, yaml("other"))) {
            send(node, "o", OTHER_OPENS, OTHER_TEST_OPENS);
            PostgresAcceptanceIT.flush(node);
        }
        Path own = Files.createDirectories(dir.resolve("own"));
        try (TestNode node = TestNode.start(vertx, own, NOW, yaml("own"))) {
            send(node, "s", OWN_OPENS, OWN_TEST_OPENS);
            assertProvenance(node.getJson(TOP), false); // nothing locked yet (a trend now would be cached and never read the lock)

            PgConnection locker = PgConnection.connect(vertx, PgConnectOptions.fromUri(db.url())).await();
            try {
                locker.query("BEGIN").execute().await();
                locker.query("LOCK TABLE scenery_hourly IN ACCESS EXCLUSIVE MODE").execute().await();
                List<JsonObject> answers = new ArrayList<>();
                for (int round = 0; round < 3; round++) {
                    answers.addAll(round(node));
                }
                long partial = answers.stream().filter(a -> a.getBoolean("partial")).count();
                assertThat(partial).as("local-only answers").isPositive();
                assertThat(answers.size() - partial).as("full answers").isPositive();
            } finally {
                locker.query("ROLLBACK").execute().await();
                locker.close().await();
            }
        }
    }

    /**
     * One trend whose series wait on the lock, with top lists sent every few milliseconds while it
     * is in flight, then top lists until one is full again (PostgreSQL is not asked for 2 s after a
     * failed read). Every answer is checked against its own figures.
     */
    private List<JsonObject> round(TestNode node) throws Exception {
        Future<HttpResponse<Buffer>> trend = node.client.get(TREND).send();
        List<Future<HttpResponse<Buffer>>> tops = new ArrayList<>();
        while (!trend.isComplete()) {
            tops.add(node.client.get(TOP).send());
            Thread.sleep(15); // a steady stream of queries beside the trend, not a wait for a condition
        }
        List<JsonObject> answers = new ArrayList<>();
        answers.add(checked(trend.await(), true));
        for (Future<HttpResponse<Buffer>> top : tops) {
            answers.add(checked(top.await(), false));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        JsonObject top;
        do {
            top = checked(node.client.get(TOP).send().await(), false);
            answers.add(top);
        } while (top.getBoolean("partial") && System.nanoTime() < deadline);
        assertThat(top.getBoolean("partial")).as("a top list reads PostgreSQL again after the failed read").isFalse();
        return answers;
    }

    private static JsonObject checked(HttpResponse<Buffer> r, boolean trend) {
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
        JsonObject answer = r.bodyAsJsonObject();
        assertProvenance(answer, trend);
        return answer;
    }

    /** One part of an answer: its opens, and what they are from this node alone and with the other node's. */
    private record Part(long opens, long ownOnly, long withOthers) {
    }

    /**
     * The answer's {@code partial} and {@code source} say whether every part holds the other node's
     * opens. The parts: the total, the scene row, the test traffic set apart and, for a trend, the
     * total series (each a read of its own, any of which may answer locally).
     */
    private static void assertProvenance(JsonObject answer, boolean trend) {
        List<Part> parts = new ArrayList<>();
        long all = OWN_OPENS + OTHER_OPENS;
        parts.add(new Part(answer.getJsonObject("total").getLong("opens"), OWN_OPENS, all));
        parts.add(new Part(answer.getJsonObject("setApart").getLong("opens"), OWN_TEST_OPENS, OWN_TEST_OPENS + OTHER_TEST_OPENS));
        if (!trend) {
            parts.add(new Part(answer.getJsonArray("items").getJsonObject(0).getLong("opens"), OWN_OPENS, all));
        } else {
            JsonArray series = answer.getJsonObject("totalSeries").getJsonArray("opens");
            parts.add(new Part(series.stream().mapToLong(o -> ((Number) o).longValue()).sum(), OWN_OPENS, all));
        }
        for (Part part : parts) {
            assertThat(part.opens()).as(answer.encode()).isIn(part.ownOnly(), part.withOthers());
        }
        boolean lacksOthers = parts.stream().anyMatch(part -> part.opens() == part.ownOnly());
        assertThat(answer.getBoolean("partial")).as("partial of " + answer.encode()).isEqualTo(lacksOthers);
        assertThat(answer.getString("source")).as("source of " + answer.encode()).isEqualTo(lacksOthers ? "local" : "postgres");
    }

    private static void send(TestNode node, String prefix, int visits, int testVisits) {
        JsonArray batch = new JsonArray();
        for (int i = 0; i < visits + testVisits; i++) {
            JsonObject visit = new JsonObject().put("type", "visit").put("uid", prefix + "-u" + i).put("sid", prefix + "-s" + i)
                    .put("ts", YESTERDAY + i * 60_000L).put("scene", 1047).put("id", prefix + "-e" + i);
            batch.add(i < visits ? visit : visit.put("test", true));
        }
        HttpResponse<Buffer> r = node.postJson("/v1/apps/shop/beacons", batch.encode());
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(202);
    }
}
