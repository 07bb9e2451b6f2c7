package dev.scenery.bench;

import static dev.scenery.bench.Bench.*;
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

/** Writes bench/results/latest.md: every figure of every point with its ratio and, where the issue sets a target, whether it is met. */
final class Report {
    private final Bench bench;

    Report(Bench bench) {
        this.bench = bench;
    }


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
        o.append("- command: `").append(bench.args.command).append("`\n");
        o.append("- date: ").append(ZonedDateTime.now(ZoneOffset.UTC).withNano(0)).append(" (elapsed ").append(elapsedSec / 60).append(" min ")
                .append(elapsedSec % 60).append(" s so far)\n");
        o.append("- machine: `nproc` = ").append(Runtime.getRuntime().availableProcessors()).append(", memory ").append(machineMemory())
                .append(", ").append(System.getProperty("java.vm.name")).append(' ').append(System.getProperty("java.version")).append("\n");
        o.append("- load average at the start of each point: ");
        for (Point q : points) {
            o.append(q.load0).append(" → ").append(q.load1).append("; ");
        }
        o.append("(2 cores: above ~2 the machine was shared with other work; the load generator runs on the same 2 cores)\n");
        o.append("- busiest processes when the run started (`top`; the driver is the java process running dev.scenery.bench.Bench):\n\n```\n").append(bench.topAtStart.strip()).append("\n```\n");
        o.append(String.format(Locale.ROOT, "- data set (main point): %,d visit beacons, %,d users, %d scenes, %d UTM combinations, over the 30 days before today"
                + " and today so far (%s); batches of %d beacons; %d HTTP connections; fixed phases of %d s\n",
                p.events, p.users, SCENES, UTM_COMBOS, TZ, BATCH, bench.args.conns, bench.args.window));
        o.append("- service: `java -Xmx2g -jar scenery.jar`, fresh data directory per mode, app `bench` (measured) and app `warm`"
                + " (warm-up, half-rate latency, profiling) on the same node; `store.initialBuckets: 1000000`, `store.initialUsers: 2.5 × users`,"
                + " `store.initialEventIdsPerDay: 16384` (the beacons carry no `id`; files are where the maps start, not ceilings), `limits.requestsPerSecondPerIp: 0`, `limits.lateWindowDays: 33`, "
                + (bench.args.httpInstances > 0 ? "`http.instances: " + bench.args.httpInstances + "`" : "`http.instances` its default (one per core: "
                + Runtime.getRuntime().availableProcessors() + ")") + "\n");
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
                    mode[0], Math.max(3, bench.args.window / 2), rs, x(m.interleavedRatio), met(m.interleavedRatio >= 1.0)));
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
                    .append("Each mode on a fresh node, same bodies and connections: a ").append(bench.args.window)
                    .append(" s closed-loop window, then ").append(bench.args.window).append(" s open loop at half that rate.\n\n")
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
        o.append("## Log\n\n```\n").append(bench.log).append("```\n");
        Files.writeString(bench.args.out, o.toString());
        if (bench.profileText != null) {
            Files.writeString(bench.args.profileOut, bench.profileText);
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
}
