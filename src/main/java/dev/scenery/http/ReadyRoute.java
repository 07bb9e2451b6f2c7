package dev.scenery.http;

import dev.scenery.embedded.engine.AggregateWriter;
import dev.scenery.embedded.ChronicleStore;
import dev.scenery.query.QueryService;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /ready}: 200 {@code ready} while the node takes beacons and answers; 200 {@code
 * degraded} with the reason while it answers queries but refuses or may refuse writes (the store
 * at its disk budget, checkpoints failing, PostgreSQL unreachable), so a balancer keeps it for reads;
 * 503 only once the store is closed.
 */
final class ReadyRoute {
    private final Vertx vertx;
    private final ChronicleStore store;
    private final AggregateWriter writer;
    private final QueryService queries;

    ReadyRoute(Vertx vertx, ChronicleStore store, AggregateWriter writer, QueryService queries) {
        this.vertx = vertx;
        this.store = store;
        this.writer = writer;
        this.queries = queries;
    }

    void ready(RoutingContext ctx) {
        // reads the data directory's sizes: off the event loop
        vertx.executeBlocking(this::status, false)
                .onSuccess(body -> Json.send(ctx, "not ready".equals(body.getString("status")) ? 503 : 200, body))
                .onFailure(ctx::fail);
    }

    private JsonObject status() {
        boolean open = store.isOpen();
        String reason = open ? writer.status().degradedReason() : null;
        JsonObject storeState = new JsonObject().put("state", open ? (reason == null ? "open" : "refusing writes") : "closed");
        if (open) {
            storeState.put("buckets", store.bucketCount())
                    .put("users", store.userCount())
                    .put("diskBytes", store.fileBytes())
                    .put("maxDiskBytes", store.maxDiskBytes())
                    .put("freeBytes", store.freeBytes());
            if (reason != null) {
                storeState.put("reason", reason);
            }
        }
        JsonObject body = new JsonObject().put("status", !open ? "not ready" : reason == null ? "ready" : "degraded")
                .put("store", storeState);
        if (reason != null) {
            body.put("reason", reason);
        }
        // PostgreSQL mode: still 200 while PostgreSQL is unreachable (beacons are accepted into the
        // embedded store and flushed later), with status "degraded", the flush lag and dirty buckets
        JsonObject postgres = queries.reader().status();
        if (postgres != null) {
            body.put("postgres", postgres);
            if (open && !"ok".equals(postgres.getString("state"))) {
                body.put("status", "degraded");
            }
        }
        return body;
    }
}
