package dev.scenery.http;

import dev.scenery.metrics.BeaconFormat;
import dev.scenery.beacon.NativeBatchParser;
import dev.scenery.beacon.ParsedBatch;
import dev.scenery.beacon.Rejected;
import dev.scenery.config.AppConfig;
import dev.scenery.config.SceneryConfig;
import dev.scenery.ingest.IngestResult;
import dev.scenery.ingest.IngestService;
import dev.scenery.metrics.SceneryMetrics;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** {@code POST /v1/apps/{appId}/beacons}: the native batch API. */
final class IngestRoutes {
    static final BeaconFormat FORMAT = BeaconFormat.NATIVE;
    private final SceneryConfig config;
    private final IngestService ingest;
    private final NativeBatchParser parser;
    private final SceneryMetrics metrics;

    private final IngestGuard guard;

    IngestRoutes(SceneryConfig config, IngestService ingest, SceneryMetrics metrics, IngestGuard guard) {
        this.guard = guard;
        this.config = config;
        this.ingest = ingest;
        this.metrics = metrics;
        this.parser = new NativeBatchParser(config.limits().maxBatch(), config.adSource());
    }

    void beacons(RoutingContext ctx) {
        long start = System.nanoTime();
        String appId = ctx.pathParam("appId");
        AppConfig app = config.app(appId);
        if (app == null) {
            ctx.fail(new ApiException(404, "unknown app '" + appId + "': declare it under 'apps' in the config"));
            return;
        }
        if (!app.acceptsReferer(ctx.request().getHeader("Referer"))) {
            ctx.fail(wrongReferer(app));
            return;
        }
        String type = ctx.request().getHeader("Content-Type");
        if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            ctx.fail(new ApiException(415, "Content-Type must be application/json, got " + (type == null ? "none" : "'" + type + "'")));
            return;
        }
        Bodies.readDecoded(ctx, guard, config.limits())
                .compose(bytes -> {
                    ParsedBatch batch = parser.parse(bytes, bytes.length);
                    return Future.fromCompletionStage(ingest.ingest(app, batch, FORMAT), ctx.vertx().getOrCreateContext());
                })
                .onSuccess(result -> {
                    ctx.response().setStatusCode(202).putHeader("Content-Type", "application/json; charset=utf-8")
                            .end(render(result).encode());
                    metrics.ingestLatency(FORMAT, 202, System.nanoTime() - start);
                })
                .onFailure(e -> {
                    // tagged with the status ErrorMapper answers, once it has
                    ctx.addEndHandler(done -> metrics.ingestLatency(FORMAT, ctx.response().getStatusCode(), System.nanoTime() - start));
                    ctx.fail(e);
                });
    }

    /** The 403 for beacons of an app with {@code wechatAppId} that do not carry the Referer WeChat sets. */
    static ApiException wrongReferer(AppConfig app) {
        return new ApiException(403, "beacons for app '" + app.id() + "' must come from its mini-program (Referer https://servicewechat.com/"
                + app.wechatAppId() + "/...)");
    }

    static JsonObject render(IngestResult result) {
        JsonArray rejected = new JsonArray();
        for (Rejected r : result.rejected()) {
            rejected.add(new JsonObject().put("index", r.index()).put("error", r.error()));
        }
        return new JsonObject().put("accepted", result.accepted()).put("duplicates", result.duplicates()).put("rejected", rejected);
    }
}
