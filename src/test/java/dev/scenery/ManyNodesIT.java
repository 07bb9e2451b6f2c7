package dev.scenery;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14's "done when": three nodes (child JVMs) on one PostgreSQL behind HAProxy with the
 * shipped configuration. The acceptance data goes through the balancer with its retries (each
 * answer must count a retry as a duplicate: the retry reached the node that took it), one node
 * is killed with SIGKILL while batches are in flight, it comes back on its data directory, what
 * went unanswered is sent again, and then every figure read from every node equals the truth,
 * new visitors exact although users visited through several nodes. Last, a node lost with its
 * disk is replaced by a new one, whose answers are the truth as well.
 */
class ManyNodesIT {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dir;

    private static String yaml(String url, String nodeId) {
        return TestNode.APPS_YAML
                + "store:\n  initialBuckets: 1000\n  initialUsers: 1000\n  initialEventIdsPerDay: 1000\n"
                + "postgres:\n  url: " + url + "\n  nodeId: " + nodeId + "\n  flushIntervalMillis: 200\n"
                + "  embeddedRetentionHours: 0\n";
    }

    @Test
    void threeNodesBehindHaproxyAgreeWithTheTruthAfterRetriesAndAKill() throws Exception {
        AcceptanceData data = new AcceptanceData();
        List<AcceptanceData.Batch> batches = data.batches.stream().map(ManyNodesIT::withIds).toList();
        try (PgTestDatabase db = PgTestDatabase.create("nodes")) {
            List<ChildNode> nodes = new ArrayList<>();
            List<Path> dirs = new ArrayList<>();
            Map<String, String> env = Map.of("SCENERY_TEST_MAIN", PinnedClockMain.class.getName(),
                    "SCENERY_TEST_NOW", Long.toString(AcceptanceData.NOW));
            Haproxy lb = null;
            try {
                for (int i = 1; i <= 3; i++) {
                    Path d = Files.createDirectories(dir.resolve("node" + i));
                    dirs.add(d);
                    Files.writeString(d.resolve("scenery.yaml"), yaml(db.url(), "node" + i));
                    nodes.add(ChildNode.start(d, yaml(db.url(), "node" + i), env)); // each binds a port of its own
                }
                lb = Haproxy.start(dir, nodes.stream().map(n -> n.port).toList());
                String base = "http://127.0.0.1:" + lb.port;

                // 1. the first 45% one by one: every answer as if there were one node
                int a = batches.size() * 45 / 100;
                int b = batches.size() * 75 / 100;
                Set<String> sent = new HashSet<>();
                for (AcceptanceData.Batch batch : batches.subList(0, a)) {
                    assertAnswer(post(base, batch), batch);
                    sent.add(batch.body());
                }

                // 2. the next 30% from four clients at once (each body once), node 2 killed in the middle
                List<AcceptanceData.Batch> parallel = new ArrayList<>();
                for (AcceptanceData.Batch batch : batches.subList(a, b)) {
                    if (sent.add(batch.body())) {
                        parallel.add(batch);
                    }
                }
                ConcurrentLinkedQueue<AcceptanceData.Batch> unanswered = new ConcurrentLinkedQueue<>();
                AtomicInteger next = new AtomicInteger();
                AtomicInteger done = new AtomicInteger();
                ExecutorService clients = Executors.newFixedThreadPool(4);
                for (int c = 0; c < 4; c++) {
                    clients.submit(() -> {
                        int i;
                        while ((i = next.getAndIncrement()) < parallel.size()) {
                            AcceptanceData.Batch batch = parallel.get(i);
                            try {
                                HttpResponse<String> r = post(base, batch);
                                if (r.statusCode() != 202) {
                                    unanswered.add(batch);
                                }
                            } catch (Exception e) {
                                unanswered.add(batch);
                            }
                            done.incrementAndGet();
                        }
                        return null;
                    });
                }
                while (done.get() < parallel.size() / 3) {
                    Thread.sleep(5);
                }
                nodes.get(1).kill();
                clients.shutdown();
                assertThat(clients.awaitTermination(60, TimeUnit.SECONDS)).isTrue();

                // 3. node 2 back on its data directory and port; the balancer sends its share to it again
                nodes.set(1, ChildNode.startOn(dirs.get(1), yaml(db.url(), "node2"), nodes.get(1).port, env));
                lb.awaitServersUp(3);
                int appliedBeforeTheKill = 0; // stored by node 2 but unanswered: its retry is a duplicate there
                for (AcceptanceData.Batch batch : unanswered) {
                    HttpResponse<String> r = post(base, batch);
                    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
                    appliedBeforeTheKill += new JsonObject(r.body()).getInteger("duplicates") > 0 ? 1 : 0;
                }

                // 4. the rest one by one, every answer exact again
                for (AcceptanceData.Batch batch : batches.subList(b, batches.size())) {
                    assertAnswer(post(base, batch), batch);
                }

                for (ChildNode n : nodes) {
                    awaitFlushed(n);
                }
                for (ChildNode n : nodes) {
                    FigureContract.checkAll(api("http://127.0.0.1:" + n.port), data.visits, "postgres");
                }
                long users = data.visits.values().stream().mapToLong(v -> v.stream().map(AcceptanceData.Visit::uid).distinct().count()).sum();
                // (the test traffic's first visits are rows of their own, under the apps' shadow ids)
                assertThat(db.one("SELECT count(*) FROM scenery_first_visits WHERE app_id NOT LIKE '%~test'").getLong(0)).isEqualTo(users);
                assertThat(db.one("SELECT count(DISTINCT node_id) FROM scenery_daily").getLong(0)).isEqualTo(3);
                System.out.println("ManyNodesIT: " + unanswered.size() + " batches unanswered at the kill, sent again; "
                        + appliedBeforeTheKill + " of them had been stored by the killed node");

                // 5. node 3 lost with its disk (everything flushed): a replacement with a new id and an empty
                //    directory takes its place in the balancer, and its answers are the truth too
                nodes.get(2).kill();
                Path replacement = Files.createDirectories(dir.resolve("node3-replacement"));
                nodes.set(2, ChildNode.startOn(replacement, yaml(db.url(), "node3b"), nodes.get(2).port, env));
                lb.awaitServersUp(3);
                awaitFlushed(nodes.get(2));
                FigureContract.checkAll(api("http://127.0.0.1:" + nodes.get(2).port), data.visits, "postgres");
            } finally {
                if (lb != null) {
                    lb.close();
                }
                for (ChildNode n : nodes) {
                    n.kill();
                }
            }
        }
    }

