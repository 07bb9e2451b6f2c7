package dev.scenery.bench;

import static dev.scenery.bench.Bench.SCENES;
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
 * The exact figures of the data set (computed once per range) and how far a service's or a peer's
 * visitor counts are from them: totals of 7 and 30 days and the top 10 scenes.
 */
final class Truths {
    private final Map<String, Exact> exactCache = new HashMap<>();

    Errors sceneryErrors(int port, Dataset d) throws Exception {
        JsonObject a7 = getJson(port, "/v1/apps/bench/scenes?range=7d&metric=visitors&limit=100");
        JsonObject a30 = getJson(port, "/v1/apps/bench/scenes?range=30d&metric=visitors&limit=100");
        Errors e = new Errors();
        Exact x7 = ofAnswer(d, a7);
        Exact x30 = ofAnswer(d, a30);
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
        e.topOrderSame7 = servedOrder.equals(top(x7, 10));
        return e;
    }

    static List<Integer> top(Exact x, int k) {
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
        List<Integer> top7 = top(x7, 10);
        List<Integer> top30 = top(x30, 10);
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

    Exact ofAnswer(Dataset d, JsonObject answer) {
        JsonObject range = answer.getJsonObject("range");
        LocalDate from = LocalDate.parse(range.getString("from"));
        LocalDate to = LocalDate.parse(range.getString("to"));
        return days(d, from, to);
    }

    Exact days(Dataset d, LocalDate from, LocalDate to) {
        String key = System.identityHashCode(d) + ":" + from + ":" + to;
        return exactCache.computeIfAbsent(key, k -> Exact.of(d, from.toEpochDay(), to.toEpochDay()));
    }
}
