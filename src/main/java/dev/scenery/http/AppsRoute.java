package dev.scenery.http;

import dev.scenery.config.AppConfig;
import dev.scenery.config.SceneryConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /v1/apps}: the declared apps (id, name, time zone, whether they are public), in
 * declaration order, for the dashboard's app selector. Reading an app's figures still needs one of
 * its read tokens unless it is public; the list itself names no token.
 */
final class AppsRoute {
    private final SceneryConfig config;

    AppsRoute(SceneryConfig config) {
        this.config = config;
    }

    void list(RoutingContext ctx) {
        JsonArray apps = new JsonArray();
        for (AppConfig app : config.declaredApps()) {
            apps.add(new JsonObject()
                    .put("id", app.id())
                    .put("name", app.name())
                    .put("timeZone", app.zone().getId())
                    .put("public", app.isPublic()));
        }
        Json.ok(ctx, new JsonObject().put("apps", apps));
    }
}
