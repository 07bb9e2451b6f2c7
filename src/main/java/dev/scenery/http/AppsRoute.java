package dev.scenery.http;

import dev.scenery.config.AppConfig;
import dev.scenery.config.SceneryConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /v1/apps}: the declared apps the caller may read (id, name, time zone, whether they
 * are public, the scenes whose visits are set apart as test traffic), in declaration order, for the dashboard's app selector: the public apps, plus those
 * the request's bearer token opens. A private app's name is not shown to a caller who cannot read
 * it; a token that opens nothing just lists the public apps (no 401: the list is public).
 */
final class AppsRoute {
    private final SceneryConfig config;

    AppsRoute(SceneryConfig config) {
        this.config = config;
    }

    void list(RoutingContext ctx) {
        JsonArray apps = new JsonArray();
        for (AppConfig app : config.readableApps(Access.token(ctx))) {
            apps.add(new JsonObject()
                    .put("id", app.id())
                    .put("name", app.name())
                    .put("timeZone", app.zone().getId())
                    .put("public", app.isPublic())
                    .put("testScenes", new JsonArray(app.testScenes().stream().sorted().toList())));
        }
        Json.ok(ctx, new JsonObject().put("apps", apps));
    }
}
