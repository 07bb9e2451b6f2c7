package dev.scenery.postgres;

import dev.scenery.embedded.read.AggregateReader;
import dev.scenery.embedded.model.AppClock;
import dev.scenery.config.PostgresConfig;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flushes this node's buckets to PostgreSQL, exactly once in effect (see "Flush protocol" in
 * docs/design.md). One cycle at a time, all state changed on one Vert.x context:
 * <ol>
 *   <li>first cycle only: migrate the schema, read the node's watermark, and mark dirty every
 *       bucket written after it (one scan of the embedded store);</li>
 *   <li>take the dirty set and the last applied write {@code W} from the writer thread;</li>
 *   <li>read those buckets' current (absolute) values from the embedded store;</li>
 *   <li>in transactions ({@link FlushTransactions}): lock the node's state row, upsert the rows,
 *       reconcile the first-seen records, set the watermark to {@code W};</li>
 *   <li>on success, evict old buckets that are fully flushed; on failure, put the keys back into
 *       the dirty set and retry with backoff.</li>
 * </ol>
 */
final class Flusher {
    private static final Logger LOG = LoggerFactory.getLogger(Flusher.class);
    private final Vertx vertx;
    private final Context context;
    private final Pool pool;
    private final WriterLink writer;
    private final AggregateReader local;
    private final PostgresConfig config;
    private final String nodeId;
    private final FlushTransactions transactions;
    private final AfterFlush after;

    private Future<Void> tail = Future.succeededFuture();
    private boolean migrated;
    private boolean initialized;
    private long timer = -1;
    private boolean stopped;

    private volatile String fatal;
    private volatile long watermark = -1;
    private volatile long lastSuccessNanos;
    private volatile long lastFlushWallMillis;
    private volatile long lastDurationNanos;
    private final long startedNanos = System.nanoTime();
    private volatile String lastError;
    private volatile int failures;
    private volatile long rowsFlushed;
    private volatile Runnable onMigrated = () -> { };

    Flusher(Vertx vertx, Context context, Pool pool, WriterLink writer, AggregateReader local, PostgresConfig config,
            String nodeId, ToIntFunction<String> firstHourToKeep, java.util.function.Function<String, AppClock> clocks,
            java.util.function.LongSupplier clock) {
        this.vertx = vertx;
        this.context = context;
        this.pool = pool;
        this.writer = writer;
        this.local = local;
        this.config = config;
        this.nodeId = nodeId;
        this.after = new AfterFlush(context, pool, writer, config, nodeId, firstHourToKeep, clock);
        this.transactions = new FlushTransactions(vertx, pool, local, config, nodeId, new FirstVisitSync(nodeId, clocks));
    }

    /** What runs after each committed flush, and what it did. */
    AfterFlush after() {
        return after;
    }

    void onMigrated(Runnable action) {
        this.onMigrated = action;
    }

    /** Starts the periodic flushes. */
    void start() {
        context.runOnContext(v -> schedule(config.flushIntervalMillis()));
    }

    /** Runs one cycle now (after the one in progress, if any). */
    Future<Void> flushNow() {
        Promise<Void> done = Promise.promise();
        context.runOnContext(v -> enqueue().onComplete(done));
        return done.future();
    }

    /** Stops the periodic flushes and runs a last cycle. */
    Future<Void> stop() {
        Promise<Void> done = Promise.promise();
        context.runOnContext(v -> {
            stopped = true;
            if (timer >= 0) {
                vertx.cancelTimer(timer);
            }
            enqueue()
                    .compose(ok -> pool.preparedQuery(Sql.STOPPED).execute(Tuple.of(nodeId)).<Void>mapEmpty())
                    .onComplete(done);
        });
        return done.future();
    }

    private Future<Void> enqueue() {
        tail = tail.transform(ar -> cycle());
        return tail;
    }

    private void schedule(long delay) {
        if (stopped) {
            return;
        }
        timer = vertx.setTimer(delay, id -> {
            timer = -1;
            enqueue().onComplete(ar -> schedule(nextDelay()));
        });
    }

