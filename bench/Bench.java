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
 * {@code java -cp scenery.jar bench/Bench.java [options]}: it generates a fixed data set, starts the
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

    Bench(Args args) {
        this.args = args;
    }

    public static void main(String[] argv) throws Exception {
        if (argv.length >= 2 && argv[0].equals("--analyse-jfr")) {
            // re-reads a recording: --analyse-jfr FILE [OUT.md]
            Args a = new Args();
            a.command = "bench/Bench.java --analyse-jfr " + argv[1];
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

    // ------------------------------------------------------------------------------------------
    // options

    static final class Args {
        double scale = 1.0;
        String growth = "half"; // half | double | none
        int window = -1;        // seconds of the fixed-duration load phases; -1 = by scale
        int conns = 16;
        String pg = "auto";     // auto | on | off
        boolean redis = true;
        boolean profile = true;
        String jar;
        Path work = Path.of("/tmp/scenery-bench");
        Path out = Path.of("bench/results/latest.md");
        Path profileOut = Path.of("bench/results/profile.md");
        int redisDb = 13;
        String pgHost = "127.0.0.1";
        int pgPort = 5432;
        String pgDb = "scenery_bench";
        long maxLoadSeconds = 1200; // bound of any once-through load
        String command = "bench/run.sh";
        boolean keep = false;

        static Args parse(String[] argv) {
            Args a = new Args();
            for (int i = 0; i < argv.length; i++) {
                String k = argv[i];
                final int at = i;
                Supplier<String> v = () -> {
                    if (at + 1 >= argv.length) {
                        throw new IllegalArgumentException(k + " needs a value");
                    }
                    ITER[0] = at + 1;
                    return argv[at + 1];
                };
                ITER[0] = i;
                switch (k) {
                    case "--scale" -> a.scale = Double.parseDouble(v.get());
                    case "--growth" -> a.growth = v.get();
                    case "--window" -> a.window = Integer.parseInt(v.get());
                    case "--connections" -> a.conns = Integer.parseInt(v.get());
                    case "--pg" -> a.pg = v.get();
                    case "--no-redis" -> a.redis = false;
                    case "--no-profile" -> a.profile = false;
                    case "--jar" -> a.jar = v.get();
                    case "--work" -> a.work = Path.of(v.get());
                    case "--out" -> a.out = Path.of(v.get());
                    case "--profile-out" -> a.profileOut = Path.of(v.get());
                    case "--redis-db" -> a.redisDb = Integer.parseInt(v.get());
                    case "--pg-db" -> a.pgDb = v.get();
                    case "--max-load-seconds" -> a.maxLoadSeconds = Long.parseLong(v.get());
                    case "--command" -> a.command = v.get();
                    case "--keep" -> a.keep = true;
                    default -> throw new IllegalArgumentException("unknown option " + k);
                }
                i = ITER[0];
            }
            if (a.jar == null) {
                throw new IllegalArgumentException("--jar is required");
            }
            if (a.window < 0) {
                a.window = a.scale < 0.3 ? 10 : 20;
            }
            return a;
        }

        static final int[] ITER = new int[1];

        String pgUrl() {
            return "postgresql://postgres@" + pgHost + ":" + pgPort + "/" + pgDb;
        }
    }

    void note(String s) {
        String line = "[" + Instant.now().toString().substring(11, 19) + "] " + s;
        System.out.println(line);
        System.out.flush();
        log.append(line).append('\n');
    }

    // ------------------------------------------------------------------------------------------
    // the data set

    /** Deterministic visit beacons, in time order, over the 30 days before today and today so far. */
    static final class Dataset {
        static final int[] TOP_CODES = {1001, 1047, 1007, 1008, 1089, 1011, 1012, 1035, 1037, 1038, 1043, 1044, 1048, 1058,
                1074, 1095, 1104, 1129, 1145, 1154};
        final double scale;
        final int users;
        final int n;
        final long[] ts;
        final int[] uid;
        final byte[] scene;   // rank 0..199
        final short[] utm;    // -1: none
        final long start;
        final long end;
        final int offsetMs;
        final byte[][] utmQuery = new byte[UTM_COMBOS][];

        Dataset(double scale, long now) {
            this.scale = scale;
            this.users = (int) Math.max(1000, Math.round(1_000_000 * scale));
            this.n = (int) Math.max(10_000, Math.round(20_000_000 * scale));
            this.offsetMs = ZONE.getRules().getOffset(Instant.ofEpochMilli(now)).getTotalSeconds() * 1000;
            LocalDate today = LocalDate.ofInstant(Instant.ofEpochMilli(now), ZONE);
            this.start = today.minusDays(30).atStartOfDay(ZONE).toInstant().toEpochMilli();
            this.end = now - 120_000;
            ts = new long[n];
            uid = new int[n];
            scene = new byte[n];
            utm = new short[n];
            double[] sceneCdf = zipfCdf(SCENES, 1.1);
            double[] utmCdf = zipfCdf(UTM_COMBOS, 0.9);
            for (int c = 0; c < UTM_COMBOS; c++) {
                utmQuery[c] = ("utm_source=src" + (c % 10) + "&utm_medium=med" + ((c / 10) % 4) + "&utm_campaign=cmp" + (c / 40))
                        .getBytes(StandardCharsets.US_ASCII);
            }
            SplittableRandom rnd = new SplittableRandom(20260101L);
            double span = end - start;
            for (int i = 0; i < n; i++) {
                ts[i] = start + (long) ((i + rnd.nextDouble()) * span / n);
                double r = rnd.nextDouble();
                uid[i] = (int) Math.min(users - 1, (rnd.nextInt(3) == 0 ? r * r * r : r) * users);
                scene[i] = (byte) pick(sceneCdf, rnd.nextDouble());
                utm[i] = rnd.nextInt(100) < 35 ? -1 : (short) pick(utmCdf, rnd.nextDouble());
            }
        }

        static double[] zipfCdf(int k, double s) {
            double[] cdf = new double[k];
            double sum = 0;
            for (int r = 0; r < k; r++) {
                sum += 1 / Math.pow(r + 1, s);
                cdf[r] = sum;
            }
            for (int r = 0; r < k; r++) {
                cdf[r] /= sum;
            }
            return cdf;
        }

        static int pick(double[] cdf, double u) {
            int i = Arrays.binarySearch(cdf, u);
            return Math.min(cdf.length - 1, i >= 0 ? i : -i - 1);
        }

        static int code(int rank) {
            return rank < TOP_CODES.length ? TOP_CODES[rank] : 2000 + rank;
        }

        private String[] uidStrings;

        /** "u0001234" for the peers (built once). */
        synchronized String[] uidStrings() {
            if (uidStrings == null) {
                uidStrings = new String[users];
                for (int u = 0; u < users; u++) {
                    Sink k = new Sink(8);
                    k.put('u');
                    k.pad7(u);
                    uidStrings[u] = new String(k.b, 0, k.len, StandardCharsets.US_ASCII);
                }
            }
            return uidStrings;
        }

        int batches() {
            return (n + BATCH - 1) / BATCH;
        }

        long localDay(int i) {
            return Math.floorDiv(ts[i] + offsetMs, DAY);
        }

        String source(int combo) {
            return "src" + (combo % 10);
        }

        /** The native JSON body of one batch of beacons. */
        byte[] body(long batch) {
            int from = (int) (batch * BATCH);
            int to = Math.min(n, from + BATCH);
            Sink s = new Sink((to - from) * 220 + 2);
            s.put('[');
            for (int i = from; i < to; i++) {
                if (i > from) {
                    s.put(',');
                }
                s.ascii("{\"type\":\"visit\",\"uid\":\"u");
                s.pad7(uid[i]);
                s.ascii("\",\"sid\":\"s");
                s.pad7(uid[i]);
                s.put('-');
                s.num(ts[i] / 1_800_000L);
                s.ascii("\",\"ts\":");
                s.num(ts[i]);
                s.ascii(",\"scene\":");
                s.num(code(scene[i] & 0xff));
                if (utm[i] >= 0) {
                    s.ascii(",\"query\":\"");
                    s.bytes(utmQuery[utm[i]]);
                    s.put('"');
                }
                s.ascii(",\"path\":\"pages/index/index\"}");
            }
            s.put(']');
            return s.toArray();
        }
    }

    static final class Sink {
        byte[] b;
        int len;

        Sink(int cap) {
            b = new byte[cap];
        }

        void ensure(int more) {
            if (len + more > b.length) {
                b = Arrays.copyOf(b, Math.max(b.length * 2, len + more));
            }
        }

        void put(char c) {
            ensure(1);
            b[len++] = (byte) c;
        }

        void ascii(String s) {
            ensure(s.length());
            for (int i = 0; i < s.length(); i++) {
                b[len++] = (byte) s.charAt(i);
            }
        }

        void bytes(byte[] x) {
            ensure(x.length);
            System.arraycopy(x, 0, b, len, x.length);
            len += x.length;
        }

        void pad7(int v) {
            ensure(7);
            for (int i = 6; i >= 0; i--) {
                b[len + i] = (byte) ('0' + v % 10);
                v /= 10;
            }
            len += 7;
        }

        void num(long v) {
            ascii(Long.toString(v));
        }

        byte[] toArray() {
            return Arrays.copyOf(b, len);
        }
    }

    /** Exact figures of the generated data over inclusive local days. */
    static final class Exact {
        long opens;
        long visitors;
        final long[] sceneVisitors = new long[SCENES];
        final long[] sceneOpens = new long[SCENES];

        static Exact of(Dataset d, long fromDay, long toDay) {
            Exact e = new Exact();
            long[] all = new long[(d.users + 63) / 64];
            long[][] per = new long[SCENES][];
            for (int i = 0; i < d.n; i++) {
                long day = d.localDay(i);
                if (day < fromDay || day > toDay) {
                    continue;
                }
                int u = d.uid[i];
                int s = d.scene[i] & 0xff;
                e.opens++;
                e.sceneOpens[s]++;
                all[u >>> 6] |= 1L << u;
                if (per[s] == null) {
                    per[s] = new long[all.length];
                }
                per[s][u >>> 6] |= 1L << u;
            }
            e.visitors = card(all);
            for (int s = 0; s < SCENES; s++) {
                e.sceneVisitors[s] = per[s] == null ? 0 : card(per[s]);
            }
            return e;
        }

        static long card(long[] bits) {
            long c = 0;
            for (long w : bits) {
                c += Long.bitCount(w);
            }
            return c;
        }
    }

    // ------------------------------------------------------------------------------------------
    // small helpers

    static final java.net.http.HttpClient JDK_HTTP = java.net.http.HttpClient.newBuilder()
            .version(java.net.http.HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    static java.net.http.HttpResponse<String> get(int port, String path) throws Exception {
        return JDK_HTTP.send(java.net.http.HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(120)).GET().build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    static JsonObject getJson(int port, String path) throws Exception {
        var r = get(port, path);
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return new JsonObject(r.body());
    }

    static String sh(long timeoutSec, String... cmd) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(timeoutSec, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("timed out: " + String.join(" ", cmd));
        }
        String s = new String(out, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " exited " + p.exitValue() + ": " + s);
        }
        return s;
    }

    String psql(String db, String sql) throws Exception {
        return sh(600, "psql", "-h", args.pgHost, "-p", String.valueOf(args.pgPort), "-U", "postgres", "-d", db,
                "-v", "ON_ERROR_STOP=1", "-Atqc", sql).trim();
    }

    static int freePort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static long du(Path dir, boolean apparent) throws Exception {
        String out = apparent ? sh(60, "du", "-s", "--apparent-size", "--block-size=1", dir.toString())
                : sh(60, "du", "-s", "--block-size=1", dir.toString());
        return Long.parseLong(out.trim().split("\\s+")[0]);
    }

    static double promMax(String text, String name) {
        double max = 0;
        for (String line : text.split("\n")) {
            if (!line.startsWith("#") && (line.startsWith(name + "{") || line.startsWith(name + " "))) {
                max = Math.max(max, Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
            }
        }
        return max;
    }

    static double promSum(String text, String name, String labelPart) {
        double sum = 0;
        boolean found = false;
        for (String line : text.split("\n")) {
            if (line.startsWith("#") || !line.startsWith(name)) {
                continue;
            }
            int sp = line.lastIndexOf(' ');
            String key = line.substring(0, sp);
            String metric = key.contains("{") ? key.substring(0, key.indexOf('{')) : key;
            if (!metric.equals(name) || (labelPart != null && !key.contains(labelPart))) {
                continue;
            }
            sum += Double.parseDouble(line.substring(sp + 1));
            found = true;
        }
        return found ? sum : Double.NaN;
    }

    static String machineMemory() throws IOException {
        for (String l : Files.readAllLines(Path.of("/proc/meminfo"))) {
            if (l.startsWith("MemTotal:")) {
                long kb = Long.parseLong(l.replaceAll("\\D", ""));
                return String.format(Locale.ROOT, "%.1f GiB", kb / 1048576.0);
            }
        }
        return "?";
    }

    static String loadavg() {
        try {
            String[] p = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return p[0] + " " + p[1] + " " + p[2];
        } catch (IOException e) {
            return "?";
        }
    }

    // ------------------------------------------------------------------------------------------
    // latency samples

    static final class Lat {
        private long[] v = new long[1024];
        private int n;

        synchronized void add(long nanos) {
            if (n == v.length) {
                v = Arrays.copyOf(v, n * 2);
            }
            v[n++] = nanos;
        }

        synchronized long[] sorted() {
            long[] s = Arrays.copyOf(v, n);
            Arrays.sort(s);
            return s;
        }

        static double pct(long[] s, double p) {
            if (s.length == 0) {
                return Double.NaN;
            }
            int idx = (int) Math.ceil(p / 100.0 * s.length) - 1;
            return s[Math.max(0, Math.min(s.length - 1, idx))] / 1e6;
        }
    }

    static final class Timing {
        final double p50;
        final double p99;
        final double max;
        final int n;

        Timing(long[] sorted) {
            p50 = Lat.pct(sorted, 50);
            p99 = Lat.pct(sorted, 99);
            max = sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1] / 1e6;
            n = sorted.length;
        }

        static final Timing NONE = new Timing(new long[0]);
    }

    interface Op {
        void run() throws Exception;
    }

    /** Runs {@code op} sequentially: {@code warm} untimed runs, then until {@code maxIter} runs or the budget. */
    static Timing time(Op op, int warm, int minIter, int maxIter, long budgetMs) throws Exception {
        long warmEnd = System.currentTimeMillis() + budgetMs;
        for (int i = 0; i < warm && System.currentTimeMillis() < warmEnd; i++) {
            op.run();
        }
        Lat lat = new Lat();
        long end = System.currentTimeMillis() + budgetMs;
        for (int i = 0; i < maxIter && (i < minIter || System.currentTimeMillis() < end); i++) {
            long t0 = System.nanoTime();
            op.run();
            lat.add(System.nanoTime() - t0);
            if (System.currentTimeMillis() > end + 5 * budgetMs) {
                break; // a runaway minimum
            }
        }
        return new Timing(lat.sorted());
    }

    // ------------------------------------------------------------------------------------------
    // HTTP load

    static final class LoadResult {
        final AtomicLong events = new AtomicLong();
        final AtomicLong sent = new AtomicLong();
        final AtomicLong requests = new AtomicLong();
        final AtomicLong shed = new AtomicLong();
        final AtomicLong errors = new AtomicLong();
        final AtomicLong lost = new AtomicLong();
        final AtomicLong stuck = new AtomicLong();
        final Lat lat = new Lat();
        volatile String lastError;
        double seconds;

        double rate() {
            return events.get() / seconds;
        }

        Timing timing() {
            return new Timing(lat.sorted());
        }

        String summary() {
            Timing t = timing();
            return String.format(Locale.ROOT, "%,d events in %.1f s = %,.0f ev/s (%,d requests, p50 %.2f ms, p99 %.2f ms, 503s %d, errors %d, lost %d, unanswered %d%s)",
                    events.get(), seconds, rate(), requests.get(), t.p50, t.p99, shed.get(), errors.get(), lost.get(), stuck.get(),
                    lastError == null ? "" : ", last error: " + lastError);
        }
    }

    HttpClientAgent httpClient(int port, int conns) {
        return vertx.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port)
                        .setKeepAlive(true).setPipelining(false).setConnectTimeout(5000),
                new io.vertx.core.http.PoolOptions().setHttp1MaxSize(conns).setMaxWaitQueueSize(-1));
    }

    static long parseAccepted(Buffer body) {
        String s = body.toString(StandardCharsets.UTF_8);
        int i = s.indexOf("\"accepted\":");
        if (i < 0) {
            return 0;
        }
        i += 11;
        long v = 0;
        while (i < s.length() && Character.isDigit(s.charAt(i))) {
            v = v * 10 + (s.charAt(i++) - '0');
        }
        return v;
    }

    /** Sends one batch; retries 503 (and, when {@code mustLand}, failures) with a short pause. */
    Future<Void> send(HttpClientAgent client, String uri, Dataset d, long batch, LoadResult r, long intendedNanos, boolean mustLand,
                      long deadlineNanos) {
        Promise<Void> done = Promise.promise();
        byte[] body = d.body(batch);
        int events = (int) Math.min(BATCH, d.n - batch * BATCH);
        attempt(client, uri, body, events, r, intendedNanos < 0 ? System.nanoTime() : intendedNanos, mustLand, deadlineNanos, 0, done);
        return done.future();
    }

    private void attempt(HttpClientAgent client, String uri, byte[] body, int events, LoadResult r, long t0, boolean mustLand,
                         long deadlineNanos, int tries, Promise<Void> done) {
        RequestOptions ro = new RequestOptions().setMethod(HttpMethod.POST).setURI(uri).putHeader("Content-Type", "application/json")
                .setIdleTimeout(30_000);
        client.request(ro).compose(req -> req.send(Buffer.buffer(body)))
                .compose(resp -> resp.body().map(b -> new Object[]{resp.statusCode(), b}))
                .onComplete(ar -> {
                    r.requests.incrementAndGet();
                    int status = ar.succeeded() ? (Integer) ar.result()[0] : -1;
                    if (status == 202) {
                        long acc = parseAccepted((Buffer) ar.result()[1]);
                        r.events.addAndGet(acc);
                        r.sent.addAndGet(events);
                        r.lat.add(System.nanoTime() - t0);
                        done.complete();
                        return;
                    }
                    if (status == 503) {
                        r.shed.incrementAndGet();
                    } else {
                        r.errors.incrementAndGet();
                        r.lastError = ar.succeeded() ? status + " " + ((Buffer) ar.result()[1]).toString() : String.valueOf(ar.cause());
                    }
                    boolean retry = (status == 503 || mustLand) && tries < 1000 && System.nanoTime() < deadlineNanos
                            && (status == 503 || tries < 5);
                    if (retry) {
                        vertx.setTimer(status == 503 ? 20 : 200, t -> attempt(client, uri, body, events, r, t0, mustLand, deadlineNanos, tries + 1, done));
                    } else {
                        if (mustLand) {
                            r.lost.addAndGet(events);
                        }
                        done.complete();
                    }
                });
    }

    /**
     * Closed loop with {@code conc} requests in flight: either every batch of {@code [from, from+count)}
     * once ({@code cycle=false}), or cycling through them until {@code durationMs}.
     */
    LoadResult closed(int port, String uri, Dataset d, AtomicLong cursor, long count, boolean cycle, long durationMs, int conc)
            throws Exception {
        // a fresh pool per phase: a connection left in a bad state by one phase cannot hold up the next
        HttpClientAgent client = httpClient(port, conc);
        try {
            return closed(client, uri, d, cursor, count, cycle, durationMs, conc);
        } finally {
            client.close();
        }
    }

    LoadResult closed(HttpClientAgent client, String uri, Dataset d, AtomicLong cursor, long count, boolean cycle, long durationMs, int conc)
            throws Exception {
        LoadResult r = new LoadResult();
        long startN = System.nanoTime();
        long deadline = startN + durationMs * 1_000_000L;
        long first = cursor.get();
        AtomicLong next = new AtomicLong();
        CompletableFuture<Void> finished = new CompletableFuture<>();
        AtomicInteger live = new AtomicInteger(conc);
        Runnable[] step = new Runnable[1];
        step[0] = () -> {
            long i = next.getAndIncrement();
            if ((!cycle && i >= count) || System.nanoTime() > deadline) {
                if (live.decrementAndGet() == 0) {
                    finished.complete(null);
                }
                return;
            }
            long batch = (first + i) % d.batches();
            send(client, uri, d, batch, r, -1, !cycle, deadline).onComplete(ar -> step[0].run());
        };
        for (int i = 0; i < conc; i++) {
            step[0].run();
        }
        try {
            finished.get(durationMs + 90_000, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            note("WARNING: " + live.get() + " requests to " + uri + " still unanswered 90 s after the end of the phase; counting what completed");
            r.stuck.addAndGet(live.get());
            r.seconds = cycle ? durationMs / 1000.0 : (System.nanoTime() - startN) / 1e9;
            cursor.set((first + next.get()) % d.batches());
            return r;
        }
        r.seconds = (System.nanoTime() - startN) / 1e9;
        cursor.set((first + Math.min(next.get(), cycle ? Long.MAX_VALUE : count)) % d.batches());
        return r;
    }

    /** Open loop at a fixed rate of batches per second; latency counts from each request's intended start. */
    LoadResult open(HttpClientAgent client, String uri, Dataset d, AtomicLong cursor, double batchesPerSec, long durationMs) throws Exception {
        LoadResult r = new LoadResult();
        long startN = System.nanoTime();
        long endN = startN + durationMs * 1_000_000L;
        long first = cursor.get();
        AtomicLong scheduled = new AtomicLong();
        AtomicLong completed = new AtomicLong();
        CompletableFuture<Void> stopped = new CompletableFuture<>();
        vertx.setPeriodic(1, id -> {
            long now = System.nanoTime();
            long due = (long) ((Math.min(now, endN) - startN) / 1e9 * batchesPerSec);
            while (scheduled.get() < due) {
                long k = scheduled.getAndIncrement();
                long intended = startN + (long) (k * 1e9 / batchesPerSec);
                send(client, uri, d, (first + k) % d.batches(), r, intended, false, endN + 10_000_000_000L)
                        .onComplete(ar -> completed.incrementAndGet());
            }
            if (now >= endN) {
                vertx.cancelTimer(id);
                stopped.complete(null);
            }
        });
        stopped.get(durationMs + 30_000, TimeUnit.MILLISECONDS);
        long waitEnd = System.currentTimeMillis() + 30_000;
        while (completed.get() < scheduled.get() && System.currentTimeMillis() < waitEnd) {
            Thread.sleep(10);
        }
        r.seconds = durationMs / 1000.0;
        cursor.set((first + scheduled.get()) % d.batches());
        return r;
    }

    // ------------------------------------------------------------------------------------------
    // the service

    final class Server implements AutoCloseable {
        final Process process;
        final int port;
        final Path dataDir;
        final Path logFile;

        Server(String name, Path dir, boolean postgres, Dataset d) throws Exception {
            this(name, dir, postgres, d, "");
        }

        /** {@code storeExtra}: more {@code store:} keys, indented, such as {@code "  sync: durable\n"}. */
        Server(String name, Path dir, boolean postgres, Dataset d, String storeExtra) throws Exception {
            this.port = freePort();
            this.dataDir = dir.resolve("data");
            Files.createDirectories(dataDir);
            long maxUsers = Math.max(100_000, d.users * 5L / 2);
            String yaml = "http:\n  port: " + port + "\n  benchBaselineRoute: true\n"
                    + "defaultTimeZone: " + TZ + "\n"
                    + "apps:\n  - id: bench\n    timeZone: " + TZ + "\n    public: true\n"
                    + "  - id: warm\n    timeZone: " + TZ + "\n    public: true\n"
                    + "limits:\n  lateWindowDays: 33\n  requestsPerSecondPerIp: 0\n"
                    + "store:\n  initialBuckets: 1000000\n  initialUsers: " + maxUsers + "\n  initialEventIdsPerDay: 16384\n" + storeExtra
                    + System.getenv().getOrDefault("BENCH_STORE_EXTRA", "")
                    + (postgres ? "postgres:\n  url: " + args.pgUrl() + "\n" : "");
            Path config = dir.resolve("scenery.yaml");
            Files.writeString(config, yaml);
            this.logFile = dir.resolve("scenery.log");
            List<String> cmd = new ArrayList<>(List.of("java", "-Xmx2g", "-Dchronicle.analytics.disable=true",
                    "-XX:+UnlockDiagnosticVMOptions", "-XX:+DebugNonSafepoints", "-jar", args.jar));
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(logFile.toFile());
            pb.environment().put("SCENERY_CONFIG", config.toString());
            pb.environment().put("SCENERY_DATA_DIR", dataDir.toString());
            pb.environment().remove("SCENERY_PG_URL");
            pb.environment().remove("SCENERY_HTTP_PORT");
            process = pb.start();
            long end = System.currentTimeMillis() + 120_000;
            while (true) {
                if (!process.isAlive()) {
                    throw new IllegalStateException(name + " exited " + process.exitValue() + ": " + Files.readString(logFile));
                }
                try {
                    if (get(port, "/ready").statusCode() == 200) {
                        break;
                    }
                } catch (IOException ignored) {
                    // not listening yet
                }
                if (System.currentTimeMillis() > end) {
                    throw new IllegalStateException(name + " not ready after 120 s");
                }
                Thread.sleep(200);
            }
            note(name + " ready on port " + port + " (pid " + process.pid() + ")");
        }

        long pid() {
            return process.pid();
        }

        String jcmd(String... a) throws Exception {
            List<String> c = new ArrayList<>(List.of("jcmd", String.valueOf(pid())));
            c.addAll(List.of(a));
            return sh(120, c.toArray(String[]::new));
        }

        long rssBytes() throws IOException {
            for (String l : Files.readAllLines(Path.of("/proc/" + pid() + "/status"))) {
                if (l.startsWith("VmRSS:")) {
                    return Long.parseLong(l.replaceAll("\\D", "")) * 1024;
                }
            }
            return -1;
        }

        @Override
        public void close() throws Exception {
            process.destroy();
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                note("service did not stop in 90 s; killing pid " + pid());
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    // ------------------------------------------------------------------------------------------
    // results

    static final class Memory {
        double heap = Double.NaN;
        double nonHeap = Double.NaN;
        double direct = Double.NaN;
        double mapped = Double.NaN;
        double rss = Double.NaN;
        double storeDisk = Double.NaN;
        double duAllocated = Double.NaN;
        double duApparent = Double.NaN;
        double buckets = Double.NaN;
        double users = Double.NaN;
        String files = "";
    }

    static final class Queries {
        final Map<String, Timing> t = new LinkedHashMap<>();
        /** Milliseconds of the first request of each query after the preload (nothing cached yet). */
        final Map<String, Double> cold = new LinkedHashMap<>();
    }

    static final class Errors {
        long exact7;
        long measured7;
        long exact30;
        long measured30;
        double topMaxRel7 = Double.NaN;
        double topMeanRel7 = Double.NaN;
        double topMaxRel30 = Double.NaN;
        boolean topOrderSame7;
        String note = "";
    }

    static final class ModeResult {
        boolean measured;
        String why = "";
        LoadResult preload;
        LoadResult bare;
        final List<double[]> rounds = new ArrayList<>(); // {bare ev/s, Scenery ev/s} of interleaved windows
        double interleavedRatio = Double.NaN;
        LoadResult half;
        double halfRate;
        Queries q = new Queries();
        Memory mem = new Memory();
        Errors err;
        double flushSeconds = Double.NaN;
        String checkpoints;
        Map<String, Long> pgSizes = new LinkedHashMap<>();
    }

    static final class PeerResult {
        boolean measured;
        String why = "";
        double rate;
        long events;
        double seconds;
        double vacuumSeconds = Double.NaN;
        Queries q = new Queries();
        Map<String, Long> sizes = new LinkedHashMap<>();
        Errors err;
    }

    static final class Point {
        Dataset d;
        long events;
        int users;
        ModeResult embedded = new ModeResult();
        ModeResult postgres = new ModeResult();
        PeerResult raw = new PeerResult();
        PeerResult redis = new PeerResult();
        final List<SyncResult> sync = new ArrayList<>();
        String load0;
        String load1;
    }

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
            runRawPeer(p);
            runRedisPeer(p);
            p.load1 = loadavg();
            points.add(p);
            p.d = null; // free the arrays
            System.gc();
            writeReport(points, scales, (System.currentTimeMillis() - t0) / 1000);
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
            try (Redis r = new Redis(args.redisDb)) {
                r.call("FLUSHDB");
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
        try (Server s = new Server("embedded", freshDir("embedded"), false, p.d)) {
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
            try (Server s = new Server("sync " + mode, freshDir("sync-" + mode), false, p.d, "  sync: " + mode + "\n")) {
                AtomicLong cursor = new AtomicLong();
                closed(s.port, "/v1/apps/warm/beacons", p.d, cursor, p.d.batches(), true, 5_000, args.conns);
                r.closed = closed(s.port, "/v1/apps/warm/beacons", p.d, cursor, p.d.batches(), true, args.window * 1000L, args.conns);
                HttpClientAgent openClient = httpClient(s.port, 256);
                r.halfRate = r.closed.rate() / 2;
                r.half = open(openClient, "/v1/apps/warm/beacons", p.d, cursor, r.halfRate / BATCH, args.window * 1000L);
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

    static final class SyncResult {
        String mode;
        LoadResult closed;
        LoadResult half;
        double halfRate;
        long forces;
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
        try (Server s = new Server("postgres mode", freshDir("postgres"), true, p.d)) {
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
        HttpClientAgent client = httpClient(s.port, args.conns);
        AtomicLong bareCursor = new AtomicLong();
        AtomicLong warmCursor = new AtomicLong();
        // the ceiling: the bare parse-only route on the same port, same bodies, same connections
        closed(s.port, "/v1/bench/parse-only", d, bareCursor, d.batches(), true, 3_000, args.conns);
        bareCursor.set(0);
        m.bare = closed(s.port, "/v1/bench/parse-only", d, bareCursor, d.batches(), true, w * 1000L, args.conns);
        note("bare parse-only: " + m.bare.summary());
        // warm the ingest path on another app (its own first-seen entries; app 'bench' stays exact)
        LoadResult warm = closed(s.port, "/v1/apps/warm/beacons", d, warmCursor, d.batches(), true, 5_000, args.conns);
        note("warm-up (app warm): " + warm.summary());
        // the ratio to the bare route, robust to a noisy machine: alternate short windows of each, same bodies
        long half = Math.max(3_000, w * 500L);
        double[] ratios = new double[3];
        for (int round = 0; round < ratios.length; round++) {
            LoadResult b = closed(s.port, "/v1/bench/parse-only", d, bareCursor, d.batches(), true, half, args.conns);
            LoadResult sc = closed(s.port, "/v1/apps/warm/beacons", d, warmCursor, d.batches(), true, half, args.conns);
            m.rounds.add(new double[]{b.rate(), sc.rate()});
            ratios[round] = sc.rate() / b.rate();
            note(String.format(Locale.ROOT, "interleaved round %d: bare %,.0f ev/s, Scenery (app warm) %,.0f ev/s, ratio %.2f",
                    round + 1, b.rate(), sc.rate(), ratios[round]));
        }
        Arrays.sort(ratios);
        m.interleavedRatio = ratios[1];
        // preload: every beacon of the data set once, as fast as it goes
        AtomicLong preCursor = new AtomicLong();
        m.preload = closed(s.port, "/v1/apps/bench/beacons", d, preCursor, d.batches(), false, args.maxLoadSeconds * 1000, args.conns);
        note("preload (app bench): " + m.preload.summary());
        // latency at half of the maximum rate (open loop, app warm)
        m.halfRate = m.preload.rate() / 2;
        HttpClientAgent openClient = httpClient(s.port, 256);
        m.half = open(openClient, "/v1/apps/warm/beacons", d, warmCursor, m.halfRate / BATCH, w * 1000L);
        note(String.format(Locale.ROOT, "half rate (%,.0f ev/s target): %s", m.halfRate, m.half.summary()));
        openClient.close();
        if (profile) {
            Path jfr = args.work.resolve("ingest.jfr");
            Files.deleteIfExists(jfr);
            s.jcmd("JFR.start", "name=bench", "settings=profile");
            LoadResult prof = closed(s.port, "/v1/apps/warm/beacons", d, warmCursor, d.batches(), true, args.scale < 0.3 ? 20_000 : 30_000, args.conns);
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
            Op op = () -> {
                var r = get(s.port, path);
                if (r.statusCode() != 200) {
                    throw new IllegalStateException(path + " answered " + r.statusCode() + ": " + r.body());
                }
            };
            long c0 = System.nanoTime();
            op.run();
            m.q.cold.put(QUERY_NAMES[i], (System.nanoTime() - c0) / 1e6);
            Timing t = time(op, 20, 20, 2000, args.scale < 0.3 ? 3_000 : 4_000);
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

    // ------------------------------------------------------------------------------------------
    // peer 1: raw events in PostgreSQL

    static String tsLit(LocalDate day) {
        return "'" + day.atStartOfDay(ZONE).toOffsetDateTime() + "'::timestamptz";
    }

    static String[] rawQueries(LocalDate today) {
        LocalDate d7 = today.minusDays(7);
        LocalDate d30 = today.minusDays(30);
        String where7 = "app_id = 'bench' AND ts >= " + tsLit(d7) + " AND ts < " + tsLit(today);
        String where30 = "app_id = 'bench' AND ts >= " + tsLit(d30) + " AND ts < " + tsLit(today);
        String whereToday = "app_id = 'bench' AND ts >= " + tsLit(today) + " AND ts < " + tsLit(today.plusDays(1));
        String top7 = "SELECT scene, count(DISTINCT uid) AS visitors FROM raw_visits WHERE " + where7
                + " GROUP BY scene ORDER BY visitors DESC, scene LIMIT 10";
        return new String[]{
                top7,
                "WITH top AS (" + top7 + ") SELECT scene, date_trunc('day', ts AT TIME ZONE '" + TZ + "') AS d, count(DISTINCT uid)"
                        + " FROM raw_visits WHERE " + where7 + " AND scene IN (SELECT scene FROM top) GROUP BY 1, 2",
                "WITH top AS (SELECT scene, count(DISTINCT uid) AS visitors FROM raw_visits WHERE " + where30
                        + " GROUP BY scene ORDER BY visitors DESC, scene LIMIT 10) SELECT scene, date_trunc('day', ts AT TIME ZONE '" + TZ
                        + "') AS d, count(DISTINCT uid) FROM raw_visits WHERE " + where30 + " AND scene IN (SELECT scene FROM top) GROUP BY 1, 2",
                "WITH top AS (SELECT scene, count(DISTINCT uid) AS visitors FROM raw_visits WHERE " + whereToday
                        + " GROUP BY scene ORDER BY visitors DESC, scene LIMIT 10) SELECT scene, date_trunc('hour', ts AT TIME ZONE '" + TZ
                        + "') AS h, count(DISTINCT uid) FROM raw_visits WHERE " + whereToday + " AND scene IN (SELECT scene FROM top) GROUP BY 1, 2"};
    }

    void runRawPeer(Point p) throws Exception {
        PeerResult r = p.raw;
        if (!pgAvailable) {
            r.why = pgWhy;
            return;
        }
        Dataset d = p.d;
        recreatePgDb();
        psql(args.pgDb, "CREATE TABLE raw_visits (app_id text NOT NULL, uid text NOT NULL, ts timestamptz NOT NULL, scene int NOT NULL,"
                + " utm_source text, utm_medium text, utm_campaign text)");
        psql(args.pgDb, "CREATE INDEX raw_visits_app_ts ON raw_visits (app_id, ts) INCLUDE (scene, uid)");
        int conc = 8;
        // durability like Scenery's (which survives a process crash, not a power loss: no fsync per batch)
        PgConnectOptions pgOptions = PgConnectOptions.fromUri(args.pgUrl());
        pgOptions.getProperties().put("synchronous_commit", "off");
        Pool pool = PgBuilder.pool().with(new io.vertx.sqlclient.PoolOptions().setMaxSize(conc))
                .connectingTo(pgOptions).using(vertx).build();
        try {
            String insert = "INSERT INTO raw_visits (app_id, uid, ts, scene, utm_source, utm_medium, utm_campaign)"
                    + " SELECT 'bench', * FROM unnest($1::text[], $2::timestamptz[], $3::int[], $4::text[], $5::text[], $6::text[])";
            AtomicLong next = new AtomicLong();
            AtomicLong rows = new AtomicLong();
            AtomicInteger live = new AtomicInteger(conc);
            CompletableFuture<Void> finished = new CompletableFuture<>();
            long deadline = System.nanoTime() + args.maxLoadSeconds * 1_000_000_000L;
            long start = System.nanoTime();
            Runnable[] step = new Runnable[1];
            step[0] = () -> {
                long b = next.getAndIncrement();
                if (b >= d.batches() || System.nanoTime() > deadline) {
                    if (live.decrementAndGet() == 0) {
                        finished.complete(null);
                    }
                    return;
                }
                int from = (int) (b * BATCH);
                int to = Math.min(d.n, from + BATCH);
                int k = to - from;
                String[] uidStr = d.uidStrings();
                String[] uids = new String[k];
                OffsetDateTime[] tss = new OffsetDateTime[k];
                Integer[] scenes = new Integer[k];
                String[] src = new String[k];
                String[] med = new String[k];
                String[] cmp = new String[k];
                for (int i = 0; i < k; i++) {
                    int e = from + i;
                    uids[i] = uidStr[d.uid[e]];
                    tss[i] = OffsetDateTime.ofInstant(Instant.ofEpochMilli(d.ts[e]), ZoneOffset.UTC);
                    scenes[i] = Dataset.code(d.scene[e] & 0xff);
                    int c = d.utm[e];
                    if (c >= 0) {
                        src[i] = "src" + (c % 10);
                        med[i] = "med" + ((c / 10) % 4);
                        cmp[i] = "cmp" + (c / 40);
                    }
                }
                pool.preparedQuery(insert).execute(Tuple.of(uids, tss, scenes, src, med, cmp)).onComplete(ar -> {
                    if (ar.succeeded()) {
                        rows.addAndGet(k);
                    } else {
                        note("raw insert failed: " + ar.cause());
                    }
                    step[0].run();
                });
            };
            for (int i = 0; i < conc; i++) {
                step[0].run();
            }
            finished.get(args.maxLoadSeconds + 120, TimeUnit.SECONDS);
            r.seconds = (System.nanoTime() - start) / 1e9;
            r.events = rows.get();
            r.rate = r.events / r.seconds;
            note(String.format(Locale.ROOT, "raw-events peer: %,d rows by batched INSERT (100 rows, %d connections, synchronous_commit off) in %.1f s = %,.0f rows/s",
                    r.events, conc, r.seconds, r.rate));
            long v0 = System.nanoTime();
            psql(args.pgDb, "VACUUM ANALYZE raw_visits");
            r.vacuumSeconds = (System.nanoTime() - v0) / 1e9;
            LocalDate today = LocalDate.now(ZONE);
            String[] sql = rawQueries(today);
            for (int i = 0; i < sql.length; i++) {
                String q = sql[i];
                Timing t = time(() -> pool.query(q).execute().toCompletionStage().toCompletableFuture().get(600, TimeUnit.SECONDS),
                        1, 3, 20, args.scale < 0.3 ? 5_000 : 10_000);
                r.q.t.put(QUERY_NAMES[i], t);
                note(String.format(Locale.ROOT, "raw %s: p50 %.1f ms p99 %.1f ms (n=%d)", QUERY_NAMES[i], t.p50, t.p99, t.n));
            }
            r.sizes.put("table", Long.parseLong(psql(args.pgDb, "select pg_relation_size('raw_visits')")));
            r.sizes.put("index", Long.parseLong(psql(args.pgDb, "select pg_indexes_size('raw_visits')")));
            r.sizes.put("total", Long.parseLong(psql(args.pgDb, "select pg_total_relation_size('raw_visits')")));
            // exact from the peer itself is exact: error 0 by construction; check the driver's counts against it
            String v7 = psql(args.pgDb, "SELECT count(DISTINCT uid) FROM raw_visits WHERE app_id='bench' AND ts >= "
                    + tsLit(today.minusDays(7)) + " AND ts < " + tsLit(today));
            long exact7 = exactDays(d, today.minusDays(7), today.minusDays(1)).visitors;
            if (Long.parseLong(v7) != exact7) {
                note("WARNING: the driver's exact 7-day visitors " + exact7 + " differ from PostgreSQL's " + v7);
            } else {
                note("driver's exact 7-day visitors match COUNT(DISTINCT) in PostgreSQL: " + v7);
            }
            r.measured = true;
        } finally {
            pool.close();
        }
        psql(args.pgDb, "DROP TABLE raw_visits"); // keep disk for the next point
    }

    // ------------------------------------------------------------------------------------------
    // peer 2: HyperLogLog keys in Redis

    final class Redis implements AutoCloseable {
        final Socket socket;
        final OutputStream out;
        final InputStream in;

        Redis(int db) throws IOException {
            socket = new Socket("127.0.0.1", 6379);
            socket.setSoTimeout(120_000);
            socket.setTcpNoDelay(true);
            out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
            in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
            call("SELECT", String.valueOf(db));
        }

        void write(String... parts) throws IOException {
            out.write(('*' + String.valueOf(parts.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            for (String p : parts) {
                byte[] b = p.getBytes(StandardCharsets.UTF_8);
                out.write(('$' + String.valueOf(b.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(b);
                out.write('\r');
                out.write('\n');
            }
        }

        String line() throws IOException {
            StringBuilder sb = new StringBuilder();
            int c;
            while ((c = in.read()) != '\r') {
                if (c < 0) {
                    throw new IOException("Redis closed the connection");
                }
                sb.append((char) c);
            }
            in.read();
            return sb.toString();
        }

        Object reply() throws IOException {
            String l = line();
            switch (l.charAt(0)) {
                case '+':
                    return l.substring(1);
                case '-':
                    throw new IOException("Redis: " + l.substring(1));
                case ':':
                    return Long.parseLong(l.substring(1));
                case '$': {
                    int n = Integer.parseInt(l.substring(1));
                    if (n < 0) {
                        return null;
                    }
                    byte[] b = in.readNBytes(n + 2);
                    return new String(b, 0, n, StandardCharsets.UTF_8);
                }
                case '*': {
                    int n = Integer.parseInt(l.substring(1));
                    List<Object> list = new ArrayList<>();
                    for (int i = 0; i < n; i++) {
                        list.add(reply());
                    }
                    return list;
                }
                default:
                    throw new IOException("Redis: unexpected reply " + l);
            }
        }

        Object call(String... parts) throws IOException {
            write(parts);
            out.flush();
            return reply();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    void runRedisPeer(Point p) throws Exception {
        PeerResult r = p.redis;
        if (!redisAvailable) {
            r.why = redisWhy;
            return;
        }
        Dataset d = p.d;
        try (Redis admin = new Redis(args.redisDb)) {
            admin.call("FLUSHDB");
        }
        int conc = 4;
        AtomicLong next = new AtomicLong();
        AtomicLong done = new AtomicLong();
        long deadline = System.nanoTime() + args.maxLoadSeconds * 1_000_000_000L;
        long start = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < conc; t++) {
            Thread th = new Thread(() -> {
                try (Redis c = new Redis(args.redisDb)) {
                    while (System.nanoTime() < deadline) {
                        long b = next.getAndIncrement();
                        if (b >= d.batches()) {
                            break;
                        }
                        int from = (int) (b * BATCH);
                        int to = Math.min(d.n, from + BATCH);
                        int cmds = 0;
                        for (int e = from; e < to; e++) {
                            String u = d.uidStrings()[d.uid[e]];
                            long day = d.localDay(e);
                            int code = Dataset.code(d.scene[e] & 0xff);
                            c.write("PFADD", "sv:" + code + ":" + day, u);
                            c.write("INCR", "so:" + code + ":" + day);
                            c.write("PFADD", "tv:" + day, u);
                            c.write("INCR", "to:" + day);
                            cmds += 4;
                            if (d.utm[e] >= 0) {
                                String src = d.source(d.utm[e]);
                                c.write("PFADD", "uv:" + src + ":" + day, u);
                                c.write("INCR", "uo:" + src + ":" + day);
                                cmds += 2;
                            }
                        }
                        c.out.flush();
                        for (int i = 0; i < cmds; i++) {
                            c.reply();
                        }
                        done.addAndGet(to - from);
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }, "redis-load-" + t);
            th.start();
            threads.add(th);
        }
        for (Thread th : threads) {
            th.join(args.maxLoadSeconds * 1000 + 60_000);
        }
        if (!failures.isEmpty()) {
            r.why = "failed: " + failures.get(0);
            return;
        }
        r.seconds = (System.nanoTime() - start) / 1e9;
        r.events = done.get();
        r.rate = r.events / r.seconds;
        note(String.format(Locale.ROOT, "Redis peer: %,d beacons (PFADD+INCR per scene/day, source/day and day; pipelined per 100, %d connections) in %.1f s = %,.0f ev/s",
                r.events, conc, r.seconds, r.rate));
        LocalDate today = LocalDate.now(ZONE);
        try (Redis c = new Redis(args.redisDb)) {
            r.q.t.put(QUERY_NAMES[0], time(() -> redisTop(c, today, 7, false), 3, 5, 500, 4_000));
            r.q.t.put(QUERY_NAMES[1], time(() -> redisTop(c, today, 7, true), 3, 5, 500, 4_000));
            r.q.t.put(QUERY_NAMES[2], time(() -> redisTop(c, today, 30, true), 3, 5, 500, 4_000));
            for (var e : r.q.t.entrySet()) {
                note(String.format(Locale.ROOT, "redis %s: p50 %.2f ms p99 %.2f ms (n=%d)", e.getKey(), e.getValue().p50, e.getValue().p99, e.getValue().n));
            }
            // memory of our keys
            long mem = 0;
            long keys = 0;
            String cursor = "0";
            long end = System.currentTimeMillis() + 120_000;
            do {
                @SuppressWarnings("unchecked")
                List<Object> res = (List<Object>) c.call("SCAN", cursor, "COUNT", "1000");
                cursor = (String) res.get(0);
                @SuppressWarnings("unchecked")
                List<Object> ks = (List<Object>) res.get(1);
                for (Object k : ks) {
                    c.write("MEMORY", "USAGE", (String) k, "SAMPLES", "0");
                }
                c.out.flush();
                for (Object k : ks) {
                    Object v = c.reply();
                    mem += v == null ? 0 : (Long) v;
                    keys++;
                }
            } while (!cursor.equals("0") && System.currentTimeMillis() < end);
            r.sizes.put("keys", keys);
            r.sizes.put("memory", mem);
            // visitors error of the peer
            Errors err = new Errors();
            LocalDate f7 = today.minusDays(7);
            LocalDate f30 = today.minusDays(30);
            Exact x7 = exactDays(d, f7, today.minusDays(1));
            Exact x30 = exactDays(d, f30, today.minusDays(1));
            err.exact7 = x7.visitors;
            err.measured7 = (Long) c.call(dayKeys("PFCOUNT", "tv:", "", f7, 7));
            err.exact30 = x30.visitors;
            err.measured30 = (Long) c.call(dayKeys("PFCOUNT", "tv:", "", f30, 30));
            Map<Integer, Long> m7 = new HashMap<>();
            Map<Integer, Long> m30 = new HashMap<>();
            for (int s = 0; s < SCENES; s++) {
                int code = Dataset.code(s);
                m7.put(code, (Long) c.call(dayKeys("PFCOUNT", "sv:", code + ":", f7, 7)));
                m30.put(code, (Long) c.call(dayKeys("PFCOUNT", "sv:", code + ":", f30, 30)));
            }
            fillTopErrors(err, x7, x30, m7, m30);
            List<Integer> order = m7.entrySet().stream().sorted(Map.Entry.<Integer, Long>comparingByValue().reversed()
                    .thenComparing(Map.Entry.comparingByKey())).limit(10).map(Map.Entry::getKey).toList();
            err.topOrderSame7 = order.equals(exactTop(x7, 10));
            r.err = err;
            c.call("FLUSHDB");
        }
        r.measured = true;
    }

    static String[] dayKeys(String cmd, String prefix, String mid, LocalDate from, int days) {
        String[] k = new String[days + 1];
        k[0] = cmd;
        for (int i = 0; i < days; i++) {
            k[i + 1] = prefix + mid + from.plusDays(i).toEpochDay();
        }
        return k;
    }

    /** The Redis peer's top 10 scenes by visitors over {@code days} days before today, and (trend) their daily series. */
    static void redisTop(Redis c, LocalDate today, int days, boolean trend) throws IOException {
        LocalDate from = today.minusDays(days);
        for (int s = 0; s < SCENES; s++) {
            c.write(dayKeys("PFCOUNT", "sv:", Dataset.code(s) + ":", from, days));
        }
        c.write(dayKeys("PFCOUNT", "tv:", "", from, days));
        c.out.flush();
        long[] v = new long[SCENES];
        for (int s = 0; s < SCENES; s++) {
            v[s] = (Long) c.reply();
        }
        c.reply();
        Integer[] idx = new Integer[SCENES];
        for (int s = 0; s < SCENES; s++) {
            idx[s] = s;
        }
        Arrays.sort(idx, (a, b) -> Long.compare(v[b], v[a]));
        if (trend) {
            int cmds = 0;
            for (int k = 0; k < 10; k++) {
                for (int dd = 0; dd < days; dd++) {
                    long day = from.plusDays(dd).toEpochDay();
                    c.write("PFCOUNT", "sv:" + Dataset.code(idx[k]) + ":" + day);
                    c.write("GET", "so:" + Dataset.code(idx[k]) + ":" + day);
                    cmds += 2;
                }
            }
            c.out.flush();
            for (int i = 0; i < cmds; i++) {
                c.reply();
            }
        }
    }

    // ------------------------------------------------------------------------------------------
    // the report

    static String bytes(double b) {
        if (Double.isNaN(b)) {
            return "n/a";
        }
        if (b >= 1L << 30) {
            return String.format(Locale.ROOT, "%.2f GiB", b / (1L << 30));
        }
        if (b >= 1L << 20) {
            return String.format(Locale.ROOT, "%.1f MiB", b / (1L << 20));
        }
        return String.format(Locale.ROOT, "%.0f KiB", b / 1024);
    }

    static String f0(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%,.0f", v);
    }

    static String ms(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, v < 10 ? "%.2f" : "%.1f", v);
    }

    static String x(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? "n/a" : String.format(Locale.ROOT, "%.2f×", v);
    }

    static String pct(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.2f%%", v * 100);
    }

    static String met(boolean ok) {
        return ok ? "**met**" : "**not met**";
    }

    static double rel(long measured, long exact) {
        return exact == 0 ? Double.NaN : (measured - exact) / (double) exact;
    }

    void writeReport(List<Point> points, List<Double> scales, long elapsedSec) throws Exception {
        Point p = points.get(0);
        StringBuilder o = new StringBuilder();
        o.append("# Scenery benchmark results\n\n");
        o.append("- command: `").append(args.command).append("`\n");
        o.append("- date: ").append(ZonedDateTime.now(ZoneOffset.UTC).withNano(0)).append(" (elapsed ").append(elapsedSec / 60).append(" min ")
                .append(elapsedSec % 60).append(" s so far)\n");
        o.append("- machine: `nproc` = ").append(Runtime.getRuntime().availableProcessors()).append(", memory ").append(machineMemory())
                .append(", ").append(System.getProperty("java.vm.name")).append(' ').append(System.getProperty("java.version")).append("\n");
        o.append("- load average at the start of each point: ");
        for (Point q : points) {
            o.append(q.load0).append(" → ").append(q.load1).append("; ");
        }
        o.append("(2 cores: above ~2 the machine was shared with other work; the load generator runs on the same 2 cores)\n");
        o.append("- busiest processes when the run started (`top`; the driver itself is the one compiling Bench.java):\n\n```\n").append(topAtStart.strip()).append("\n```\n");
        o.append(String.format(Locale.ROOT, "- data set (main point): %,d visit beacons, %,d users, %d scenes, %d UTM combinations, over the 30 days before today"
                + " and today so far (%s); batches of %d beacons; %d HTTP connections; fixed phases of %d s\n",
                p.events, p.users, SCENES, UTM_COMBOS, TZ, BATCH, args.conns, args.window));
        o.append("- service: `java -Xmx2g -jar scenery.jar`, fresh data directory per mode, app `bench` (measured) and app `warm`"
                + " (warm-up, half-rate latency, profiling) on the same node; `store.initialBuckets: 1000000`, `store.initialUsers: 2.5 × users`,"
                + " `store.initialEventIdsPerDay: 16384` (the beacons carry no `id`; files are where the maps start, not ceilings), `limits.requestsPerSecondPerIp: 0`, `limits.lateWindowDays: 33`\n");
        o.append("- load generator: this driver (Vert.x HttpClient, closed loop with the connections above, or open loop at a fixed rate with latency"
                + " counted from each request's intended start), on the same machine as the service; the beacons are encoded from the data set as"
                + " they are sent, the same way for every route\n\n");

        o.append("## Headline figures (main point)\n\n");
        o.append("| figure | Scenery | compared with | ratio | target | |\n|---|---|---|---|---|---|\n");
        ModeResult e = p.embedded;
        ModeResult pm = p.postgres;
        boolean full = p.events >= 20_000_000;
        String scaleNote = full ? "" : " (at " + String.format(Locale.ROOT, "%,d", p.events) + " beacons, not 20M: indicative)";
        for (String[] mode : new String[][]{{"embedded", "e"}, {"PostgreSQL mode", "p"}}) {
            ModeResult m = mode[1].equals("e") ? e : pm;
            if (!m.measured) {
                continue;
            }
            double r = m.preload.rate() / m.bare.rate();
            o.append(String.format(Locale.ROOT, "| ingest, %s: preload of the data set (ev/s) | %s | bare parse-only route: %s | %s | ≥ 1.0× | %s |\n",
                    mode[0], f0(m.preload.rate()), f0(m.bare.rate()), x(r), met(r >= 1.0)));
            StringBuilder rs = new StringBuilder();
            for (double[] rr : m.rounds) {
                rs.append(String.format(Locale.ROOT, "%s/%s ", f0(rr[1]), f0(rr[0])));
            }
            o.append(String.format(Locale.ROOT, "| ingest, %s: interleaved %d s windows, Scenery/bare (ev/s) | %s| same port, same bodies | median %s | ≥ 1.0× | %s |\n",
                    mode[0], Math.max(3, args.window / 2), rs, x(m.interleavedRatio), met(m.interleavedRatio >= 1.0)));
        }
        if (!pm.measured) {
            o.append("| ingest, PostgreSQL mode | not measured: ").append(pm.why).append(" | | | | |\n");
        }
        if (e.measured) {
            Timing h = e.half.timing();
            o.append(String.format(Locale.ROOT, "| ingest p99 at half the max rate, embedded (%s ev/s offered, %s achieved) | p50 %s ms, p99 %s ms | | | p99 < 10 ms | %s |\n",
                    f0(e.halfRate), f0(e.half.rate()), ms(h.p50), ms(h.p99), met(h.p99 < 10)));
        }
        if (pm.measured) {
            Timing h = pm.half.timing();
            o.append(String.format(Locale.ROOT, "| ingest p99 at half the max rate, PostgreSQL mode (%s ev/s) | p50 %s ms, p99 %s ms | | | p99 < 10 ms | %s |\n",
                    f0(pm.halfRate), ms(h.p50), ms(h.p99), met(h.p99 < 10)));
        }
        if (p.raw.measured && e.measured) {
            double r = e.preload.rate() / p.raw.rate;
            o.append(String.format(Locale.ROOT, "| ingest vs raw-events peer (ev/s) | %s | PostgreSQL batched INSERT, indexed: %s | %s | ≥ 5× | %s |\n",
                    f0(e.preload.rate()), f0(p.raw.rate), x(r), met(r >= 5)));
        } else {
            o.append("| ingest vs raw-events peer | not measured: ").append(p.raw.why).append(" | | | ≥ 5× | |\n");
        }
        if (p.redis.measured && e.measured) {
            o.append(String.format(Locale.ROOT, "| ingest vs Redis peer (ev/s) | %s | PFADD+INCR pipelined: %s | %s | — | |\n",
                    f0(e.preload.rate()), f0(p.redis.rate), x(e.preload.rate() / p.redis.rate)));
        } else {
            o.append("| ingest vs Redis peer | not measured: ").append(p.redis.why).append(" | | | | |\n");
        }
        for (String[] mode : new String[][]{{"embedded", "10"}, {"PostgreSQL mode", "50"}}) {
            ModeResult m = mode[0].equals("embedded") ? e : pm;
            if (!m.measured) {
                o.append("| 7-day top 10 + trend, ").append(mode[0]).append(" | not measured: ").append(m.why).append(" | | | | |\n");
                continue;
            }
            double limit = Double.parseDouble(mode[1]);
            Timing top = m.q.t.get(QUERY_NAMES[0]);
            Timing trend = m.q.t.get(QUERY_NAMES[1]);
            double worst = Math.max(top.p99, trend.p99);
            o.append(String.format(Locale.ROOT, "| 7-day top 10 and its trend p99, %s | %s ms / %s ms | | | p99 < %s ms at 20M | %s%s |\n",
                    mode[0], ms(top.p99), ms(trend.p99), mode[1], met(worst < limit), scaleNote));
            o.append(String.format(Locale.ROOT, "| 7-day top 10 and its trend, %s, first request after the preload (nothing cached) | %s ms / %s ms | | | | |\n",
                    mode[0], ms(m.q.cold.getOrDefault(QUERY_NAMES[0], Double.NaN)), ms(m.q.cold.getOrDefault(QUERY_NAMES[1], Double.NaN))));
            if (p.raw.measured) {
                Timing raw = p.raw.q.t.get(QUERY_NAMES[0]);
                double r = raw.p50 / top.p50;
                o.append(String.format(Locale.ROOT, "| 7-day top 10 p50, %s vs COUNT(DISTINCT) on raw events | %s ms | %s ms | %s faster | ≥ 20× | %s%s |\n",
                        mode[0], ms(top.p50), ms(raw.p50), x(r), met(r >= 20), scaleNote));
            }
        }
        o.append("\n");

        o.append("## Ingest (main point)\n\n| route / peer | events | seconds | events/s | vs bare route | latency p50 / p99 (ms) | 503s / errors / lost |\n|---|---|---|---|---|---|---|\n");
        for (String[] mode : new String[][]{{"embedded", "e"}, {"PostgreSQL mode", "p"}}) {
            ModeResult m = mode[1].equals("e") ? e : pm;
            if (!m.measured) {
                o.append("| Scenery ").append(mode[0]).append(" | not measured: ").append(m.why).append(" | | | | | |\n");
                continue;
            }
            o.append(loadRow("bare parse-only route (" + mode[0] + " node)", m.bare, m.bare.rate()));
            o.append(loadRow("Scenery " + mode[0] + ": preload of app bench, closed loop", m.preload, m.bare.rate()));
            o.append(loadRow("Scenery " + mode[0] + ": open loop at half the max rate", m.half, m.bare.rate()));
            if (!Double.isNaN(m.flushSeconds)) {
                o.append(String.format(Locale.ROOT, "| flush to PostgreSQL after the preload | | %.1f | | | | |\n", m.flushSeconds));
            }
            if (m.checkpoints != null) {
                o.append("| Scenery ").append(mode[0]).append(": writer checkpoints and GC over the run (`/metrics`) | ").append(m.checkpoints).append(" | | | | | |\n");
            }
        }
        if (p.raw.measured) {
            o.append(String.format(Locale.ROOT, "| raw-events peer: batched INSERT (unnest, 100 rows a statement, 8 connections, synchronous_commit off, index on (app_id, ts) INCLUDE (scene, uid)) | %,d | %.1f | %s | | | |\n",
                    p.raw.events, p.raw.seconds, f0(p.raw.rate)));
            o.append(String.format(Locale.ROOT, "| raw-events peer: VACUUM ANALYZE after the load (not counted above) | | %.1f | | | | |\n", p.raw.vacuumSeconds));
        }
        if (p.redis.measured) {
            o.append(String.format(Locale.ROOT, "| Redis peer: PFADD+INCR per scene/day, source/day and day, pipelined per 100 beacons, 4 connections | %,d | %.1f | %s | | | |\n",
                    p.redis.events, p.redis.seconds, f0(p.redis.rate)));
        }
        o.append("\n");

        o.append("## Queries (main point): latency p50 / p99 in ms, sequential requests\n\n");
        o.append("| query | Scenery embedded | Scenery PostgreSQL mode | raw events COUNT(DISTINCT) | Redis PFCOUNT | raw ÷ embedded (p50) | raw ÷ PG mode (p50) | Redis ÷ embedded (p50) | first request: embedded / PG mode (ms) |\n|---|---|---|---|---|---|---|---|---|\n");
        for (String q : QUERY_NAMES) {
            Timing te = e.measured ? e.q.t.get(q) : Timing.NONE;
            Timing tp = pm.measured ? pm.q.t.get(q) : Timing.NONE;
            Timing tr = p.raw.measured ? p.raw.q.t.get(q) : Timing.NONE;
            Timing td = p.redis.measured && p.redis.q.t.containsKey(q) ? p.redis.q.t.get(q) : Timing.NONE;
            o.append("| ").append(q).append(" | ").append(tcell(te)).append(" | ").append(pm.measured ? tcell(tp) : "not measured")
                    .append(" | ").append(p.raw.measured ? tcell(tr) : "not measured").append(" | ")
                    .append(td.n > 0 ? tcell(td) : (q.equals("today by hour") ? "n/a (the peer keeps day keys only)" : "not measured"))
                    .append(" | ").append(x(tr.p50 / te.p50)).append(" | ").append(x(tr.p50 / tp.p50)).append(" | ").append(x(td.p50 / te.p50))
                    .append(" | ").append(ms(e.q.cold.getOrDefault(q, Double.NaN))).append(" / ").append(ms(pm.q.cold.getOrDefault(q, Double.NaN))).append(" |\n");
        }
        o.append("\nScenery: `GET /v1/apps/bench/scenes?range=7d&metric=visitors&limit=10`, `/scenes/trend?range=7d|30d|today&metric=visitors&limit=10`"
                + " (n = requests timed, after 20 untimed). Raw events: `count(DISTINCT uid) … GROUP BY scene` over the range (the trends: top 10 first,"
                + " then per scene and day or hour), index-only scans after VACUUM ANALYZE; few runs each (n), so its p99 is close to its max."
                + " Redis: 200 pipelined `PFCOUNT` of the scene/day keys of the range (+ for trends 10 × days `PFCOUNT`/`GET`).\n\n");

        if (!p.sync.isEmpty()) {
            o.append("## What a 202 costs (`store.sync`, main point, embedded)\n\n")
                    .append("Each mode on a fresh node, same bodies and connections: a ").append(args.window)
                    .append(" s closed-loop window, then ").append(args.window).append(" s open loop at half that rate.\n\n")
                    .append("| `store.sync` | a 202 survives | ingest (ev/s) | vs process | half rate p50 / p99 (ms) | redo forces |\n|---|---|---|---|---|---|\n");
            double base = p.sync.get(0).closed.rate();
            for (SyncResult r : p.sync) {
                Timing h = r.half.timing();
                o.append(String.format(Locale.ROOT, "| `%s` | %s | %s | %s | %s / %s | %,d |\n", r.mode,
                        r.mode.equals("durable") ? "power loss (redo record forced before the answer)" : "a crash of the process",
                        f0(r.closed.rate()), x(r.closed.rate() / base), ms(h.p50), ms(h.p99), r.forces));
            }
            o.append('\n');
        }
        o.append("## Memory and disk (main point)\n\n| | embedded | PostgreSQL mode |\n|---|---|---|\n");
        String[][] memRows = {{"JVM heap used after a full GC (`jvm_memory_used_bytes{area=heap}`)", "heap"},
                {"JVM non-heap (metaspace, code cache)", "nonHeap"}, {"direct buffers", "direct"}, {"RSS of the process (includes touched pages of the mapped store files)", "rss"},
                {"data directory, allocated (`du`)", "duAllocated"}, {"data directory, apparent size (sparse files)", "duApparent"},
                {"`scenery_store_disk_bytes`", "storeDisk"}};
        for (String[] row : memRows) {
            o.append("| ").append(row[0]).append(" | ").append(e.measured ? bytes(memField(e.mem, row[1])) : "n/a").append(" | ")
                    .append(pm.measured ? bytes(memField(pm.mem, row[1])) : "not measured").append(" |\n");
        }
        o.append("| store entries (`scenery_store_buckets` / `scenery_store_users`, apps bench + warm) | ")
                .append(e.measured ? f0(e.mem.buckets) + " / " + f0(e.mem.users) : "n/a").append(" | ")
                .append(pm.measured ? f0(pm.mem.buckets) + " / " + f0(pm.mem.users) : "not measured").append(" |\n");
        o.append("| data directory files (allocated) | ").append(e.measured ? e.mem.files : "n/a").append(" | ")
                .append(pm.measured ? pm.mem.files : "not measured").append(" |\n");
        if (pm.measured) {
            for (var en : pm.pgSizes.entrySet()) {
                o.append("| PostgreSQL `").append(en.getKey()).append("` (total relation size) | | ").append(bytes(en.getValue())).append(" |\n");
            }
        }
        if (p.raw.measured) {
            o.append(String.format(Locale.ROOT, "| raw-events peer: table %s + index %s = %s | %s of Scenery's allocated data dir | |\n",
                    bytes(p.raw.sizes.get("table")), bytes(p.raw.sizes.get("index")), bytes(p.raw.sizes.get("total")),
                    e.measured ? x(p.raw.sizes.get("total") / e.mem.duAllocated) : "n/a"));
        }
        if (p.redis.measured) {
            o.append(String.format(Locale.ROOT, "| Redis peer: %,d keys, `MEMORY USAGE` sum %s | %s of Scenery's allocated data dir | |\n",
                    p.redis.sizes.get("keys"), bytes(p.redis.sizes.get("memory")),
                    e.measured ? x(p.redis.sizes.get("memory") / e.mem.duAllocated) : "n/a"));
        }
        o.append("\n");

        o.append("## Visitors error on the bench data set (main point)\n\n");
        o.append("The driver generated every beacon and counts distinct users exactly (bitsets); it checks its 7-day count against"
                + " `count(DISTINCT uid)` in PostgreSQL too. Relative error = (measured − exact) / exact.\n\n");
        o.append("| | exact | embedded | PostgreSQL mode | Redis peer |\n|---|---|---|---|---|\n");
        Errors ee = e.err;
        Errors pe = pm.measured ? pm.err : null;
        Errors re = p.redis.measured ? p.redis.err : null;
        if (ee != null) {
            o.append(String.format(Locale.ROOT, "| 7-day visitors | %,d | %s | %s | %s |\n", ee.exact7, errCell(ee.measured7, ee.exact7),
                    pe == null ? "not measured" : errCell(pe.measured7, pe.exact7), re == null ? "not measured" : errCell(re.measured7, re.exact7)));
            o.append(String.format(Locale.ROOT, "| 30-day visitors | %,d | %s | %s | %s |\n", ee.exact30, errCell(ee.measured30, ee.exact30),
                    pe == null ? "not measured" : errCell(pe.measured30, pe.exact30), re == null ? "not measured" : errCell(re.measured30, re.exact30)));
            o.append(String.format(Locale.ROOT, "| 7-day top 10 scenes: max / mean abs. relative error | | %s / %s | %s | %s |\n",
                    pct(ee.topMaxRel7), pct(ee.topMeanRel7), pe == null ? "not measured" : pct(pe.topMaxRel7) + " / " + pct(pe.topMeanRel7),
                    re == null ? "not measured" : pct(re.topMaxRel7) + " / " + pct(re.topMeanRel7)));
            o.append(String.format(Locale.ROOT, "| 30-day top 10 scenes: max abs. relative error | | %s | %s | %s |\n",
                    pct(ee.topMaxRel30), pe == null ? "not measured" : pct(pe.topMaxRel30), re == null ? "not measured" : pct(re.topMaxRel30)));
            o.append(String.format(Locale.ROOT, "| 7-day top 10 in the exact order | | %s | %s | %s |\n", ee.topOrderSame7 ? "yes" : "no",
                    pe == null ? "not measured" : (pe.topOrderSame7 ? "yes" : "no"), re == null ? "not measured" : (re.topOrderSame7 ? "yes" : "no")));
        }
        o.append("\n");

        if (points.size() > 1) {
            Point b = points.get(1);
            o.append(String.format(Locale.ROOT, "## Growth: %,d → %,d beacons (%s data)\n\n", b.events, p.events, x((double) p.events / b.events)));
            o.append("Each figure at both sizes, and main ÷ other (a ratio near the data ratio means linear growth; near 1.0 flat).\n\n");
            o.append(String.format(Locale.ROOT, "| figure | %,d beacons | %,d beacons | ratio |\n|---|---|---|---|\n", b.events, p.events));
            growth(o, "ingest embedded (ev/s)", b.embedded.measured ? b.embedded.preload.rate() : Double.NaN, e.measured ? e.preload.rate() : Double.NaN, false);
            growth(o, "bare parse-only route (ev/s)", b.embedded.measured ? b.embedded.bare.rate() : Double.NaN, e.measured ? e.bare.rate() : Double.NaN, false);
            growth(o, "ingest PostgreSQL mode (ev/s)", b.postgres.measured ? b.postgres.preload.rate() : Double.NaN, pm.measured ? pm.preload.rate() : Double.NaN, false);
            growth(o, "raw-events peer insert (rows/s)", b.raw.measured ? b.raw.rate : Double.NaN, p.raw.measured ? p.raw.rate : Double.NaN, false);
            growth(o, "Redis peer (ev/s)", b.redis.measured ? b.redis.rate : Double.NaN, p.redis.measured ? p.redis.rate : Double.NaN, false);
            growth(o, "ingest p99 at half rate, embedded (ms)", b.embedded.measured ? b.embedded.half.timing().p99 : Double.NaN,
                    e.measured ? e.half.timing().p99 : Double.NaN, true);
            for (String q : QUERY_NAMES) {
                growth(o, q + " p99, embedded (ms)", qp99(b.embedded, q), qp99(e, q), true);
                growth(o, q + " p99, PostgreSQL mode (ms)", qp99(b.postgres, q), qp99(pm, q), true);
                growth(o, q + " p50, raw COUNT(DISTINCT) (ms)", b.raw.measured ? b.raw.q.t.get(q).p50 : Double.NaN,
                        p.raw.measured ? p.raw.q.t.get(q).p50 : Double.NaN, true);
                if (!q.equals("today by hour")) {
                    growth(o, q + " p50, Redis PFCOUNT (ms)", b.redis.measured ? b.redis.q.t.get(q).p50 : Double.NaN,
                            p.redis.measured ? p.redis.q.t.get(q).p50 : Double.NaN, true);
                }
            }
            for (String[] row : memRows) {
                growth(o, row[0] + ", embedded", b.embedded.measured ? memField(b.embedded.mem, row[1]) : Double.NaN,
                        e.measured ? memField(e.mem, row[1]) : Double.NaN, false, true);
            }
            growth(o, "PostgreSQL mode rollup tables", b.postgres.measured ? b.postgres.pgSizes.values().stream().mapToLong(Long::longValue).sum() : Double.NaN,
                    pm.measured ? pm.pgSizes.values().stream().mapToLong(Long::longValue).sum() : Double.NaN, false, true);
            growth(o, "raw-events table + index", b.raw.measured ? b.raw.sizes.get("total") : Double.NaN, p.raw.measured ? p.raw.sizes.get("total") : Double.NaN, false, true);
            growth(o, "Redis keys memory", b.redis.measured ? b.redis.sizes.get("memory") : Double.NaN, p.redis.measured ? p.redis.sizes.get("memory") : Double.NaN, false, true);
            if (b.embedded.err != null && ee != null) {
                growth(o, "7-day visitors relative error, embedded (%)", 100 * rel(b.embedded.err.measured7, b.embedded.err.exact7),
                        100 * rel(ee.measured7, ee.exact7), true);
            }
            o.append("\n");
        }
        o.append("## Log\n\n```\n").append(log).append("```\n");
        Files.writeString(args.out, o.toString());
        if (profileText != null) {
            Files.writeString(args.profileOut, profileText);
        }
    }

    static double qp99(ModeResult m, String q) {
        return m.measured ? m.q.t.get(q).p99 : Double.NaN;
    }

    static String tcell(Timing t) {
        return t.n == 0 ? "n/a" : ms(t.p50) + " / " + ms(t.p99) + " (n=" + t.n + ")";
    }

    static String errCell(long measured, long exact) {
        return String.format(Locale.ROOT, "%,d (%+.2f%%)", measured, 100 * rel(measured, exact));
    }

    static String loadRow(String name, LoadResult r, double bare) {
        Timing t = r.timing();
        return String.format(Locale.ROOT, "| %s | %,d | %.1f | %s | %s | %s / %s | %d / %d / %d |\n", name, r.events.get(), r.seconds, f0(r.rate()),
                x(r.rate() / bare), ms(t.p50), ms(t.p99), r.shed.get(), r.errors.get(), r.lost.get());
    }

    static double memField(Memory m, String f) {
        return switch (f) {
            case "heap" -> m.heap;
            case "nonHeap" -> m.nonHeap;
            case "direct" -> m.direct;
            case "rss" -> m.rss;
            case "duAllocated" -> m.duAllocated;
            case "duApparent" -> m.duApparent;
            case "storeDisk" -> m.storeDisk;
            default -> Double.NaN;
        };
    }

    static void growth(StringBuilder o, String name, double small, double big, boolean msOrPct) {
        growth(o, name, small, big, msOrPct, false);
    }

    static void growth(StringBuilder o, String name, double small, double big, boolean msOrPct, boolean isBytes) {
        String a = isBytes ? bytes(small) : msOrPct ? ms(small) : f0(small);
        String b = isBytes ? bytes(big) : msOrPct ? ms(big) : f0(big);
        o.append("| ").append(name).append(" | ").append(a).append(" | ").append(b).append(" | ").append(x(big / small)).append(" |\n");
    }

    // ------------------------------------------------------------------------------------------
    // profile

    static final class Profile {
        static String analyse(Path jfr, LoadResult load, Args args, Point p) throws IOException {
            Map<String, Long> self = new HashMap<>();
            Map<String, Long> inclusive = new HashMap<>();
            Map<String, Long> firstScenery = new HashMap<>();
            Map<String, Long> threads = new HashMap<>();
            Map<String, Map<String, Long>> selfByThread = new HashMap<>();
            Map<String, Long> allocByClass = new HashMap<>();
            Map<String, Long> allocBySite = new HashMap<>();
            Map<String, Map<String, Long>> allocStacks = new HashMap<>();
            Map<String, Long> monitor = new HashMap<>();
            long samples = 0;
            long allocTotal = 0;
            long gcCount = 0;
            double gcPauseMs = 0;
            double cpuJvm = 0;
            double cpuMachine = 0;
            int cpuN = 0;
            Map<String, Long> counts = new HashMap<>();
            Map<String, double[]> threadCpu = new HashMap<>(); // group -> {sum of loads, events}
            Map<String, Set<String>> groupThreads = new HashMap<>();
            try (RecordingFile rf = new RecordingFile(jfr)) {
                while (rf.hasMoreEvents()) {
                    RecordedEvent ev = rf.readEvent();
                    String type = ev.getEventType().getName();
                    counts.merge(type, 1L, Long::sum);
                    switch (type) {
                        case "jdk.ExecutionSample" -> {
                            if (ev.getStackTrace() == null) {
                                continue;
                            }
                            samples++;
                            List<RecordedFrame> frames = ev.getStackTrace().getFrames();
                            String thread = threadGroup(ev.getThread("sampledThread") == null ? "?" : ev.getThread("sampledThread").getJavaName());
                            threads.merge(thread, 1L, Long::sum);
                            if (!frames.isEmpty()) {
                                String top = frameName(frames.get(0));
                                self.merge(top, 1L, Long::sum);
                                selfByThread.computeIfAbsent(thread, k -> new HashMap<>()).merge(top, 1L, Long::sum);
                            }
                            Set<String> seen = new HashSet<>();
                            String first = null;
                            for (RecordedFrame f : frames) {
                                String name = frameName(f);
                                if (seen.add(name)) {
                                    inclusive.merge(name, 1L, Long::sum);
                                }
                                if (first == null && name.startsWith("dev.scenery.")) {
                                    first = name;
                                }
                            }
                            firstScenery.merge(first == null ? "(no Scenery frame: Vert.x/Netty/JDK only)" : first, 1L, Long::sum);
                        }
                        case "jdk.ObjectAllocationSample" -> {
                            long w = ev.getLong("weight");
                            allocTotal += w;
                            allocByClass.merge(ev.getClass("objectClass").getName(), w, Long::sum);
                            String site = "(no Scenery frame)";
                            if (ev.getStackTrace() != null) {
                                for (RecordedFrame f : ev.getStackTrace().getFrames()) {
                                    String name = frameName(f);
                                    if (name.startsWith("dev.scenery.")) {
                                        site = name;
                                        break;
                                    }
                                }
                            }
                            allocBySite.merge(site, w, Long::sum);
                            if (ev.getStackTrace() != null) {
                                StringBuilder st = new StringBuilder();
                                List<RecordedFrame> fr = ev.getStackTrace().getFrames();
                                for (int i = 0; i < Math.min(7, fr.size()); i++) {
                                    st.append(i == 0 ? "" : " ← ").append(frameName(fr.get(i)).replaceAll("^(\\w+\\.)+(?=\\w+\\.\\w+$)", ""));
                                }
                                allocStacks.computeIfAbsent(ev.getClass("objectClass").getName(), k -> new HashMap<>())
                                        .merge(st.toString(), w, Long::sum);
                            }
                        }
                        case "jdk.GarbageCollection" -> {
                            gcCount++;
                            gcPauseMs += ev.getDuration("sumOfPauses").toNanos() / 1e6;
                        }
                        case "jdk.CPULoad" -> {
                            cpuJvm += ev.getFloat("jvmUser") + ev.getFloat("jvmSystem");
                            cpuMachine += ev.getFloat("machineTotal");
                            cpuN++;
                        }
                        case "jdk.ThreadCPULoad" -> {
                            String name = ev.getThread("eventThread") == null ? "?" : ev.getThread("eventThread").getJavaName();
                            double[] acc = threadCpu.computeIfAbsent(name, k -> new double[2]);
                            acc[0] += ev.getFloat("user") + ev.getFloat("system");
                            acc[1]++;
                        }
                        case "jdk.JavaMonitorEnter", "jdk.ThreadPark" -> {
                            String cls = type.equals("jdk.JavaMonitorEnter") ? ev.getClass("monitorClass").getName()
                                    : (ev.getClass("parkedClass") == null ? "?" : ev.getClass("parkedClass").getName());
                            monitor.merge(type.substring(4) + " " + cls, ev.getDuration().toNanos() / 1_000_000, Long::sum);
                        }
                        default -> { }
                    }
                }
            }
            StringBuilder o = new StringBuilder();
            o.append("# Scenery ingest profile\n\n");
            o.append("- command: `").append(args.command).append("`, main point (").append(String.format(Locale.ROOT, "%,d", p.events))
                    .append(" beacons preloaded), embedded mode\n");
            o.append("- what was recorded: JFR (`jcmd <pid> JFR.start settings=profile`, JVM flags `-XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints`)"
                    + " during 20-30 s of closed-loop ingest to app `warm` after the preload: ").append(load.summary()).append("\n");
            o.append("- recording: `").append(jfr).append("` (not kept in the repository; `jfr summary` / `jfr print --events jdk.ExecutionSample` read it)\n");
            o.append(String.format(Locale.ROOT, "- CPU during the recording: service JVM %.0f%% of the machine, whole machine %.0f%% (2 cores; the load generator takes much of the rest)\n",
                    cpuN == 0 ? Double.NaN : 100 * cpuJvm / cpuN, cpuN == 0 ? Double.NaN : 100 * cpuMachine / cpuN));
            o.append(String.format(Locale.ROOT, "- %,d execution samples; GC: %d collections, %.0f ms of pauses in total (heap 2 GiB); allocation below"
                    + " as shares of `jdk.ObjectAllocationSample` weights (their absolute sum is not a byte count on JDK 17)\n\n",
                    samples, gcCount, gcPauseMs));
            if (!threadCpu.isEmpty()) {
                int cores = Runtime.getRuntime().availableProcessors();
                Map<String, double[]> byGroup = new HashMap<>();
                threadCpu.forEach((name, acc) -> {
                    String g = threadGroup(name);
                    byGroup.computeIfAbsent(g, k -> new double[1])[0] += acc[0] / acc[1] * cores;
                    groupThreads.computeIfAbsent(g, k -> new HashSet<>()).add(name);
                });
                o.append("## CPU by thread (`jdk.ThreadCPULoad`, in cores: 1.0 = one core busy the whole time)\n\n| thread | threads | cores |\n|---|---|---|\n");
                byGroup.entrySet().stream().sorted((a, b) -> Double.compare(b.getValue()[0], a.getValue()[0])).limit(10)
                        .forEach(en -> o.append("| `").append(en.getKey()).append("` | ").append(groupThreads.get(en.getKey()).size()).append(" | ")
                                .append(String.format(Locale.ROOT, "%.2f", en.getValue()[0])).append(" |\n"));
                o.append("\n");
            }
            o.append("## CPU samples by thread\n\n");
            table(o, threads, samples, 12, "thread");
            o.append("## Hot spots: Scenery code responsible (the innermost `dev.scenery` frame of each sample, callees included)\n\n");
            table(o, firstScenery, samples, 25, "method");
            o.append("## Hot spots: self time (top frame)\n\n");
            table(o, self, samples, 30, "method");
            for (var en : selfByThread.entrySet().stream().sorted((a, b) -> Long.compare(sum(b.getValue()), sum(a.getValue()))).limit(3).toList()) {
                o.append("### self time on ").append(en.getKey()).append("\n\n");
                table(o, en.getValue(), sum(en.getValue()), 12, "method");
            }
            o.append("## Inclusive time (methods on the stack), Scenery methods only\n\n");
            Map<String, Long> sc = new HashMap<>();
            inclusive.forEach((k, v) -> {
                if (k.startsWith("dev.scenery.")) {
                    sc.put(k, v);
                }
            });
            table(o, sc, samples, 30, "method");
            o.append("## Allocation (sampled weight, bytes) by Scenery site\n\n");
            table(o, allocBySite, allocTotal, 15, "innermost dev.scenery frame", "weight");
            o.append("## Allocation by class\n\n");
            table(o, allocByClass, allocTotal, 12, "class", "weight");
            allocByClass.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(3).forEach(en -> {
                o.append("### where `").append(en.getKey()).append("` is allocated (top 7 frames, innermost first)\n\n");
                table(o, allocStacks.getOrDefault(en.getKey(), Map.of()), en.getValue(), 4, "stack", "weight");
            });
            if (!monitor.isEmpty()) {
                o.append("## Blocking (ms summed over threads, events above JFR's profile threshold)\n\n");
                o.append("| what | ms |\n|---|---|\n");
                monitor.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(10)
                        .forEach(en -> o.append("| `").append(en.getKey()).append("` | ").append(en.getValue()).append(" |\n"));
                o.append("\n");
            }
            o.append("## Event counts (`jfr summary`-like)\n\n| event | count |\n|---|---|\n");
            counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(15)
                    .forEach(en -> o.append("| ").append(en.getKey()).append(" | ").append(en.getValue()).append(" |\n"));
            return o.toString();
        }

        static long sum(Map<String, Long> m) {
            return m.values().stream().mapToLong(Long::longValue).sum();
        }

        static void table(StringBuilder o, Map<String, Long> m, long total, int k, String col) {
            table(o, m, total, k, col, "samples");
        }

        static void table(StringBuilder o, Map<String, Long> m, long total, int k, String col, String unit) {
            o.append("| ").append(col).append(" | ").append(unit).append(" | share |\n|---|---|---|\n");
            m.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(k)
                    .forEach(en -> o.append("| `").append(en.getKey()).append("` | ").append(en.getValue()).append(" | ")
                            .append(String.format(Locale.ROOT, "%.1f%%", 100.0 * en.getValue() / Math.max(1, total))).append(" |\n"));
            o.append("\n");
        }

        static String frameName(RecordedFrame f) {
            return f.getMethod().getType().getName() + "." + f.getMethod().getName();
        }

        static String threadGroup(String name) {
            return name.replaceAll("\\d+", "#");
        }
    }
}
