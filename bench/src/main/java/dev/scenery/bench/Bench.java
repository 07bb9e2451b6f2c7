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
    final Truths truths = new Truths();
    final SceneryRuns runs = new SceneryRuns(this);

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
            runs.runEmbedded(p, i == 0 && args.profile);
            if (i == 0) {
                runs.runSyncModes(p);
            }
            runs.runPostgresMode(p);
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
            return z.getEntry("dev/scenery/postgres/PostgresStore.class") != null;
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

    void runRedisPeer(Point p) throws Exception {
        if (!redisAvailable) {
            p.redis.why = redisWhy;
            return;
        }
        new RedisPeer(this).run(p);
    }
}
