package dev.scenery.http;

import dev.scenery.metrics.QueryRoute;
import dev.scenery.beacon.SceneCatalog;
import dev.scenery.config.AppConfig;
import dev.scenery.config.SceneryConfig;
import dev.scenery.metrics.SceneryMetrics;
import dev.scenery.beacon.TestTraffic;
import dev.scenery.query.QueryService;
import dev.scenery.query.View;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.Map;

/** The dashboard routes: scenes, sources, scene groups and their trends (JSON or CSV), and the scene catalog. */
final class QueryRoutes {
    private final SceneryConfig config;
    private final QueryService queries;
    private final SceneCatalog catalog;
    private final SceneryMetrics metrics;

    QueryRoutes(SceneryConfig config, QueryService queries, SceneCatalog catalog, SceneryMetrics metrics) {
        this.config = config;
        this.queries = queries;
        this.catalog = catalog;
        this.metrics = metrics;
    }

    void top(RoutingContext ctx, View view, boolean trend) {
        long start = System.nanoTime();
        QueryRoute route = QueryRoute.of(view.route(), trend);
        String appId = ctx.pathParam("appId");
        AppConfig app = config.app(appId);
        if (app == null) {
            ctx.fail(new ApiException(404, "unknown app '" + appId + "'"));
            return;
        }
        if (!Access.mayRead(ctx, app, config)) {
            return;
        }
        Map<String, String> params = new HashMap<>();
        for (Map.Entry<String, String> e : ctx.queryParams()) {
            if (params.put(e.getKey(), e.getValue()) != null) {
                ctx.fail(new ApiException(400, "parameter '" + e.getKey() + "' is given more than once"));
                return;
            }
        }
        Future<JsonObject> answer;
        try {
            answer = queries.top(app, params, view, trend);
        } catch (RuntimeException badQuery) { // parameters are checked before the first read: timed like any failure
            answer = Future.failedFuture(badQuery);
        }
        answer.onSuccess(json -> {
                    if (CsvAnswer.wanted(params.get("format"), ctx.request().getHeader("Accept"))) {
                        CsvAnswer.send(ctx, json, view, trend, params.getOrDefault("lang", "zh"), catalog);
                    } else {
                        Json.ok(ctx, json);
                    }
                    metrics.queryLatency(route, 200, System.nanoTime() - start);
                })
                .onFailure(e -> {
                    // tagged with the status ErrorMapper answers, once it has
                    ctx.addEndHandler(done -> metrics.queryLatency(route, ctx.response().getStatusCode(), System.nanoTime() - start));
                    ctx.fail(e);
                });
    }

    /**
     * {@code GET /v1/scenes}: every scene with its group, whether it is a trial-build entry and whether
     * it is test traffic by default; every group with its Chinese and English name.
     */
    void catalog(RoutingContext ctx) {
        JsonArray scenes = new JsonArray();
        for (SceneCatalog.Scene s : catalog.all()) {
            scenes.add(new JsonObject().put("code", s.code()).put("name", s.name()).put("group", s.group())
                    .put("trialBuild", s.trialBuild()).put("testTraffic", TestTraffic.DEFAULT_SCENES.contains(s.code())));
        }
        JsonArray groups = new JsonArray();
        for (SceneCatalog.Group g : catalog.groups()) {
            groups.add(new JsonObject().put("group", g.key()).put("name", g.nameZh()).put("nameEn", g.nameEn()));
        }
        Json.ok(ctx, new JsonObject().put("scenes", scenes).put("groups", groups)
                .put("testScenes", new JsonArray(TestTraffic.DEFAULT_SCENES_SORTED)));
    }
}