    /** The flush interval, or a growing backoff after failures (capped at 30 s, or 10 intervals if less). */
    private long nextDelay() {
        long interval = config.flushIntervalMillis();
        if (failures == 0) {
            return interval;
        }
        long cap = Math.max(2 * interval, Math.min(30_000, 10 * interval));
        return Math.min(cap, interval << Math.min(failures, 10));
    }

    private Future<Void> cycle() {
        if (fatal != null) {
            return Future.failedFuture(fatal);
        }
        Future<Void> ready = initialized ? Future.succeededFuture() : init();
        return ready.compose(v -> flushOnce())
                .onSuccess(v -> {
                    if (failures > 0) {
                        LOG.info("PostgreSQL flush works again after {} failed attempts", failures);
                    }
                    failures = 0;
                    lastError = null;
                })
                .onFailure(e -> {
                    failures++;
                    lastError = describe(e);
                    if (failures == 1 || failures % 20 == 0) {
                        LOG.warn("PostgreSQL flush failed ({} in a row; beacons are still accepted into the embedded store): {}",
                                failures, lastError);
                    }
                });
    }

    private Future<Void> init() {
        Future<Void> schema = migrated ? Future.succeededFuture() : Migrations.apply(pool).map(n -> {
            migrated = true;
            onMigrated.run();
            return null;
        });
        return schema
                .compose(v -> pool.preparedQuery(Sql.WATERMARK).execute(Tuple.of(nodeId)))
                .compose(rows -> {
                    long committed = rows.size() == 0 ? 0 : rows.iterator().next().getLong(0);
                    return onContext(writer.markDirtyAfter(committed)).transform(ar -> {
                        if (ar.failed()) {
                            if (ar.cause() instanceof dev.scenery.embedded.StoreException) {
                                fatal = ar.cause().getMessage();
                                LOG.error("PostgreSQL flush disabled: {}", fatal);
                            }
                            return Future.failedFuture(ar.cause());
                        }
                        watermark = committed;
                        initialized = true;
                        LOG.info("PostgreSQL mode: node '{}' flushed up to write {}; {} buckets to flush",
                                nodeId, committed, writer.dirtyBuckets());
                        return Future.succeededFuture();
                    });
                });
    }

    private Future<Void> flushOnce() {
        long started = System.nanoTime();
        return onContext(writer.takeDirty()).compose(dirty -> transactions.writeAll(dirty.keys(), dirty.watermark(), dirty.users())
                .transform(ar -> {
                    if (ar.succeeded()) {
                        writer.committed(dirty);
                        lastDurationNanos = System.nanoTime() - started;
                        watermark = Math.max(watermark, dirty.watermark());
                        lastSuccessNanos = System.nanoTime();
                        lastFlushWallMillis = System.currentTimeMillis();
                        rowsFlushed += ar.result();
                        return after.run(dirty.watermark());
                    }
                    return onContext(writer.restoreDirty(dirty)).transform(r -> Future.failedFuture(ar.cause()));
                }));
    }

    private <T> Future<T> onContext(CompletionStage<T> stage) {
        return Future.fromCompletionStage(stage, context);
    }

    // ------------------------------------------------------------------ state for /ready and reads

    /** True while flushes succeed on schedule. */
    boolean healthy() {
        long sinceNanos = System.nanoTime() - (lastSuccessNanos == 0 ? startedNanos : lastSuccessNanos);
        long allowedMillis = 3 * config.flushIntervalMillis() + 6 * config.timeoutMillis();
        return fatal == null && initialized && lastError == null && TimeUnit.NANOSECONDS.toMillis(sinceNanos) <= allowedMillis;
    }

    String error() {
        return fatal != null ? fatal : lastError;
    }

    /** The committed watermark, or -1 before the first contact. */
    long watermark() {
        return watermark;
    }

    /** Milliseconds since the last successful flush (or since start, before the first one). */
    long lagMillis() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - (lastSuccessNanos == 0 ? startedNanos : lastSuccessNanos));
    }

    /** How long the last successful flush took, in nanoseconds. */
    long lastDurationNanos() {
        return lastDurationNanos;
    }

    long lastFlushWallMillis() {
        return lastFlushWallMillis;
    }

    int failures() {
        return failures;
    }

    long rowsFlushed() {
        return rowsFlushed;
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }
}
