package dev.scenery.bench;

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
 * Scenery's benchmark driver (see bench/README.md). Run by bench/run.sh as
 * {@code java -cp bench/target/scenery-bench.jar dev.scenery.bench.Bench [options]}: it generates a fixed data set, starts the
 * service (embedded store, then PostgreSQL mode), drives ingest and queries over HTTP, loads the same
 * beacons into the peers (raw-events table in PostgreSQL, HyperLogLog keys in Redis), and writes
 * bench/results/latest.md and bench/results/profile.md. Traffic goes to 127.0.0.1 only; every loop
 * is bounded in time.
 */
public class Bench {
    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    static final long DAY = 86_400_000L;
    static final int BATCH = 100;
    static final int SCENES = 200;
    static final int UTM_COMBOS = 2000;
    static final String TZ = "Asia/Shanghai";

    final Args args;
    final Vertx vertx = Vertx.vertx();
    final StringBuilder log = new StringBuilder();
    final HttpLoad load = new HttpLoad(this);

    Bench(Args args) {
        this.args = args;
    }

    public static void main(String[] argv) throws Exception {
        if (argv.length >= 2 && argv[0].equals("--analyse-jfr")) {
            // re-reads a recording: --analyse-jfr FILE [OUT.md]
            Args a = new Args();
            a.command = "dev.scenery.bench.Bench --analyse-jfr " + argv[1];
            Point p = new Point();
            String md = Profile.analyse(Path.of(argv[1]), new LoadResult(), a, p);
            if (argv.length > 2) {
                Files.writeString(Path.of(argv[2]), md);
            } else {
                System.out.print(md);
            }
            return;
        }
        Args a = Args.parse(argv);
        Bench b = new Bench(a);
        int rc = 0;
        try {
            b.run();
        } catch (Throwable t) {
            t.printStackTrace();
            rc = 1;
        } finally {
            b.vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        System.exit(rc);
    }

    void note(String s) {
        String line = "[" + Instant.now().toString().substring(11, 19) + "] " + s;
        System.out.println(line);
        System.out.flush();
        log.append(line).append('\n');
    }

    String psql(String db, String sql) throws Exception {
        return sh(600, "psql", "-h", args.pgHost, "-p", String.valueOf(args.pgPort), "-U", "postgres", "-d", db,
                "-v", "ON_ERROR_STOP=1", "-Atqc", sql).trim();
    }

    // ------------------------------------------------------------------------------------------
    // results

    static final String[] QUERY_NAMES = {"7d top 10", "7d top 10 trend", "30d trend", "today by hour"};
    static final String[] QUERY_PATHS = {
            "/v1/apps/bench/scenes?range=7d&metric=visitors&limit=10",
            "/v1/apps/bench/scenes/trend?range=7d&metric=visitors&limit=10",
            "/v1/apps/bench/scenes/trend?range=30d&metric=visitors&limit=10",
            "/v1/apps/bench/scenes/trend?range=today&metric=visitors&limit=10"};

    // ------------------------------------------------------------------------------------------
    // the run

    String profileText;
    boolean pgAvailable;
    String pgWhy = "";
    boolean redisAvailable;
    String redisWhy = "";
    String topAtStart = "";

    void run() throws Exception {
        long t0 = System.currentTimeMillis();
        Files.createDirectories(args.work);
        Files.createDirectories(args.out.toAbsolutePath().getParent());
        topAtStart = sh(10, "sh", "-c", "top -b -n 1 -w 120 | head -14 | tail -8");
        checkPeers();
        List<Double> scales = new ArrayList<>(List.of(args.scale));
        switch (args.growth) {
            case "half" -> scales.add(args.scale / 2);
            case "double" -> scales.add(args.scale * 2);
            case "none" -> { }
            default -> throw new IllegalArgumentException("--growth must be half, double or none");
        }
        List<Point> points = new ArrayList<>();
        for (int i = 0; i < scales.size(); i++) {
            double s = scales.get(i);
            note(String.format(Locale.ROOT, "=== scale %.4g: generating data", s));
            Point p = new Point();
            p.d = new Dataset(s, System.currentTimeMillis());
            p.events = p.d.n;
            p.users = p.d.users;
            p.load0 = loadavg();
            note(String.format(Locale.ROOT, "%,d beacons, %,d users, %d batches", p.d.n, p.d.users, p.d.batches()));
            runEmbedded(p, i == 0 && args.profile);
            if (i == 0) {
                runSyncModes(p);
            }
            runPostgresMode(p);
            new RawEventsPeer(this).runRawPeer(p);
            runRedisPeer(p);
            p.load1 = loadavg();
            points.add(p);
            p.d = null; // free the arrays
            System.gc();
            new Report(this).writeReport(points, scales, (System.currentTimeMillis() - t0) / 1000);
        }
        if (!args.keep) {
            cleanup();
        }
        note("done in " + (System.currentTimeMillis() - t0) / 1000 + " s; wrote " + args.out);
    }

    void checkPeers() {
        String mode = args.pg;
        if (mode.equals("off")) {
            pgAvailable = false;
            pgWhy = "skipped (--pg off)";
        } else {
            try {
                psql("postgres", "select 1");
                pgAvailable = true;
            } catch (Exception e) {
                pgAvailable = false;
                pgWhy = "PostgreSQL not reachable at " + args.pgHost + ":" + args.pgPort + " (" + e.getMessage().split("\n")[0] + ")";
                if (mode.equals("on")) {
                    throw new IllegalStateException(pgWhy);
                }
            }
        }
        try (Socket s = new Socket("127.0.0.1", 6379)) {
            redisAvailable = args.redis;
            redisWhy = args.redis ? "" : "skipped (--no-redis)";
        } catch (IOException e) {
            redisAvailable = false;
            redisWhy = "Redis not reachable at 127.0.0.1:6379";
        }
        note("PostgreSQL: " + (pgAvailable ? "yes" : pgWhy) + "; Redis: " + (redisAvailable ? "yes" : redisWhy));
    }

    boolean jarHasPostgresMode() {
        try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(args.jar)) {
            return z.getEntry("dev/scenery/store/PostgresStore.class") != null;
        } catch (IOException e) {
            return false;
        }
    }

