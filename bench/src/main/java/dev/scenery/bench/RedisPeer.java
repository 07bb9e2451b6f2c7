package dev.scenery.bench;

import static dev.scenery.bench.Bench.BATCH;
import static dev.scenery.bench.Bench.QUERY_NAMES;
import static dev.scenery.bench.Bench.SCENES;
import static dev.scenery.bench.Bench.ZONE;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Redis peer (bench/README.md, "What it does", 5): per beacon {@code PFADD} + {@code INCR} of the
 * scene/day, source/day and day keys, pipelined per batch of 100 beacons on 4 connections; the
 * questions as pipelined {@code PFCOUNT}s over the day keys. Talks to Redis with vertx-redis-client;
 * the driver's threads wait for each pipeline (no event loop of the driver's is blocked).
 */
final class RedisPeer {
    private static final int CONNECTIONS = 4;
    private final Bench bench;

    RedisPeer(Bench bench) {
        this.bench = bench;
    }

    /** A client of the bench's Redis database ({@code --redis-db}) on 127.0.0.1:6379. */
    static Redis client(Bench bench) {
        return Redis.createClient(bench.vertx, new RedisOptions()
                .setConnectionString("redis://127.0.0.1:6379/" + bench.args.redisDb)
                .setMaxPoolSize(CONNECTIONS + 1).setMaxPoolWaiting(64));
    }

    /** Empties the bench's Redis database. */
    static void flush(Bench bench) throws Exception {
        Redis redis = client(bench);
        try {
            await(redis.send(Request.cmd(Command.FLUSHDB)));
        } finally {
            redis.close();
        }
    }

    void run(Point p) throws Exception {
        PeerResult r = p.redis;
        Dataset d = p.d;
        flush(bench);
        Redis redis = client(bench);
        try {
            load(r, d, redis);
            if (r.why.isEmpty()) {
                ask(r, d, redis);
                r.measured = true;
            }
        } finally {
            redis.close();
        }
    }

