package dev.scenery.http;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Writes JSON answers. */
final class Json {
    private Json() {
    }

    static void ok(RoutingContext ctx, JsonObject body) {
        send(ctx, 200, body);
    }

    static void send(RoutingContext ctx, int status, JsonObject body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json; charset=utf-8").end(body.encode());
    }
}
