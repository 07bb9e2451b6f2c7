package dev.scenery.http;

import dev.scenery.metrics.BeaconFormat;
import dev.scenery.beacon.Beacon;
import dev.scenery.beacon.GrowingIoBatch;
import dev.scenery.beacon.GrowingIoFormat;
import dev.scenery.beacon.GrowingIoParser;
import dev.scenery.beacon.LzString;
import dev.scenery.beacon.ParsedBatch;
import dev.scenery.beacon.RejectReason;
import dev.scenery.beacon.Rejected;
import dev.scenery.config.AppConfig;
import dev.scenery.config.SceneryConfig;
import dev.scenery.ingest.IngestResult;
import dev.scenery.ingest.IngestService;
import dev.scenery.metrics.SceneryMetrics;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The GrowingIO mini-program SDK's collect routes, unchanged wire format:
 * {@code POST /v3/projects/{accountId}/collect} (CDP / 4.x, optionally LZString-compressed) and
 * {@code POST /projects/{projectId}/apps/{appId}/collect} (SaaS 3.8). Events map onto the same
 * beacons as the native API; the answer is 200 as the SDK expects.
 */
final class GrowingIoRoutes {
    static final BeaconFormat FORMAT = BeaconFormat.GROWINGIO;
    private final SceneryConfig config;
    private final IngestService ingest;
    private final SceneryMetrics metrics;

    private final IngestGuard guard;

    GrowingIoRoutes(SceneryConfig config, IngestService ingest, SceneryMetrics metrics, IngestGuard guard) {
        this.guard = guard;
        this.config = config;
        this.ingest = ingest;
        this.metrics = metrics;
    }

    void cdp(RoutingContext ctx) {
        String account = ctx.pathParam("accountId");
        boolean compressed = "1".equals(ctx.request().getParam("compress"))
                || "1".equals(ctx.request().getHeader("X-Compress-Codec"));
        collect(ctx, account, null, GrowingIoFormat.CDP, compressed);
    }

    void saas(RoutingContext ctx) {
        collect(ctx, ctx.pathParam("projectId"), ctx.pathParam("appId"), GrowingIoFormat.SAAS,
                "1".equals(ctx.request().getHeader("X-Compress-Codec")));
    }

    /** CORS preflight of the collect routes: anything may post beacons. */
    static void preflight(RoutingContext ctx) {
        allowAnyOrigin(ctx);
        ctx.response().putHeader("Access-Control-Allow-Methods", "POST, OPTIONS")
                .putHeader("Access-Control-Allow-Headers", "Content-Type, Content-Encoding, X-Compress-Codec")
                .putHeader("Access-Control-Max-Age", "86400").setStatusCode(204).end();
    }

    private static void allowAnyOrigin(RoutingContext ctx) {
        ctx.response().putHeader("Access-Control-Allow-Origin", "*");
    }

    private void collect(RoutingContext ctx, String account, String pathAppId, GrowingIoFormat format, boolean compressed) {
        allowAnyOrigin(ctx);
        if (!config.growingIo().knowsAccount(account)) {
            ctx.fail(new ApiException(404, "unknown GrowingIO project '" + account + "': map it to an app under growingio.projects in the config"));
            return;
        }
        int max = config.limits().maxBodyBytes();
        Bodies.readDecoded(ctx, guard, config.limits())
                .compose(bytes -> {
                    GrowingIoBatch batch = compressed
                            ? GrowingIoParser.parse(LzString.decompressFromUTF16(new String(bytes, StandardCharsets.UTF_8), max),
                                    format, config.adSource(), config.limits().maxBatch())
                            : GrowingIoParser.parse(bytes, bytes.length, format, config.adSource(), config.limits().maxBatch());
                    return ingestByApp(account, pathAppId, batch, ctx);
                })
                .onSuccess(result -> ctx.response().setStatusCode(200)
                        .putHeader("Content-Type", "application/json; charset=utf-8")
                        .end(new JsonObject().put("accepted", result.accepted()).put("duplicates", result.duplicates())
                                .put("rejected", result.rejected().size()).encode()))
                .onFailure(ctx::fail);
    }

    /** Splits a batch by the Scenery app each event maps to, writes each part, and adds up the answers. */
    private Future<IngestResult> ingestByApp(String account, String pathAppId, GrowingIoBatch batch, RoutingContext ctx) {
        Map<AppConfig, List<Beacon>> byApp = new LinkedHashMap<>();
        List<Rejected> rejected = new ArrayList<>(batch.rejected());
        for (int i = 0; i < batch.entries().size(); i++) {
            GrowingIoBatch.Entry e = batch.entries().get(i);
            String domain = e.domain() != null ? e.domain() : pathAppId;
            String appId = config.growingIo().resolve(account, domain, e.dataSourceId());
            AppConfig app = appId == null ? null : config.app(appId);
            if (app == null) {
                rejected.add(new Rejected(-1, RejectReason.UNMAPPED_APP, "no Scenery app is mapped for GrowingIO project " + account + " and mini-program " + domain));
                continue;
            }
            byApp.computeIfAbsent(app, a -> new ArrayList<>()).add(e.beacon());
        }
        // the native route's rule, per app the batch feeds: nothing is written unless every one accepts the Referer
        String referer = ctx.request().getHeader("Referer");
        for (AppConfig app : byApp.keySet()) {
            if (!app.acceptsReferer(referer)) {
                return Future.failedFuture(IngestRoutes.wrongReferer(app));
            }
        }
        // events refused before they had an app count under the app the project maps to by default
        String appTag = config.growingIo().resolve(account, pathAppId, null);
        for (Rejected r : rejected) {
            metrics.rejected(appTag, FORMAT, r.reason());
        }
        List<Future<IngestResult>> parts = new ArrayList<>();
        for (Map.Entry<AppConfig, List<Beacon>> part : byApp.entrySet()) {
            parts.add(Future.fromCompletionStage(ingest.ingest(part.getKey(), new ParsedBatch(part.getValue(), List.of()), FORMAT),
                    ctx.vertx().getOrCreateContext()));
        }
        return Future.all(parts).map(all -> {
            int accepted = 0;
            int duplicates = 0;
            for (Future<IngestResult> f : parts) {
                accepted += f.result().accepted();
                duplicates += f.result().duplicates();
                rejected.addAll(f.result().rejected());
            }
            return new IngestResult(accepted, duplicates, rejected);
        });
    }
}
