package dev.scenery.bench;

import static dev.scenery.bench.Bench.*;
import static dev.scenery.bench.Report.bytes;
import static dev.scenery.bench.Tools.*;

import static dev.scenery.bench.Report.bytes;
import static dev.scenery.bench.Tools.*;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Scenery under the bench: the embedded store and PostgreSQL mode each on a fresh node (the bare
 * route, interleaved windows, the preload, half-rate latency, the queries, the visitor errors and
 * memory), and each store.sync mode.
 */
final class SceneryRuns {
    private final Bench bench;

    SceneryRuns(Bench bench) {
        this.bench = bench;
    }

    void runEmbedded(Point p, boolean profile) throws Exception {
        ModeResult m = p.embedded;
        try (Server s = new Server(bench, "embedded", bench.freshDir("embedded"), false, p.d)) {
            ingestAndQuery(p, m, s, profile);
            m.measured = true;
        }
    }

    /**
     * What each {@code store.sync} mode costs, measured alike in this run: per mode a fresh node,
     * a warm-up, a closed-loop window (the ingest rate) and an open-loop window at half that rate
     * (latency from each request's intended start), plus the redo log's forces to disk.
     */
    void runSyncModes(Point p) throws Exception {
        for (String mode : List.of("process", "durable")) {
            SyncResult r = new SyncResult();
            r.mode = mode;
            try (Server s = new Server(bench, "sync " + mode, bench.freshDir("sync-" + mode), false, p.d, "  sync: " + mode + "\n")) {
                AtomicLong cursor = new AtomicLong();
                bench.load.closed(s.port, "/v1/apps/warm/beacons", p.d, cursor, p.d.batches(), true, 5_000, bench.args.conns);
                r.closed = bench.load.closed(s.port, "/v1/apps/warm/beacons", p.d, cursor, p.d.batches(), true, bench.args.window * 1000L, bench.args.conns);
                HttpClientAgent openClient = bench.load.httpClient(s.port, 256);
                r.halfRate = r.closed.rate() / 2;
                r.half = bench.load.open(openClient, "/v1/apps/warm/beacons", p.d, cursor, r.halfRate / BATCH, bench.args.window * 1000L);
                openClient.close();
                String metrics = get(s.port, "/metrics").body();
                for (String line : metrics.split("\n")) {
                    if (line.startsWith("scenery_store_redo_forces ")) {
                        r.forces = (long) Double.parseDouble(line.substring(line.indexOf(' ') + 1));
                    }
                }
                bench.note(String.format(Locale.ROOT, "sync %s: closed %s; half rate %s; redo forces %d", mode,
                        r.closed.summary(), r.half.summary(), r.forces));
            }
            p.sync.add(r);
        }
    }

    void runPostgresMode(Point p) throws Exception {
        ModeResult m = p.postgres;
        if (!bench.pgAvailable) {
            m.why = bench.pgWhy;
            return;
        }
        if (!bench.jarHasPostgresMode()) {
            m.why = "the service build has no PostgreSQL mode yet";
            return;
        }
        bench.recreatePgDb();
        try (Server s = new Server(bench, "postgres mode", bench.freshDir("postgres"), true, p.d)) {
            ingestAndQuery(p, m, s, false);
            m.measured = true;
            for (String t : List.of("scenery_hourly", "scenery_daily")) {
                m.pgSizes.put(t, Long.parseLong(bench.psql(bench.args.pgDb, "select pg_total_relation_size('" + t + "')")));
            }
        } catch (Exception e) {
            m.why = "failed: " + e.getMessage().split("\n")[0];
            bench.note("PostgreSQL mode failed: " + e);
        }
    }

