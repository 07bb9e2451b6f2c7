package dev.scenery;

import dev.scenery.embedded.read.AggregateReader;
import dev.scenery.embedded.engine.AggregateWriter;
import dev.scenery.embedded.ChronicleStore;
import dev.scenery.embedded.engine.WriterSettings;
import dev.scenery.beacon.SceneCatalog;
import dev.scenery.config.SceneryConfig;
import dev.scenery.http.HttpApi;
import dev.scenery.ingest.IngestService;
import dev.scenery.metrics.MeterNames;
import dev.scenery.metrics.SceneryMetrics;
import dev.scenery.query.QueryService;
import dev.scenery.query.RangeResolver;
import dev.scenery.embedded.read.EmbeddedFigureReader;
import dev.scenery.embedded.read.ReadCaches;
import dev.scenery.query.FigureReader;
import dev.scenery.postgres.PostgresStore;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One running Scenery node: the store, its writer, and the HTTP server. */
public final class Scenery implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Scenery.class);

    private final Vertx vertx;
    private final ChronicleStore store;
    private final AggregateWriter writer;
    /** The HTTP verticles (http.instances of them) and their one port. */
    private final HttpApi.Deployment http;
    /** PostgreSQL mode, or null (embedded store alone). */
    private final PostgresStore postgres;
    private final FigureReader figures;

    private Scenery(Vertx vertx, ChronicleStore store, AggregateWriter writer, HttpApi.Deployment http, PostgresStore postgres,
                    FigureReader figures) {
        this.vertx = vertx;
        this.store = store;
        this.writer = writer;
        this.http = http;
        this.postgres = postgres;
        this.figures = figures;
    }

    /** Opens the store and starts serving; blocks until the port is bound. */
    public static Scenery start(SceneryConfig config) {
        return start(config, System::currentTimeMillis);
    }

    /** Like {@link #start(SceneryConfig)} with a given clock (tests pin "now"). */
    public static Scenery start(SceneryConfig config, LongSupplier clock) {
        ChronicleStore store = ChronicleStore.open(config.store());
        AggregateWriter writer = null;
        Vertx vertx = null;
        PostgresStore postgres = null;
        try {
            SceneryMetrics metrics = new SceneryMetrics(config.apps().keySet());
            writer = new AggregateWriter(store, WriterSettings.of(config), clock, metrics::overflowed);
            vertx = Vertx.vertx();
            SceneCatalog catalog = SceneCatalog.load();
            IngestService ingest = new IngestService(writer, config.limits(), clock, metrics);
            ReadCaches caches = new ReadCaches(metrics::monitor);
            AggregateReader local = new AggregateReader(store, writer, config.readCache(), caches);
            if (config.postgres().enabled()) {
                postgres = PostgresStore.start(vertx, config, store, writer, local, caches, clock);
            }
            FigureReader figures = postgres != null ? postgres.reader() : new EmbeddedFigureReader(vertx, local, clock);
            QueryService queries = new QueryService(figures,
                    catalog, new RangeResolver(config.limits().maxCustomDays()), clock);
            AggregateWriter w = writer;
            metrics.gauge(MeterNames.STORE_BUCKETS, store::bucketCount);
            metrics.gauge(MeterNames.STORE_USERS, store::userCount);
            metrics.gauge(MeterNames.STORE_EVENT_IDS, store::eventIdCount);
            metrics.gauge(MeterNames.STORE_DISK_BYTES, store::fileBytes);
            metrics.gauge(MeterNames.WRITE_QUEUE, w::queued);
            dev.scenery.embedded.engine.CheckpointStats checkpoints = w.checkpointStats();
            metrics.gauge(MeterNames.CHECKPOINTS, checkpoints::count);
            metrics.gauge(MeterNames.CHECKPOINT_LAST_SECONDS, checkpoints::lastSeconds);
            metrics.gauge(MeterNames.CHECKPOINT_MAX_SECONDS, checkpoints::maxSeconds);
            metrics.gauge(MeterNames.CHECKPOINT_LAST_BUCKETS, checkpoints::lastBuckets);
            metrics.gauge(MeterNames.REDO_FORCES, store.redoLog()::forces); // durable mode: one per group of batches
            metrics.gauge(MeterNames.CHECKPOINT_FAILURES, w.status()::checkpointFailures);
            metrics.gauge(MeterNames.STORE_BUCKET_FILES, store::bucketTiers);
            metrics.gauge(MeterNames.STORE_USER_FILES, store::userTiers);
            for (dev.scenery.embedded.StoreLimit limit : dev.scenery.embedded.StoreLimit.values()) {
                metrics.gauge(MeterNames.BATCHES_REFUSED, java.util.Map.of(MeterNames.TAG_LIMIT, limit.tag()), () -> w.status().refusedCount(limit));
            }
            for (dev.scenery.config.AppConfig app : config.declaredApps()) {
                // with the app's test traffic, which the store keeps under its shadow id (TestTraffic)
                String shadow = dev.scenery.beacon.TestTraffic.shadowOf(app.id());
                metrics.gauge(MeterNames.STORE_APP_BYTES, java.util.Map.of(MeterNames.TAG_APP, app.id()),
                        () -> store.bytesByApp().getOrDefault(app.id(), 0L) + store.bytesByApp().getOrDefault(shadow, 0L));
            }
            if (postgres != null) {
                postgres.registerGauges(metrics::gauge);
            }
            HttpApi.Deployment http = HttpApi.deploy(vertx, config, ingest, queries, catalog, store, writer, metrics).await();
            LOG.info("Scenery listening on port {} with data in {} ({} HTTP event loops)", http.port(), store.dataDir(),
                    config.httpInstances());
            return new Scenery(vertx, store, writer, http, postgres, figures);
        } catch (Exception e) { // also what Future.await() rethrows unchecked, like a BindException
            LOG.error("Scenery could not start: {}", e.toString());
            if (postgres != null) {
                postgres.close();
            }
            if (vertx != null) {
                vertx.close();
            }
            store.close(writer != null && writer.stop());
            throw e;
        }
    }

    public int port() {
        return http.port();
    }

    /** The reader the queries of this node use (the reader contract tests call it directly). */
    FigureReader figures() {
        return figures;
    }

    /** PostgreSQL mode of this node, or null in embedded mode (tests force flushes through it). */
    PostgresStore postgres() {
        return postgres;
    }

    /**
     * Stops accepting requests, writes what is queued, and closes the store: cleanly when the
     * writer ended with a complete checkpoint. Bounded (about 5 s at most): requests in flight get
     * 2 s, the writer 3 s; past that the files are left for the next start to recover. The HTTP
     * verticles are undeployed first (each shuts its server down gracefully), so no event loop
     * hands the writer a batch once it stops, nor reads the store once it closes.
     */
    @Override
    public void close() {
        try {
            vertx.undeploy(http.id()).toCompletionStage().toCompletableFuture().get(3, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("undeploying the HTTP verticles: {}", e.toString());
        }
        if (postgres != null) {
            postgres.close(); // a last flush while the writer still runs
        }
        boolean clean = writer.stop();
        vertx.close(); // not awaited: nothing of it holds data
        if (clean) {
            store.close(true);
        } else {
            // the writer may still hold the maps: leave them to the process exit and the next start's recovery
            LOG.warn("stopping without closing the store: the next start recovers it");
        }
    }

}
