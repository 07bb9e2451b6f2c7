package dev.scenery.http;

import dev.scenery.embedded.engine.AggregateWriter;
import dev.scenery.embedded.ChronicleStore;
import dev.scenery.beacon.SceneCatalog;
import dev.scenery.config.SceneryConfig;
import dev.scenery.ingest.IngestService;
import dev.scenery.metrics.QueryRoute;
import dev.scenery.metrics.SceneryMetrics;
import dev.scenery.query.QueryService;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The HTTP side: {@code http.instances} verticles, each with its own HttpServer and Router on its
 * own event loop, sharing one port. What the routers share (the {@link IngestGuard}, the services,
 * the metrics) is built here once and is thread-safe; the writer stays one thread behind its queue.
 */
public final class HttpApi {
    private HttpApi() {
    }

    /** The deployed verticles: undeploy {@code id} to stop serving; {@code port} is the one port they all listen on. */
    public record Deployment(String id, int port) {
    }

    /**
     * Deploys the HTTP verticles and completes when every instance listens. Port 0 (any free port)
     * becomes -1: in Vert.x 5 servers on port 0 do not share one port, each would bind a random
     * port of its own (checked with 5.0.10: two instances got two ports), while servers on the same
     * negative port share one random port.
     */
    public static Future<Deployment> deploy(Vertx vertx, SceneryConfig config, IngestService ingest, QueryService queries,
                                            SceneCatalog catalog, ChronicleStore store, AggregateWriter writer, SceneryMetrics metrics) {
        IngestGuard guard = new IngestGuard(config.limits()); // one for all instances: per-IP limits hold across loops
        metrics.gauge(dev.scenery.metrics.MeterNames.INFLIGHT_BYTES, guard::inflightBytes);
        metrics.gauge(dev.scenery.metrics.MeterNames.UPLOADS, guard::uploads);
        HttpServerOptions options = new HttpServerOptions().setPort(config.httpPort() == 0 ? -1 : config.httpPort())
                .setCompressionSupported(true).setMaxInitialLineLength(8192)
                .setIdleTimeout(config.limits().idleTimeoutSeconds()).setIdleTimeoutUnit(TimeUnit.SECONDS);
        List<HttpVerticle> instances = new CopyOnWriteArrayList<>();
        Supplier<HttpVerticle> instance = () -> {
            HttpVerticle v = new HttpVerticle(options, vx -> router(vx, config, guard, ingest, queries, catalog, store, writer, metrics));
            instances.add(v);
            return v;
        };
        return vertx.deployVerticle(instance, new DeploymentOptions().setInstances(config.httpInstances()))
                .compose(id -> {
                    Set<Integer> ports = new TreeSet<>();
                    instances.forEach(v -> ports.add(v.actualPort()));
                    if (ports.size() != 1) { // would make Scenery.port() a lie for some requests
                        return vertx.undeploy(id).transform(done -> Future.failedFuture(
                                new IllegalStateException("the HTTP instances listen on ports " + ports + ", not one")));
                    }
                    return Future.succeededFuture(new Deployment(id, ports.iterator().next()));
                });
    }

    /** A router of its own, outside any verticle (the OpenAPI contract test lists its routes). */
    public static Router router(Vertx vertx, SceneryConfig config, IngestService ingest, QueryService queries,
                                SceneCatalog catalog, ChronicleStore store, AggregateWriter writer, SceneryMetrics metrics) {
        return router(vertx, config, new IngestGuard(config.limits()), ingest, queries, catalog, store, writer, metrics);
    }

