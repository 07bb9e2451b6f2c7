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
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
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
    /** Buckets evicted per cycle at most (the writer thread pauses ingestion while it evicts). */
    private static final int EVICT_PER_CYCLE = 20_000;
    /**
     * How often flushed first-seen records past {@code postgres.firstSeenCacheDays} are dropped (a
     * scan of the registry); the system property {@code scenery.postgres.pruneEveryMillis} changes it (tests).
     */
    private static final long PRUNE_EVERY_NANOS = TimeUnit.MINUTES.toNanos(10);

    private final Vertx vertx;
    private final Context context;
    private final Pool pool;
    private final WriterLink writer;
    private final AggregateReader local;
    private final PostgresConfig config;
    private final String nodeId;
    private final ToIntFunction<String> firstHourToKeep;
    private final FlushTransactions transactions;
    private final java.util.function.LongSupplier clock;
    private long lastPruneNanos;
    private volatile long firstSeenDropped;

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
    private volatile long evicted;
    private volatile long othersFlushedAt = Long.MAX_VALUE;
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
        this.firstHourToKeep = firstHourToKeep;
        this.transactions = new FlushTransactions(vertx, pool, local, config, nodeId, new FirstVisitSync(nodeId, clocks));
        this.clock = clock;
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
                        return evict(dirty.watermark()).compose(v -> prune(dirty.watermark())).compose(v -> refreshOthers());
                    }
                    return onContext(writer.restoreDirty(dirty)).transform(r -> Future.failedFuture(ar.cause()));
                }));
    }

    private Future<Void> evict(long w) {
        return onContext(writer.evict(w, firstHourToKeep, EVICT_PER_CYCLE))
                .onSuccess(n -> evicted += n)
                .onFailure(e -> LOG.warn("evicting flushed buckets failed: {}", e.toString()))
                .<Void>mapEmpty()
                .recover(e -> Future.succeededFuture());
    }

    /** Best effort, every {@link #PRUNE_EVERY_NANOS}: the registry keeps only recent or unflushed first visits. */
    private Future<Void> prune(long w) {
        long every = TimeUnit.MILLISECONDS.toNanos(Long.getLong("scenery.postgres.pruneEveryMillis",
                TimeUnit.NANOSECONDS.toMillis(PRUNE_EVERY_NANOS))); // tests prune at every flush
        if (lastPruneNanos != 0 && System.nanoTime() - lastPruneNanos < every) {
            return Future.succeededFuture();
        }
        lastPruneNanos = System.nanoTime();
        return onContext(writer.pruneFirstSeen(w, clock.getAsLong() - config.firstSeenCacheMillis()))
                .onSuccess(n -> {
                    firstSeenDropped += n;
                    if (n > 0) {
                        LOG.info("dropped {} flushed first-seen records older than postgres.firstSeenCacheDays", n);
                    }
                })
                .onFailure(e -> LOG.warn("dropping flushed first-seen records failed: {}", e.toString()))
                .<Void>mapEmpty()
                .recover(e -> Future.succeededFuture());
    }

    long firstSeenDropped() {
        return firstSeenDropped;
    }

    /** Best effort: when the other nodes last flushed, for the freshness of reads. */
    private Future<Void> refreshOthers() {
        return pool.preparedQuery(Sql.OTHERS_FLUSHED_AT).execute(Tuple.of(nodeId))
                .onSuccess(rows -> {
                    OffsetDateTime at = rows.size() == 0 ? null : rows.iterator().next().getOffsetDateTime(0);
                    othersFlushedAt = at == null ? Long.MAX_VALUE : at.toInstant().toEpochMilli();
                })
                .<Void>mapEmpty()
                .recover(e -> Future.succeededFuture());
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

    long evicted() {
        return evicted;
    }

    /** Epoch millis of the oldest recent flush of another node, or {@link Long#MAX_VALUE} when none. */
    long othersFlushedAt() {
        return othersFlushedAt;
    }

    static String dimension(dev.scenery.embedded.model.Dimension d) {
        return d.name().toLowerCase(Locale.ROOT);
    }

    static LocalDateTime hourStart(int hour) {
        return LocalDateTime.ofEpochSecond(hour * 3600L, 0, ZoneOffset.UTC);
    }

    static int hourIndex(LocalDateTime t) {
        return (int) Math.floorDiv(t.toEpochSecond(ZoneOffset.UTC), 3600L);
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }
}