    void recreatePgDb() throws Exception {
        psql("postgres", "DROP DATABASE IF EXISTS " + args.pgDb + " WITH (FORCE)");
        psql("postgres", "CREATE DATABASE " + args.pgDb);
    }

    void cleanup() {
        try {
            if (pgAvailable) {
                psql("postgres", "DROP DATABASE IF EXISTS " + args.pgDb + " WITH (FORCE)");
            }
        } catch (Exception e) {
            note("cleanup PostgreSQL: " + e.getMessage());
        }
        if (redisAvailable) {
            try {
                RedisPeer.flush(this);
            } catch (Exception e) {
                note("cleanup Redis: " + e.getMessage());
            }
        }
        try {
            sh(120, "rm", "-rf", args.work.resolve("embedded").toString(), args.work.resolve("postgres").toString());
        } catch (Exception e) {
            note("cleanup " + args.work + ": " + e.getMessage());
        }
    }

    Path freshDir(String name) throws Exception {
        Path dir = args.work.resolve(name);
        sh(120, "rm", "-rf", dir.toString());
        Files.createDirectories(dir);
        return dir;
    }

    void runEmbedded(Point p, boolean profile) throws Exception {
        ModeResult m = p.embedded;
        try (Server s = new Server(this, "embedded", freshDir("embedded"), false, p.d)) {
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
            try (Server s = new Server(this, "sync " + mode, freshDir("sync-" + mode), false, p.d, "  sync: " + mode + "\n")) {
                AtomicLong cursor = new AtomicLong();
                load.closed(s.port, "/v1/apps/warm/beacons", p.d, cursor, p.d.batches(), true, 5_000, args.conns);
                r.closed = load.closed(s.port, "/v1/apps/warm/beacons", p.d, cursor, p.d.batches(), true, args.window * 1000L, args.conns);
                HttpClientAgent openClient = load.httpClient(s.port, 256);
                r.halfRate = r.closed.rate() / 2;
                r.half = load.open(openClient, "/v1/apps/warm/beacons", p.d, cursor, r.halfRate / BATCH, args.window * 1000L);
                openClient.close();
                String metrics = get(s.port, "/metrics").body();
                for (String line : metrics.split("\n")) {
                    if (line.startsWith("scenery_store_redo_forces ")) {
                        r.forces = (long) Double.parseDouble(line.substring(line.indexOf(' ') + 1));
                    }
                }
                note(String.format(Locale.ROOT, "sync %s: closed %s; half rate %s; redo forces %d", mode,
                        r.closed.summary(), r.half.summary(), r.forces));
            }
            p.sync.add(r);
        }
    }

    void runPostgresMode(Point p) throws Exception {
        ModeResult m = p.postgres;
        if (!pgAvailable) {
            m.why = pgWhy;
            return;
        }
        if (!jarHasPostgresMode()) {
            m.why = "the service build has no PostgreSQL mode yet";
            return;
        }
        recreatePgDb();
        try (Server s = new Server(this, "postgres mode", freshDir("postgres"), true, p.d)) {
            ingestAndQuery(p, m, s, false);
            m.measured = true;
            for (String t : List.of("scenery_hourly", "scenery_daily")) {
                m.pgSizes.put(t, Long.parseLong(psql(args.pgDb, "select pg_total_relation_size('" + t + "')")));
            }
        } catch (Exception e) {
            m.why = "failed: " + e.getMessage().split("\n")[0];
            note("PostgreSQL mode failed: " + e);
        }
    }