    /** One instance's router, built on its event loop; its first handler counts the request under the loop's thread. */
    static Router router(Vertx vertx, SceneryConfig config, IngestGuard guard, IngestService ingest, QueryService queries,
                         SceneCatalog catalog, ChronicleStore store, AggregateWriter writer, SceneryMetrics metrics) {
        Router router = Router.router(vertx);
        io.micrometer.core.instrument.Counter requests = metrics.httpRequests(Thread.currentThread().getName());
        router.route().handler(ctx -> {
            requests.increment();
            ctx.next();
        });
        router.route().handler(guard::screen);
        IngestRoutes ingestRoutes = new IngestRoutes(config, ingest, metrics, guard);
        QueryRoutes queryRoutes = new QueryRoutes(config, queries, catalog, metrics);

        router.post("/v1/apps/:appId/beacons").handler(ingestRoutes::beacons);
        if (config.benchBaselineRoute()) {
            // bench/ only (http.benchBaselineRoute): the framework's ceiling on the same port; stores nothing
            router.post("/v1/bench/parse-only").handler(ctx -> parseOnly(ctx, guard, config.limits()));
        }
        GrowingIoRoutes growingIo = new GrowingIoRoutes(config, ingest, metrics, guard);
        router.post("/v3/projects/:accountId/collect").handler(growingIo::cdp);
        router.options("/v3/projects/:accountId/collect").handler(GrowingIoRoutes::preflight);
        router.post("/projects/:projectId/apps/:appId/collect").handler(growingIo::saas);
        router.options("/projects/:projectId/apps/:appId/collect").handler(GrowingIoRoutes::preflight);
        if (!config.corsOrigins().isEmpty()) {
            router.route("/v1/*").handler(io.vertx.ext.web.handler.CorsHandler.create()
                    .addOrigins(config.corsOrigins())
                    .allowedMethod(io.vertx.core.http.HttpMethod.GET)
                    .allowedHeader("Authorization"));
        }
        for (dev.scenery.query.View view : dev.scenery.query.View.values()) {
            router.get("/v1/apps/:appId/" + view.route()).handler(ctx -> queryRoutes.top(ctx, view, false));
            router.get("/v1/apps/:appId/" + view.route() + "/trend").handler(ctx -> queryRoutes.top(ctx, view, true));
        }
        router.get("/v1/scenes").handler(queryRoutes::catalog);
        router.get("/v1/apps").handler(new AppsRoute(config)::list);
        router.get("/health").handler(ctx -> Json.ok(ctx, new JsonObject().put("status", "up")));
        router.get("/ready").handler(new ReadyRoute(vertx, store, writer, queries)::ready);
        // scraping reads file sizes: keep it off the event loop
        router.get("/metrics").handler(ctx -> Access.mayReadMetrics(ctx, config)).handler(ctx -> vertx.executeBlocking(metrics::scrape, false)
                .onSuccess(text -> ctx.response().putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").end(text))
                .onFailure(ctx::fail));
        // the dashboard at /, its assets and WebJars, /openapi.yaml and Swagger UI at /docs
        StaticRoutes.register(router);
        router.route().failureHandler(ErrorMapper::handle);
        router.errorHandler(404, ErrorMapper::handle);
        router.errorHandler(405, ErrorMapper::handle);
        router.errorHandler(500, ErrorMapper::handle);
        return router;
    }

    /**
     * {@code POST /v1/bench/parse-only}: reads the body within the same limits as ingest, parses it
     * into a {@link io.vertx.core.json.JsonArray} and answers 202 {@code {"accepted": N}}; nothing is stored.
     */
    static void parseOnly(io.vertx.ext.web.RoutingContext ctx, IngestGuard guard, dev.scenery.config.LimitsConfig limits) {
        Bodies.readDecoded(ctx, guard, limits)
                .map(bytes -> {
                    try {
                        return new io.vertx.core.json.JsonArray(io.vertx.core.buffer.Buffer.buffer(bytes)).size();
                    } catch (io.vertx.core.json.DecodeException | ClassCastException e) {
                        throw new ApiException(400, "body is not a JSON array");
                    }
                })
                .onSuccess(n -> Json.send(ctx, 202, new JsonObject().put("accepted", n)))
                .onFailure(ctx::fail);
    }
}