    private void load(PeerResult r, Dataset d, Redis redis) throws InterruptedException {
        AtomicLong next = new AtomicLong();
        AtomicLong done = new AtomicLong();
        long deadline = System.nanoTime() + bench.args.maxLoadSeconds * 1_000_000_000L;
        long start = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < CONNECTIONS; t++) {
            Thread th = new Thread(() -> {
                try {
                    RedisConnection c = await(redis.connect());
                    try {
                        while (System.nanoTime() < deadline) {
                            long b = next.getAndIncrement();
                            if (b >= d.batches()) {
                                break;
                            }
                            await(c.batch(batchCommands(d, b)));
                            done.addAndGet(Math.min(d.n, (b + 1) * BATCH) - b * BATCH);
                        }
                    } finally {
                        c.close();
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }, "redis-load-" + t);
            th.start();
            threads.add(th);
        }
        for (Thread th : threads) {
            th.join(bench.args.maxLoadSeconds * 1000 + 60_000);
        }
        if (!failures.isEmpty()) {
            r.why = "failed: " + failures.get(0);
            return;
        }
        r.seconds = (System.nanoTime() - start) / 1e9;
        r.events = done.get();
        r.rate = r.events / r.seconds;
        bench.note(String.format(Locale.ROOT, "Redis peer: %,d beacons (PFADD+INCR per scene/day, source/day and day; pipelined per 100, %d connections) in %.1f s = %,.0f ev/s",
                r.events, CONNECTIONS, r.seconds, r.rate));
    }

    /** The commands of one batch of beacons, sent as one pipeline. */
    private static List<Request> batchCommands(Dataset d, long batch) {
        int from = (int) (batch * BATCH);
        int to = Math.min(d.n, from + BATCH);
        List<Request> cmds = new ArrayList<>((to - from) * 6);
        for (int e = from; e < to; e++) {
            String u = d.uidStrings()[d.uid[e]];
            long day = d.localDay(e);
            int code = Dataset.code(d.scene[e] & 0xff);
            cmds.add(Request.cmd(Command.PFADD).arg("sv:" + code + ":" + day).arg(u));
            cmds.add(Request.cmd(Command.INCR).arg("so:" + code + ":" + day));
            cmds.add(Request.cmd(Command.PFADD).arg("tv:" + day).arg(u));
            cmds.add(Request.cmd(Command.INCR).arg("to:" + day));
            if (d.utm[e] >= 0) {
                String src = d.source(d.utm[e]);
                cmds.add(Request.cmd(Command.PFADD).arg("uv:" + src + ":" + day).arg(u));
                cmds.add(Request.cmd(Command.INCR).arg("uo:" + src + ":" + day));
            }
        }
        return cmds;
    }

    private void ask(PeerResult r, Dataset d, Redis redis) throws Exception {
        LocalDate today = LocalDate.now(ZONE);
        RedisConnection c = await(redis.connect());
        try {
            r.q.t.put(QUERY_NAMES[0], Latency.time(() -> top(c, today, 7, false), 3, 5, 500, 4_000));
            r.q.t.put(QUERY_NAMES[1], Latency.time(() -> top(c, today, 7, true), 3, 5, 500, 4_000));
            r.q.t.put(QUERY_NAMES[2], Latency.time(() -> top(c, today, 30, true), 3, 5, 500, 4_000));
            for (var e : r.q.t.entrySet()) {
                bench.note(String.format(Locale.ROOT, "redis %s: p50 %.2f ms p99 %.2f ms (n=%d)", e.getKey(), e.getValue().p50,
                        e.getValue().p99, e.getValue().n));
            }
            sizes(r, c);
            r.err = errors(d, c, today);
            await(c.send(Request.cmd(Command.FLUSHDB)));
        } finally {
            c.close();
        }
    }

    /** Keys and bytes of the peer's keys (SCAN, then MEMORY USAGE of each page, pipelined). */
    private static void sizes(PeerResult r, RedisConnection c) throws Exception {
        long mem = 0;
        long keys = 0;
        String cursor = "0";
        long end = System.currentTimeMillis() + 120_000;
        do {
            Response page = await(c.send(Request.cmd(Command.SCAN).arg(cursor).arg("COUNT").arg(1000)));
            cursor = page.get(0).toString();
            List<Request> usage = new ArrayList<>();
            for (Response k : page.get(1)) {
                usage.add(Request.cmd(Command.MEMORY).arg("USAGE").arg(k.toString()).arg("SAMPLES").arg(0));
            }
            if (!usage.isEmpty()) {
                for (Response v : await(c.batch(usage))) {
                    mem += v == null ? 0 : v.toLong();
                    keys++;
                }
            }
        } while (!cursor.equals("0") && System.currentTimeMillis() < end);
        r.sizes.put("keys", keys);
        r.sizes.put("memory", mem);
    }

    /** The peer's visitor counts against the exact ones. */
    private Errors errors(Dataset d, RedisConnection c, LocalDate today) throws Exception {
        Errors err = new Errors();
        LocalDate f7 = today.minusDays(7);
        LocalDate f30 = today.minusDays(30);
        Exact x7 = bench.truths.days(d, f7, today.minusDays(1));
        Exact x30 = bench.truths.days(d, f30, today.minusDays(1));
        err.exact7 = x7.visitors;
        err.measured7 = await(c.send(pfcount("tv:", f7, 7))).toLong();
        err.exact30 = x30.visitors;
        err.measured30 = await(c.send(pfcount("tv:", f30, 30))).toLong();
        Map<Integer, Long> m7 = new HashMap<>();
        Map<Integer, Long> m30 = new HashMap<>();
        for (int s = 0; s < SCENES; s++) {
            int code = Dataset.code(s);
            m7.put(code, await(c.send(pfcount("sv:" + code + ":", f7, 7))).toLong());
            m30.put(code, await(c.send(pfcount("sv:" + code + ":", f30, 30))).toLong());
        }
        Truths.fillTopErrors(err, x7, x30, m7, m30);
        List<Integer> order = m7.entrySet().stream().sorted(Map.Entry.<Integer, Long>comparingByValue().reversed()
                .thenComparing(Map.Entry.comparingByKey())).limit(10).map(Map.Entry::getKey).toList();
        err.topOrderSame7 = order.equals(Truths.top(x7, 10));
        return err;
    }

    /** {@code PFCOUNT} of a key prefix's day keys from {@code from}, {@code days} days. */
    private static Request pfcount(String prefix, LocalDate from, int days) {
        Request r = Request.cmd(Command.PFCOUNT);
        for (int i = 0; i < days; i++) {
            r.arg(prefix + from.plusDays(i).toEpochDay());
        }
        return r;
    }

    /** The peer's top 10 scenes by visitors over {@code days} days before today, and (trend) their daily series. */
    private static void top(RedisConnection c, LocalDate today, int days, boolean trend) throws Exception {
        LocalDate from = today.minusDays(days);
        List<Request> counts = new ArrayList<>();
        for (int s = 0; s < SCENES; s++) {
            counts.add(pfcount("sv:" + Dataset.code(s) + ":", from, days));
        }
        counts.add(pfcount("tv:", from, days));
        List<Response> answers = await(c.batch(counts));
        long[] v = new long[SCENES];
        for (int s = 0; s < SCENES; s++) {
            v[s] = answers.get(s).toLong();
        }
        Integer[] idx = new Integer[SCENES];
        for (int s = 0; s < SCENES; s++) {
            idx[s] = s;
        }
        Arrays.sort(idx, (a, b) -> Long.compare(v[b], v[a]));
        if (trend) {
            List<Request> series = new ArrayList<>();
            for (int k = 0; k < 10; k++) {
                for (int dd = 0; dd < days; dd++) {
                    long day = from.plusDays(dd).toEpochDay();
                    series.add(Request.cmd(Command.PFCOUNT).arg("sv:" + Dataset.code(idx[k]) + ":" + day));
                    series.add(Request.cmd(Command.GET).arg("so:" + Dataset.code(idx[k]) + ":" + day));
                }
            }
            await(c.batch(series));
        }
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
    }
}
