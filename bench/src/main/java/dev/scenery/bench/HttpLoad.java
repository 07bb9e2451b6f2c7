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
 * HTTP load against a service: batches of the data set sent closed-loop (N in flight) or open-loop
 * (a fixed rate, latency from each request's intended start), 503s retried after a short pause.
 */
final class HttpLoad {
    private final Bench bench;

    HttpLoad(Bench bench) {
        this.bench = bench;
    }


    HttpClientAgent httpClient(int port, int conns) {
        return bench.vertx.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port)
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
                        bench.vertx.setTimer(status == 503 ? 20 : 200, t -> attempt(client, uri, body, events, r, t0, mustLand, deadlineNanos, tries + 1, done));
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
            bench.note("WARNING: " + live.get() + " requests to " + uri + " still unanswered 90 s after the end of the phase; counting what completed");
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
        bench.vertx.setPeriodic(1, id -> {
            long now = System.nanoTime();
            long due = (long) ((Math.min(now, endN) - startN) / 1e9 * batchesPerSec);
            while (scheduled.get() < due) {
                long k = scheduled.getAndIncrement();
                long intended = startN + (long) (k * 1e9 / batchesPerSec);
                send(client, uri, d, (first + k) % d.batches(), r, intended, false, endN + 10_000_000_000L)
                        .onComplete(ar -> completed.incrementAndGet());
            }
            if (now >= endN) {
                bench.vertx.cancelTimer(id);
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
}
