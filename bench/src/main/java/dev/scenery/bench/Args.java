package dev.scenery.bench;

import static dev.scenery.bench.Bench.*;
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

/** The driver's command-line options (bench/README.md, "Options"). */
final class Args {
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
    int httpInstances = 0;  // http.instances of the service; 0 = its default (one per core)

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
                case "--http-instances" -> a.httpInstances = Integer.parseInt(v.get());
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
