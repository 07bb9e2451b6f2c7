package dev.scenery.bench;

import dev.scenery.beacon.Utm;
import dev.scenery.generator.Draws;
import dev.scenery.generator.UtmChoice;
import dev.scenery.generator.VisitGenerator;
import dev.scenery.generator.VisitProfile;
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

/** Deterministic visit beacons, in time order, over the 30 days before today and today so far. */
final class Dataset {
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
        int[] codes = new int[SCENES];
        Map<Integer, Integer> rankOfCode = new HashMap<>();
        for (int r = 0; r < SCENES; r++) {
            codes[r] = code(r);
            rankOfCode.put(codes[r], r);
        }
        double[] utmWeights = Draws.zipf(UTM_COMBOS, 0.9);
        List<UtmChoice> combos = new ArrayList<>(UTM_COMBOS);
        Map<Utm, Integer> comboOf = new HashMap<>();
        for (int c = 0; c < UTM_COMBOS; c++) {
            UtmChoice combo = UtmChoice.of(utmWeights[c], source(c), "med" + ((c / 10) % 4), "cmp" + (c / 40), null, null);
            combos.add(combo);
            comboOf.put(combo.utm(), c);
            utmQuery[c] = ("utm_source=" + source(c) + "&utm_medium=" + combo.utm().medium() + "&utm_campaign=" + combo.utm().campaign())
                    .getBytes(StandardCharsets.US_ASCII);
        }
        // the shared generator's visits, held as columns: twenty million visit records would not fit
        VisitProfile profile = new VisitProfile().seed(20260101L).app("bench", ZONE, null, users, n)
                .window(end - start, end).scenes(codes, Draws.zipf(SCENES, 1.1)).utm(0.65, combos)
                .newUsers(Math.min(1, 1.2 * users / n), 1.5).ids(0, "");
        int[] i = {0};
        VisitGenerator.inTimeOrder(profile, v -> {
            ts[i[0]] = v.ts();
            uid[i[0]] = v.user();
            scene[i[0]] = (byte) (int) rankOfCode.get(v.scene());
            utm[i[0]] = v.utm().isEmpty() ? -1 : (short) (int) comboOf.get(v.utm());
            i[0]++;
        });
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

    /**
     * The native JSON body of one batch of beacons, written straight from the columns into bytes (not
     * through the generator's NativeBodies, whose strings would weigh on the load it measures).
     */
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
