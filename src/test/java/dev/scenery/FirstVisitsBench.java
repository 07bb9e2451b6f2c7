package dev.scenery;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Issue 14's cost rows, run by hand (not part of the suite; bench/README.md says how): flush time
 * and first visits per second for a million first visits reconciled with {@code
 * scenery_first_visits} (all new, then all known to another node with a tenth moved earlier), and
 * the cost of a new-visitor question in PostgreSQL mode against the embedded store.
 */
public final class FirstVisitsBench {
    private static final long NOW = AcceptanceData.NOW;
    private static final long DAY = AcceptanceData.DAY;

    private FirstVisitsBench() {
    }

    public static void main(String[] args) throws Exception {
        int users = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        System.setProperty("chronicle.analytics.disable", "true");
        Vertx vertx = Vertx.vertx();
        Path dir = Files.createTempDirectory("scenery-fv-bench");
        try (PgTestDatabase db = PgTestDatabase.create("fvbench")) {
            String store = "store:\n  initialUsers: " + (users + users / 4) + "\n  initialBuckets: 20000\n";
            String pg = "postgres:\n  url: " + db.url() + "\n  flushIntervalMillis: 3600000\n  timeoutMillis: 60000\n";
            try (TestNode a = TestNode.start(vertx, Files.createDirectories(dir.resolve("a")), NOW,
                    TestNode.APPS_YAML + store + pg + "  nodeId: bench-a\n")) {
                long t = ingest(a, users, 0, 7);
                System.out.printf("node a: %,d visits ingested in %.1f s%n", users, t / 1e9);
                long f = flush(a);
                System.out.printf("| flush of %,d new first visits (node a) | %.1f s | %,.0f first visits/s |%n",
                        users, f / 1e9, users / (f / 1e9));
                try (TestNode b = TestNode.start(vertx, Files.createDirectories(dir.resolve("b")), NOW,
                        TestNode.APPS_YAML + store + pg + "  nodeId: bench-b\n")) {
                    ingest(b, users, 1, 9); // the same users on another node, a tenth of them earlier
                    long g = flush(b);
                    System.out.printf("| flush of %,d first visits known to node a, %,d moved (node b) | %.1f s | %,.0f first visits/s |%n",
                            users, users / 10, g / 1e9, users / (g / 1e9));
                    System.out.printf("| new visitors, 7-day scenes, PostgreSQL mode (median of 9 uncached) | %.1f ms |%n",
                            query(b) / 1e6);
                }
                System.out.println("rows: " + db.one("SELECT count(*) FROM scenery_first_visits").getLong(0));
            }
            try (TestNode e = TestNode.start(vertx, Files.createDirectories(dir.resolve("e")), NOW, TestNode.APPS_YAML + store)) {
                ingest(e, users, 0, 7);
                System.out.printf("| new visitors, 7-day scenes, embedded (median of 9 uncached) | %.1f ms |%n", query(e) / 1e6);
            }
        } finally {
            vertx.close().await();
        }
    }

    /** One visit per user; variant 1 puts a tenth of the users two days before their variant-0 visit. */
    private static long ingest(TestNode node, int users, int variant, int seed) {
        Random rnd = new Random(seed);
        long started = System.nanoTime();
        JsonArray batch = new JsonArray();
        for (int u = 0; u < users; u++) {
            Random per = new Random(u); // the same base time for a user in both variants
            long ts = NOW - 60_000 - (long) (per.nextDouble() * 6 * DAY);
            if (variant == 1) {
                ts = u % 10 == 0 ? ts - 2 * DAY : ts + 30_000;
            }
            batch.add(new JsonObject().put("type", "visit").put("uid", "bench-" + u).put("sid", "s").put("ts", ts)
                    .put("scene", 1001 + rnd.nextInt(20)).put("utm", new JsonObject().put("source", "src" + rnd.nextInt(8))));
            if (batch.size() == 500 || u == users - 1) {
                var r = node.postJson("/v1/apps/shop/beacons", batch.encode());
                if (r.statusCode() != 202) {
                    throw new IllegalStateException(r.bodyAsString());
                }
                batch = new JsonArray();
            }
        }
        return System.nanoTime() - started;
    }

    private static long flush(TestNode node) throws Exception {
        long started = System.nanoTime();
        node.scenery.postgres().flushNow().await(30, TimeUnit.MINUTES);
        return System.nanoTime() - started;
    }

    /** Median time of nine 7-day new-visitor questions with different ends (none answered from a cache). */
    private static long query(TestNode node) {
        LocalDate today = LocalDate.ofInstant(Instant.ofEpochMilli(NOW), ZoneId.of("Asia/Shanghai"));
        List<Long> times = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            LocalDate to = today.minusDays(i % 3);
            LocalDate from = to.minusDays(6 + i / 3);
            long started = System.nanoTime();
            node.getJson("/v1/apps/shop/scenes?metric=newVisitors&range=custom&from=" + from + "&to=" + to);
            times.add(System.nanoTime() - started);
        }
        times.sort(null);
        return times.get(4);
    }
}
