package dev.scenery.http;

import dev.scenery.embedded.engine.AggregateWriter;
import dev.scenery.embedded.ChronicleStore;
import dev.scenery.beacon.SceneCatalog;
import dev.scenery.config.SceneryConfig;
import dev.scenery.ingest.IngestService;
import dev.scenery.metrics.QueryRoute;
import dev.scenery.metrics.SceneryMetrics;
import dev.scenery.query.QueryService;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

/** Builds the router of every route Scenery serves. */
public final class HttpApi {
    private HttpApi() {
    }

    public static Router router(Vertx vertx, SceneryConfig config, IngestService ingest, QueryService queries,
                                SceneCatalog catalog, ChronicleStore store, AggregateWriter writer, SceneryMetrics metrics) {
        Router router = Router.router(vertx);
        IngestGuard guard = new IngestGuard(config.limits());
        router.route().handler(guard::screen);
        metrics.gauge(dev.scenery.metrics.MeterNames.INFLIGHT_BYTES, guard::inflightBytes);
        metrics.gauge(dev.scenery.metrics.MeterNames.UPLOADS, guard::uploads);
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