    /**
     * Every beacon with an id (derived from the body, so a retry's copy has the same ones): a
     * batch sent again after a kill can only count once if its beacons can be told apart.
     */
    private static AcceptanceData.Batch withIds(AcceptanceData.Batch batch) {
        JsonArray body = new JsonArray(batch.body());
        String tag = Integer.toHexString(batch.body().hashCode()) + Integer.toHexString(batch.body().length());
        for (int i = 0; i < body.size(); i++) {
            if (body.getValue(i) instanceof JsonObject o && !o.containsKey("id")) {
                o.put("id", "lb" + tag + "-" + i);
            }
        }
        return new AcceptanceData.Batch(batch.app(), body.encode(), batch.accepted(), batch.duplicates(), batch.rejected());
    }

    private static void assertAnswer(HttpResponse<String> r, AcceptanceData.Batch batch) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        JsonObject answer = new JsonObject(r.body());
        assertThat(answer.getInteger("accepted")).as(batch.body()).isEqualTo(batch.accepted());
        assertThat(answer.getInteger("duplicates")).as(batch.body()).isEqualTo(batch.duplicates());
    }

    private static HttpResponse<String> post(String base, AcceptanceData.Batch batch) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + "/v1/apps/" + batch.app() + "/beacons"))
                .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(batch.body(), StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void awaitFlushed(ChildNode n) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            JsonObject pg = new JsonObject(n.get("/ready").body()).getJsonObject("postgres");
            if ("ok".equals(pg.getString("state")) && pg.getInteger("dirtyBuckets") == 0
                    && pg.getLong("lastWrite").equals(pg.getLong("watermark"))) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("node on port " + n.port + " did not flush: " + pg.encode() + "\n" + n.log());
            }
            Thread.sleep(100);
        }
    }

    private static FigureContract.Api api(String base) {
        return uri -> {
            try {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + uri)).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200) {
                    throw new AssertionError("GET " + uri + " answered " + r.statusCode() + ": " + r.body());
                }
                return new JsonObject(r.body());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        };
    }
}
