package dev.scenery.postgres;

import dev.scenery.config.PostgresConfig;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Best-effort work after each committed flush, on the flusher's context: evict the flushed old
 * buckets from the embedded store, now and then drop the flushed old first-seen records, and read
 * when the other nodes last flushed (the freshness of reads). A failure here fails no flush.
 */
final class AfterFlush {
    private static final Logger LOG = LoggerFactory.getLogger(AfterFlush.class);
    /** Buckets evicted per cycle at most (the writer thread pauses ingestion while it evicts). */
    private static final int EVICT_PER_CYCLE = 20_000;
    /**
     * How often flushed first-seen records past {@code postgres.firstSeenCacheDays} are dropped (a
     * scan of the registry); the system property {@code scenery.postgres.pruneEveryMillis} changes it (tests).
     */
    private static final long PRUNE_EVERY_NANOS = TimeUnit.MINUTES.toNanos(10);

    private final Context context;
    private final Pool pool;
    private final WriterLink writer;
    private final PostgresConfig config;
    private final String nodeId;
    private final ToIntFunction<String> firstHourToKeep;
    private final LongSupplier clock;
    private long lastPruneNanos;
    private volatile long firstSeenDropped;
    private volatile long evicted;
    private volatile long othersFlushedAt = Long.MAX_VALUE;

    AfterFlush(Context context, Pool pool, WriterLink writer, PostgresConfig config, String nodeId,
               ToIntFunction<String> firstHourToKeep, LongSupplier clock) {
        this.context = context;
        this.pool = pool;
        this.writer = writer;
        this.config = config;
        this.nodeId = nodeId;
        this.firstHourToKeep = firstHourToKeep;
        this.clock = clock;
    }

    /** After a flush committed up to the write {@code watermark}. */
    Future<Void> run(long watermark) {
        return evict(watermark).compose(v -> prune(watermark)).compose(v -> refreshOthers());
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

    long evicted() {
        return evicted;
    }

    /** Epoch millis of the oldest recent flush of another node, or {@link Long#MAX_VALUE} when none. */
    long othersFlushedAt() {
        return othersFlushedAt;
    }

    private <T> Future<T> onContext(CompletionStage<T> stage) {
        return Future.fromCompletionStage(stage, context);
    }
}