    void ingestAndQuery(Point p, ModeResult m, Server s, boolean profile) throws Exception {
        Dataset d = p.d;
        int w = args.window;
        HttpClientAgent client = load.httpClient(s.port, args.conns);
        AtomicLong bareCursor = new AtomicLong();
        AtomicLong warmCursor = new AtomicLong();
        // the ceiling: the bare parse-only route on the same port, same bodies, same connections
        load.closed(s.port, "/v1/bench/parse-only", d, bareCursor, d.batches(), true, 3_000, args.conns);
        bareCursor.set(0);
        m.bare = load.closed(s.port, "/v1/bench/parse-only", d, bareCursor, d.batches(), true, w * 1000L, args.conns);
        note("bare parse-only: " + m.bare.summary());
        // warm the ingest path on another app (its own first-seen entries; app 'bench' stays exact)
        LoadResult warm = load.closed(s.port, "/v1/apps/warm/beacons", d, warmCursor, d.batches(), true, 5_000, args.conns);
        note("warm-up (app warm): " + warm.summary());
        // the ratio to the bare route, robust to a noisy machine: alternate short windows of each, same bodies
        long half = Math.max(3_000, w * 500L);
        double[] ratios = new double[3];
        for (int round = 0; round < ratios.length; round++) {
            LoadResult b = load.closed(s.port, "/v1/bench/parse-only", d, bareCursor, d.batches(), true, half, args.conns);
            LoadResult sc = load.closed(s.port, "/v1/apps/warm/beacons", d, warmCursor, d.batches(), true, half, args.conns);
            m.rounds.add(new double[]{b.rate(), sc.rate()});
            ratios[round] = sc.rate() / b.rate();
            note(String.format(Locale.ROOT, "interleaved round %d: bare %,.0f ev/s, Scenery (app warm) %,.0f ev/s, ratio %.2f",
                    round + 1, b.rate(), sc.rate(), ratios[round]));
        }
        Arrays.sort(ratios);
        m.interleavedRatio = ratios[1];
        // preload: every beacon of the data set once, as fast as it goes
        AtomicLong preCursor = new AtomicLong();
        m.preload = load.closed(s.port, "/v1/apps/bench/beacons", d, preCursor, d.batches(), false, args.maxLoadSeconds * 1000, args.conns);
        note("preload (app bench): " + m.preload.summary());
        // latency at half of the maximum rate (open loop, app warm)
        m.halfRate = m.preload.rate() / 2;
        HttpClientAgent openClient = load.httpClient(s.port, 256);
        m.half = load.open(openClient, "/v1/apps/warm/beacons", d, warmCursor, m.halfRate / BATCH, w * 1000L);
        note(String.format(Locale.ROOT, "half rate (%,.0f ev/s target): %s", m.halfRate, m.half.summary()));
        openClient.close();
        if (profile) {
            Path jfr = args.work.resolve("ingest.jfr");
            Files.deleteIfExists(jfr);
            s.jcmd("JFR.start", "name=bench", "settings=profile");
            LoadResult prof = load.closed(s.port, "/v1/apps/warm/beacons", d, warmCursor, d.batches(), true, args.scale < 0.3 ? 20_000 : 30_000, args.conns);
            s.jcmd("JFR.stop", "name=bench", "filename=" + jfr);
            note("profiled ingest (app warm, JFR): " + prof.summary());
            profileText = Profile.analyse(jfr, prof, args, p);
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
            note(String.format(Locale.ROOT, "flushed to PostgreSQL %.1f s after the preload: %s", m.flushSeconds,
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
            Timing t = Latency.time(op, 20, 20, 2000, args.scale < 0.3 ? 3_000 : 4_000);
            m.q.t.put(QUERY_NAMES[i], t);
            note(String.format(Locale.ROOT, "query %s: first %.2f ms, then p50 %.2f ms p99 %.2f ms (n=%d)", QUERY_NAMES[i],
                    m.q.cold.get(QUERY_NAMES[i]), t.p50, t.p99, t.n));
        }
        m.err = sceneryErrors(s.port, d);
        s.jcmd("GC.run");
        String metrics = get(s.port, "/metrics").body();
        Memory mem = m.mem;
        m.checkpoints = String.format(Locale.ROOT, "%,.0f checkpoints, the longest %.1f ms, the last %.1f ms (%,.0f buckets)",
                promSum(metrics, "scenery_store_checkpoints", null), promSum(metrics, "scenery_store_checkpoint_max_seconds", null) * 1000,
                promSum(metrics, "scenery_store_checkpoint_last_seconds", null) * 1000, promSum(metrics, "scenery_store_checkpoint_last_buckets", null));
        m.checkpoints += String.format(Locale.ROOT, "; GC: %,.0f pauses, %.0f ms in total, the longest of the last minutes %.1f ms",
                promSum(metrics, "jvm_gc_pause_seconds_count", null), promSum(metrics, "jvm_gc_pause_seconds_sum", null) * 1000,
                promMax(metrics, "jvm_gc_pause_seconds_max") * 1000);
        note("writer: " + m.checkpoints);
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
        note(String.format(Locale.ROOT, "memory: heap %s, non-heap %s, RSS %s, data dir %s allocated / %s apparent, store_disk_bytes %s",
                bytes(mem.heap), bytes(mem.nonHeap), bytes(mem.rss), bytes(mem.duAllocated), bytes(mem.duApparent), bytes(mem.storeDisk)));
    }

    Errors sceneryErrors(int port, Dataset d) throws Exception {
        JsonObject a7 = getJson(port, "/v1/apps/bench/scenes?range=7d&metric=visitors&limit=100");
        JsonObject a30 = getJson(port, "/v1/apps/bench/scenes?range=30d&metric=visitors&limit=100");
        Errors e = new Errors();
        Exact x7 = exactFor(d, a7);
        Exact x30 = exactFor(d, a30);
        e.exact7 = x7.visitors;
        e.measured7 = a7.getJsonObject("total").getLong("visitors");
        e.exact30 = x30.visitors;
        e.measured30 = a30.getJsonObject("total").getLong("visitors");
        Map<Integer, Long> m7 = new HashMap<>();
        for (Object o : a7.getJsonArray("items")) {
            JsonObject it = (JsonObject) o;
            m7.put(it.getInteger("code"), it.getLong("visitors"));
        }
        Map<Integer, Long> m30 = new HashMap<>();
        for (Object o : a30.getJsonArray("items")) {
            JsonObject it = (JsonObject) o;
            m30.put(it.getInteger("code"), it.getLong("visitors"));
        }
        fillTopErrors(e, x7, x30, m7, m30);
        List<Integer> servedOrder = a7.getJsonArray("items").stream().limit(10).map(o -> ((JsonObject) o).getInteger("code")).toList();
        e.topOrderSame7 = servedOrder.equals(exactTop(x7, 10));
        return e;
    }

    static List<Integer> exactTop(Exact x, int k) {
        List<Integer> ranks = new ArrayList<>();
        for (int s = 0; s < SCENES; s++) {
            ranks.add(s);
        }
        ranks.sort(Comparator.<Integer>comparingLong(s -> -x.sceneVisitors[s]).thenComparing(s -> Dataset.code(s)));
        return ranks.subList(0, k).stream().map(Dataset::code).toList();
    }

    static void fillTopErrors(Errors e, Exact x7, Exact x30, Map<Integer, Long> m7, Map<Integer, Long> m30) {
        double max7 = 0;
        double sum7 = 0;
        double max30 = 0;
        List<Integer> top7 = exactTop(x7, 10);
        List<Integer> top30 = exactTop(x30, 10);
        for (int code : top7) {
            int rank = rankOf(code);
            double rel = Math.abs(m7.getOrDefault(code, 0L) - x7.sceneVisitors[rank]) / (double) Math.max(1, x7.sceneVisitors[rank]);
            max7 = Math.max(max7, rel);
            sum7 += rel;
        }
        for (int code : top30) {
            int rank = rankOf(code);
            double rel = Math.abs(m30.getOrDefault(code, 0L) - x30.sceneVisitors[rank]) / (double) Math.max(1, x30.sceneVisitors[rank]);
            max30 = Math.max(max30, rel);
        }
        e.topMaxRel7 = max7;
        e.topMeanRel7 = sum7 / top7.size();
        e.topMaxRel30 = max30;
    }

    static int rankOf(int code) {
        for (int r = 0; r < SCENES; r++) {
            if (Dataset.code(r) == code) {
                return r;
            }
        }
        throw new IllegalArgumentException("code " + code);
    }

    final Map<String, Exact> exactCache = new HashMap<>();

    Exact exactFor(Dataset d, JsonObject answer) {
        JsonObject range = answer.getJsonObject("range");
        LocalDate from = LocalDate.parse(range.getString("from"));
        LocalDate to = LocalDate.parse(range.getString("to"));
        return exactDays(d, from, to);
    }

    Exact exactDays(Dataset d, LocalDate from, LocalDate to) {
        String key = System.identityHashCode(d) + ":" + from + ":" + to;
        return exactCache.computeIfAbsent(key, k -> Exact.of(d, from.toEpochDay(), to.toEpochDay()));
    }

    void runRedisPeer(Point p) throws Exception {
        if (!redisAvailable) {
            p.redis.why = redisWhy;
            return;
        }
        new RedisPeer(this).run(p);
    }
}