    void ingestAndQuery(Point p, ModeResult m, Server s, boolean profile) throws Exception {
        Dataset d = p.d;
        int w = bench.args.window;
        HttpClientAgent client = bench.load.httpClient(s.port, bench.args.conns);
        AtomicLong bareCursor = new AtomicLong();
        AtomicLong warmCursor = new AtomicLong();
        // the ceiling: the bare parse-only route on the same port, same bodies, same connections
        bench.load.closed(s.port, "/v1/bench/parse-only", d, bareCursor, d.batches(), true, 3_000, bench.args.conns);
        bareCursor.set(0);
        m.bare = bench.load.closed(s.port, "/v1/bench/parse-only", d, bareCursor, d.batches(), true, w * 1000L, bench.args.conns);
        bench.note("bare parse-only: " + m.bare.summary());
        // warm the ingest path on another app (its own first-seen entries; app 'bench' stays exact)
        LoadResult warm = bench.load.closed(s.port, "/v1/apps/warm/beacons", d, warmCursor, d.batches(), true, 5_000, bench.args.conns);
        bench.note("warm-up (app warm): " + warm.summary());
        // the ratio to the bare route, robust to a noisy machine: alternate short windows of each, same bodies
        long half = Math.max(3_000, w * 500L);
        double[] ratios = new double[3];
        for (int round = 0; round < ratios.length; round++) {
            LoadResult b = bench.load.closed(s.port, "/v1/bench/parse-only", d, bareCursor, d.batches(), true, half, bench.args.conns);
            LoadResult sc = bench.load.closed(s.port, "/v1/apps/warm/beacons", d, warmCursor, d.batches(), true, half, bench.args.conns);
            m.rounds.add(new double[]{b.rate(), sc.rate()});
            ratios[round] = sc.rate() / b.rate();
            bench.note(String.format(Locale.ROOT, "interleaved round %d: bare %,.0f ev/s, Scenery (app warm) %,.0f ev/s, ratio %.2f",
                    round + 1, b.rate(), sc.rate(), ratios[round]));
        }
        Arrays.sort(ratios);
        m.interleavedRatio = ratios[1];
        // preload: every beacon of the data set once, as fast as it goes
        AtomicLong preCursor = new AtomicLong();
        m.preload = bench.load.closed(s.port, "/v1/apps/bench/beacons", d, preCursor, d.batches(), false, bench.args.maxLoadSeconds * 1000, bench.args.conns);
        bench.note("preload (app bench): " + m.preload.summary());
        // latency at half of the maximum rate (open loop, app warm)
        m.halfRate = m.preload.rate() / 2;
        HttpClientAgent openClient = bench.load.httpClient(s.port, 256);
        m.half = bench.load.open(openClient, "/v1/apps/warm/beacons", d, warmCursor, m.halfRate / BATCH, w * 1000L);
        bench.note(String.format(Locale.ROOT, "half rate (%,.0f ev/s target): %s", m.halfRate, m.half.summary()));
        openClient.close();
        if (profile) {
            Path jfr = bench.args.work.resolve("ingest.jfr");
            Files.deleteIfExists(jfr);
            s.jcmd("JFR.start", "name=bench", "settings=profile");
            LoadResult prof = bench.load.closed(s.port, "/v1/apps/warm/beacons", d, warmCursor, d.batches(), true, bench.args.scale < 0.3 ? 20_000 : 30_000, bench.args.conns);
            s.jcmd("JFR.stop", "name=bench", "filename=" + jfr);
            bench.note("profiled ingest (app warm, JFR): " + prof.summary());
            bench.profileText = Profile.analyse(jfr, prof, bench.args, p);
        }
        client.close();
        if (s.logFile.getParent().getFileName().toString().equals("postgres")) {
            long t = System.nanoTime();
            long end = System.currentTimeMillis() + 300_000;
            while (System.currentTimeMillis() < end) {
                JsonObject pg = getJson(s.port, "/ready").getJsonObject("postgres");
                if (pg != null && pg.getLong("dirtyBuckets", 1L) == 0 && "ok".equals(pg.getString("state"))) {
                    break;
                }
                Thread.sleep(250);
            }
            m.flushSeconds = (System.nanoTime() - t) / 1e9;
            bench.note(String.format(Locale.ROOT, "flushed to PostgreSQL %.1f s after the preload: %s", m.flushSeconds,
                    getJson(s.port, "/ready").getJsonObject("postgres")));
        }
        for (int i = 0; i < QUERY_PATHS.length; i++) {
            String path = QUERY_PATHS[i];
            Latency.Op op = () -> {
                var r = get(s.port, path);
                if (r.statusCode() != 200) {
                    throw new IllegalStateException(path + " answered " + r.statusCode() + ": " + r.body());
                }
            };
            long c0 = System.nanoTime();
            op.run();
            m.q.cold.put(QUERY_NAMES[i], (System.nanoTime() - c0) / 1e6);
            Timing t = Latency.time(op, 20, 20, 2000, bench.args.scale < 0.3 ? 3_000 : 4_000);
            m.q.t.put(QUERY_NAMES[i], t);
            bench.note(String.format(Locale.ROOT, "query %s: first %.2f ms, then p50 %.2f ms p99 %.2f ms (n=%d)", QUERY_NAMES[i],
                    m.q.cold.get(QUERY_NAMES[i]), t.p50, t.p99, t.n));
        }
        m.err = bench.truths.sceneryErrors(s.port, d);
        s.jcmd("GC.run");
        String metrics = get(s.port, "/metrics").body();
        Memory mem = m.mem;
        m.checkpoints = String.format(Locale.ROOT, "%,.0f checkpoints, the longest %.1f ms, the last %.1f ms (%,.0f buckets)",
                promSum(metrics, "scenery_store_checkpoints", null), promSum(metrics, "scenery_store_checkpoint_max_seconds", null) * 1000,
                promSum(metrics, "scenery_store_checkpoint_last_seconds", null) * 1000, promSum(metrics, "scenery_store_checkpoint_last_buckets", null));
        m.checkpoints += String.format(Locale.ROOT, "; GC: %,.0f pauses, %.0f ms in total, the longest of the last minutes %.1f ms",
                promSum(metrics, "jvm_gc_pause_seconds_count", null), promSum(metrics, "jvm_gc_pause_seconds_sum", null) * 1000,
                promMax(metrics, "jvm_gc_pause_seconds_max") * 1000);
        bench.note("writer: " + m.checkpoints);
        mem.heap = promSum(metrics, "jvm_memory_used_bytes", "area=\"heap\"");
        mem.nonHeap = promSum(metrics, "jvm_memory_used_bytes", "area=\"nonheap\"");
        mem.direct = promSum(metrics, "jvm_buffer_memory_used_bytes", "id=\"direct\"");
        mem.mapped = promSum(metrics, "jvm_buffer_memory_used_bytes", "id=\"mapped\"");
        mem.storeDisk = promSum(metrics, "scenery_store_disk_bytes", null);
        mem.rss = s.rssBytes();
        mem.duAllocated = du(s.dataDir, false);
        mem.duApparent = du(s.dataDir, true);
        mem.buckets = promSum(metrics, "scenery_store_buckets", null);
        mem.users = promSum(metrics, "scenery_store_users", null);
        mem.files = sh(60, "sh", "-c", "cd '" + s.dataDir + "' && du -a --block-size=1 . | sort -rn | head -8 | awk '{printf \"%s %.1f MiB; \", $2, $1/1048576}'");
        bench.note(String.format(Locale.ROOT, "memory: heap %s, non-heap %s, RSS %s, data dir %s allocated / %s apparent, store_disk_bytes %s",
                bytes(mem.heap), bytes(mem.nonHeap), bytes(mem.rss), bytes(mem.duAllocated), bytes(mem.duApparent), bytes(mem.storeDisk)));
    }
}
