package dev.scenery.postgres;

import dev.scenery.query.FigureReader;
import dev.scenery.embedded.read.AggregateReader;
import dev.scenery.embedded.read.ReadCaches;
import dev.scenery.embedded.engine.AggregateWriter;
import dev.scenery.embedded.model.AppClock;
import dev.scenery.embedded.ChronicleStore;
import dev.scenery.embedded.model.Granularity;
import dev.scenery.config.AppConfig;
import dev.scenery.config.PostgresConfig;
import dev.scenery.config.SceneryConfig;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL mode of one node: the connection pool (vertx-pg-client, non-blocking), the schema
 * migrations, the {@link Flusher}, the read side ({@link #reader()}), and the retention job that
 * deletes old rollup rows in batches.
 */
public final class PostgresStore implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresStore.class);
    private static final long RETENTION_EVERY_MILLIS = TimeUnit.HOURS.toMillis(1);
    /** Gauges registered in PostgreSQL mode. */
    public static final String METER_DIRTY_BUCKETS = dev.scenery.metrics.MeterNames.POSTGRES_DIRTY_BUCKETS;
    public static final String METER_FLUSH_LAG = dev.scenery.metrics.MeterNames.POSTGRES_FLUSH_LAG;
    public static final String METER_FLUSH_FAILURES = dev.scenery.metrics.MeterNames.POSTGRES_FLUSH_FAILURES;

    private final Vertx vertx;
    private final Context context;
    private final PostgresConfig config;
    private final Pool pool;
    private final String nodeId;
    private final WriterLink writer;
    private final LongSupplier clock;
    private final Flusher flusher;
    private final PostgresFigureReader reader;
    private long retentionTimer = -1;

    private PostgresStore(Vertx vertx, SceneryConfig all, ChronicleStore store, AggregateWriter writer, AggregateReader local,
                          ReadCaches caches, LongSupplier clock) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.config = all.postgres();
        this.writer = new WriterLink(writer); // tracks every write from now on: before the first
        this.clock = clock;
        this.nodeId = NodeIdentity.resolve(store.dataDir(), config.nodeId());
        PgConnectOptions options = config.connectOptions();
        options.setReconnectAttempts(0);
        options.getProperties().put("application_name", "scenery " + nodeId);
        this.pool = PgBuilder.pool()
                .with(new io.vertx.core.net.NetClientOptions()
                        .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, config.timeoutMillis()))
                        .setTcpKeepAlive(true))
                .with(new PoolOptions().setMaxSize(config.poolSize())
                        .setConnectionTimeout((int) Math.max(1, config.timeoutMillis()))
                        .setConnectionTimeoutUnit(TimeUnit.MILLISECONDS))
                .connectingTo(options)
                .using(vertx)
                .build();
        Map<String, AppClock> clocks = new ConcurrentHashMap<>();
        long retention = config.embeddedRetentionMillis();
        // a stored app id: a declared app, or the shadow id of its test traffic (TestTraffic), in the app's zone
        java.util.function.Function<String, AppClock> clockOf = app -> clocks.computeIfAbsent(app, x -> new AppClock(all.zoneOf(app)));
        this.flusher = new Flusher(vertx, context, pool, this.writer, local, config, nodeId,
                app -> clockOf.apply(app).hourOf(clock.getAsLong() - retention), clockOf, clock);
        NewVisitorReader newVisitors = new NewVisitorReader(vertx, pool, this.writer, clockOf, config.timeoutMillis());
        this.reader = new PostgresFigureReader(vertx, pool, local, nodeId, config.timeoutMillis(), clock, flusher, this::status,
                newVisitors, all.readCache().postgresAnswers(), caches);
    }

    /**
     * Connects, migrates the schema and runs a first flush (waiting at most a few timeouts), then
     * flushes every {@code flushIntervalMillis}. A PostgreSQL that cannot be reached does not stop
     * the start: the node accepts beacons, {@code /ready} says {@code degraded}, and the flusher
     * keeps retrying.
     */
    public static PostgresStore start(Vertx vertx, SceneryConfig config, ChronicleStore store, AggregateWriter writer,
                                      AggregateReader local, ReadCaches caches, LongSupplier clock) {
        PostgresStore pg = new PostgresStore(vertx, config, store, writer, local, caches, clock);
        pg.flusher.onMigrated(() -> pg.context.runOnContext(v -> pg.retentionRound()));
        try {
            pg.flusher.flushNow().await(6 * pg.config.timeoutMillis() + 10_000, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.warn("PostgreSQL at {} is not usable yet ({}); starting degraded, flushes will retry",
                    PostgresConfig.redact(pg.config.url()), pg.flusher.error() != null ? pg.flusher.error() : e.toString());
        }
        pg.flusher.start();
        LOG.info("PostgreSQL mode: node '{}', flushing to {} every {} ms", pg.nodeId,
                PostgresConfig.redact(pg.config.url()), pg.config.flushIntervalMillis());
        return pg;
    }

    public FigureReader reader() {
        return reader;
    }

    /** Registers the PostgreSQL gauges: dirty buckets, seconds since the last flush, failures in a row. */
    public void registerGauges(java.util.function.BiConsumer<String, java.util.function.Supplier<Number>> gauge) {
        gauge.accept(METER_DIRTY_BUCKETS, writer::dirtyBuckets);
        gauge.accept(METER_FLUSH_LAG, () -> flusher.lagMillis() / 1000.0);
        gauge.accept(METER_FLUSH_FAILURES, flusher::failures);
        gauge.accept(dev.scenery.metrics.MeterNames.POSTGRES_FLUSH_DURATION, () -> flusher.lastDurationNanos() / 1e9);
    }

    public String nodeId() {
        return nodeId;
    }

    /** Runs a flush now (tests and shutdown); fails when PostgreSQL could not take it. */
    public Future<Void> flushNow() {
        return flusher.flushNow();
    }

    /** Deletes rollup rows past their retention now; the future holds how many. */
    public Future<Long> runRetention() {
        io.vertx.core.Promise<Long> done = io.vertx.core.Promise.promise();
        context.runOnContext(v -> retention().onComplete(done));
        return done.future();
    }

    /** What {@code /ready} shows under {@code postgres}. */
    public JsonObject status() {
        long w = flusher.watermark();
        long lastFlush = flusher.lastFlushWallMillis();
        return new JsonObject()
                .put("state", flusher.healthy() ? "ok" : "degraded")
                .put("nodeId", nodeId)
                .put("watermark", w < 0 ? null : w)
                .put("lastWrite", writer.lastSeq())
                .put("dirtyBuckets", writer.dirtyBuckets())
                .put("flushLagMillis", flusher.lagMillis())
                .put("lastFlushAt", lastFlush == 0 ? null : Instant.ofEpochMilli(lastFlush).toString())
                .put("consecutiveFailures", flusher.failures())
                .put("rowsFlushed", flusher.rowsFlushed())
                .put("bucketsEvicted", flusher.after().evicted())
                .put("firstSeenDropped", flusher.after().firstSeenDropped())
                .put("error", flusher.error());
    }

    private void retentionRound() {
        if (retentionTimer >= 0) {
            return;
        }
        retention();
        retentionTimer = vertx.setPeriodic(RETENTION_EVERY_MILLIS, id -> retention());
    }

    /** Deletes rows past retention, {@value Sql#DELETE_CHUNK} at a time, hourly table then daily. */
    private Future<Long> retention() {
        LocalDateTime now = LocalDateTime.ofEpochSecond(Math.floorDiv(clock.getAsLong(), 1000L), 0, ZoneOffset.UTC);
        LocalDateTime hourCutoff = now.minusDays(config.hourlyRetentionDays());
        LocalDate dayCutoff = now.toLocalDate().minusDays(config.dailyRetentionDays());
        return deleteBefore(Sql.retention(Granularity.HOUR), Tuple.of(hourCutoff), 0)
                .compose(h -> deleteBefore(Sql.retention(Granularity.DAY), Tuple.of(dayCutoff), h))
                .compose(h -> deleteBefore(Sql.retentionOfNew(Granularity.HOUR), Tuple.of(hourCutoff), h))
                .compose(h -> deleteBefore(Sql.retentionOfNew(Granularity.DAY), Tuple.of(dayCutoff), h))
                .compose(n -> n == 0 ? Future.succeededFuture(n)
                        : pool.preparedQuery(Sql.FORGET_DAY_VERSIONS).execute(Tuple.of(
                                hourCutoff.toLocalDate().isAfter(dayCutoff) ? hourCutoff.toLocalDate() : dayCutoff)).map(n))
                .onSuccess(n -> {
                    if (n > 0) {
                        LOG.info("PostgreSQL retention: deleted {} rollup rows (hourly before {}, daily before {})",
                                n, hourCutoff, dayCutoff);
                    }
                })
                .onFailure(e -> LOG.warn("PostgreSQL retention failed (retried next round): {}", e.toString()));
    }

    private Future<Long> deleteBefore(String sql, Tuple cutoff, long deletedSoFar) {
        return pool.preparedQuery(sql).execute(cutoff).compose(r -> {
            long total = deletedSoFar + r.rowCount();
            return r.rowCount() < Sql.DELETE_CHUNK ? Future.succeededFuture(total) : deleteBefore(sql, cutoff, total);
        });
    }

    /** Stops the timers, runs a last flush (waiting a bounded time), and closes the pool. */
    @Override
    public void close() {
        context.runOnContext(v -> {
            if (retentionTimer >= 0) {
                vertx.cancelTimer(retentionTimer);
            }
        });
        try {
            flusher.stop().await(6 * config.timeoutMillis() + 5_000, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.warn("last PostgreSQL flush at stop failed ({}); the next start flushes what is left",
                    flusher.error() != null ? flusher.error() : e.toString());
        }
        try {
            pool.close().await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("closing the PostgreSQL pool: {}", e.toString());
        }
    }
}
