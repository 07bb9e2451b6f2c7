package dev.scenery.bench;

import static dev.scenery.bench.Bench.TZ;
import static dev.scenery.bench.Tools.*;

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

/** One Scenery service under test: a child JVM of the service jar on a fresh data directory, ready when it answers /ready. */
final class Server implements AutoCloseable {
    private final Bench bench;
    final Process process;
    final int port;
    final Path dataDir;
    final Path logFile;

    Server(Bench bench, String name, Path dir, boolean postgres, Dataset d) throws Exception {
        this(bench, name, dir, postgres, d, "");
    }

    /** {@code storeExtra}: more {@code store:} keys, indented, such as {@code "  sync: durable\n"}. */
    Server(Bench bench, String name, Path dir, boolean postgres, Dataset d, String storeExtra) throws Exception {
        this.bench = bench;
        this.port = freePort();
        this.dataDir = dir.resolve("data");
        Files.createDirectories(dataDir);
        long maxUsers = Math.max(100_000, d.users * 5L / 2);
        String yaml = "http:\n  port: " + port + "\n  benchBaselineRoute: true\n"
                + (bench.args.httpInstances > 0 ? "  instances: " + bench.args.httpInstances + "\n" : "")
                + "defaultTimeZone: " + TZ + "\n"
                + "apps:\n  - id: bench\n    timeZone: " + TZ + "\n    public: true\n"
                + "  - id: warm\n    timeZone: " + TZ + "\n    public: true\n"
                + "limits:\n  lateWindowDays: 33\n  requestsPerSecondPerIp: 0\n"
                + "store:\n  initialBuckets: 1000000\n  initialUsers: " + maxUsers + "\n  initialEventIdsPerDay: 16384\n" + storeExtra
                + System.getenv().getOrDefault("BENCH_STORE_EXTRA", "")
                + (postgres ? "postgres:\n  url: " + bench.args.pgUrl() + "\n" : "");
        Path config = dir.resolve("scenery.yaml");
        Files.writeString(config, yaml);
        this.logFile = dir.resolve("scenery.log");
        List<String> cmd = new ArrayList<>(List.of("java", "-Xmx2g", "-Dchronicle.analytics.disable=true",
                "-XX:+UnlockDiagnosticVMOptions", "-XX:+DebugNonSafepoints", "-jar", bench.args.jar));
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
        bench.note(name + " ready on port " + port + " (pid " + process.pid() + ")");
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
            bench.note("service did not stop in 90 s; killing pid " + pid());
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
