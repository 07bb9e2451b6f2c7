package dev.scenery.bench;

import static dev.scenery.bench.Bench.*;
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
 * The raw-events peer (bench/README.md, "What it does", 4): the same beacons into a PostgreSQL table
 * by batched INSERTs, then the same questions as COUNT(DISTINCT uid) queries.
 */
final class RawEventsPeer {
    private final Bench bench;

    RawEventsPeer(Bench bench) {
        this.bench = bench;
    }


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
        if (!bench.pgAvailable) {
            r.why = bench.pgWhy;
            return;
        }
        Dataset d = p.d;
        bench.recreatePgDb();
        bench.psql(bench.args.pgDb, "CREATE TABLE raw_visits (app_id text NOT NULL, uid text NOT NULL, ts timestamptz NOT NULL, scene int NOT NULL,"
                + " utm_source text, utm_medium text, utm_campaign text)");
        bench.psql(bench.args.pgDb, "CREATE INDEX raw_visits_app_ts ON raw_visits (app_id, ts) INCLUDE (scene, uid)");
        int conc = 8;
        // durability like Scenery's (which survives a process crash, not a power loss: no fsync per batch)
        PgConnectOptions pgOptions = PgConnectOptions.fromUri(bench.args.pgUrl());
        pgOptions.getProperties().put("synchronous_commit", "off");
        Pool pool = PgBuilder.pool().with(new io.vertx.sqlclient.PoolOptions().setMaxSize(conc))
                .connectingTo(pgOptions).using(bench.vertx).build();
        try {
            String insert = "INSERT INTO raw_visits (app_id, uid, ts, scene, utm_source, utm_medium, utm_campaign)"
                    + " SELECT 'bench', * FROM unnest($1::text[], $2::timestamptz[], $3::int[], $4::text[], $5::text[], $6::text[])";
            AtomicLong next = new AtomicLong();
            AtomicLong rows = new AtomicLong();
            AtomicInteger live = new AtomicInteger(conc);
            CompletableFuture<Void> finished = new CompletableFuture<>();
            long deadline = System.nanoTime() + bench.args.maxLoadSeconds * 1_000_000_000L;
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
                        bench.note("raw insert failed: " + ar.cause());
                    }
                    step[0].run();
                });
            };
            for (int i = 0; i < conc; i++) {
                step[0].run();
            }
            finished.get(bench.args.maxLoadSeconds + 120, TimeUnit.SECONDS);
            r.seconds = (System.nanoTime() - start) / 1e9;
            r.events = rows.get();
            r.rate = r.events / r.seconds;
            bench.note(String.format(Locale.ROOT, "raw-events peer: %,d rows by batched INSERT (100 rows, %d connections, synchronous_commit off) in %.1f s = %,.0f rows/s",
                    r.events, conc, r.seconds, r.rate));
            long v0 = System.nanoTime();
            bench.psql(bench.args.pgDb, "VACUUM ANALYZE raw_visits");
            r.vacuumSeconds = (System.nanoTime() - v0) / 1e9;
            LocalDate today = LocalDate.now(ZONE);
            String[] sql = rawQueries(today);
            for (int i = 0; i < sql.length; i++) {
                String q = sql[i];
                Timing t = Latency.time(() -> pool.query(q).execute().toCompletionStage().toCompletableFuture().get(600, TimeUnit.SECONDS),
                        1, 3, 20, bench.args.scale < 0.3 ? 5_000 : 10_000);
                r.q.t.put(QUERY_NAMES[i], t);
                bench.note(String.format(Locale.ROOT, "raw %s: p50 %.1f ms p99 %.1f ms (n=%d)", QUERY_NAMES[i], t.p50, t.p99, t.n));
            }
            r.sizes.put("table", Long.parseLong(bench.psql(bench.args.pgDb, "select pg_relation_size('raw_visits')")));
            r.sizes.put("index", Long.parseLong(bench.psql(bench.args.pgDb, "select pg_indexes_size('raw_visits')")));
            r.sizes.put("total", Long.parseLong(bench.psql(bench.args.pgDb, "select pg_total_relation_size('raw_visits')")));
            // exact from the peer itself is exact: error 0 by construction; check the driver's counts against it
            String v7 = bench.psql(bench.args.pgDb, "SELECT count(DISTINCT uid) FROM raw_visits WHERE app_id='bench' AND ts >= "
                    + tsLit(today.minusDays(7)) + " AND ts < " + tsLit(today));
            long exact7 = bench.truths.days(d, today.minusDays(7), today.minusDays(1)).visitors;
            if (Long.parseLong(v7) != exact7) {
                bench.note("WARNING: the driver's exact 7-day visitors " + exact7 + " differ from PostgreSQL's " + v7);
            } else {
                bench.note("driver's exact 7-day visitors match COUNT(DISTINCT) in PostgreSQL: " + v7);
            }
            r.measured = true;
        } finally {
            pool.close();
        }
        bench.psql(bench.args.pgDb, "DROP TABLE raw_visits"); // keep disk for the next point
    }
}
