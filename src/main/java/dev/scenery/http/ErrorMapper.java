package dev.scenery.http;

import dev.scenery.beacon.BadBatchException;
import dev.scenery.query.BadQueryException;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place that turns a failure into a JSON error answer: {@code {"error": "...", "status": N}}. */
final class ErrorMapper {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorMapper.class);

    private ErrorMapper() {
    }

    static void handle(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        if (failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null) {
            failure = failure.getCause();
        }
        int status;
        String message;
        String retryAfter = null;
        if (failure instanceof ApiException e) {
            status = e.status();
            message = e.getMessage();
            retryAfter = e.retryAfterSeconds();
        } else if (failure instanceof dev.scenery.embedded.StoreFullException e) {
            status = 507;
            message = e.getMessage();
            retryAfter = "30";
        } else if (failure instanceof dev.scenery.ingest.OverloadedException e) {
            status = 503; // the write queue is full: shed load, the client retries shortly
            message = e.getMessage();
            retryAfter = "1";
        } else if (failure instanceof BadQueryException e) {
            status = 400;
            message = e.getMessage();
        } else if (failure instanceof BadBatchException e) {
            status = e.tooLarge() ? 413 : 400;
            message = e.getMessage();
        } else if (failure != null) {
            status = 500;
            message = "internal error";
            LOG.error("{} {} failed", ctx.request().method(), ctx.request().path(), failure);
        } else {
            status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
            message = switch (status) {
                case 404 -> "no such route: " + ctx.request().method() + " " + ctx.request().path();
                case 405 -> "method " + ctx.request().method() + " is not allowed on " + ctx.request().path();
                case 413 -> "request body is too large";
                case 400 -> "bad request";
                default -> "request failed";
            };
        }
        send(ctx, status, message, retryAfter);
    }

    static void send(RoutingContext ctx, int status, String message, String retryAfter) {
        HttpServerResponse response = ctx.response();
        if (response.ended() || response.closed()) {
            return;
        }
        if (response.headWritten()) {
            ctx.request().connection().close();
            return;
        }
        response.setStatusCode(status).putHeader("Content-Type", "application/json; charset=utf-8");
        if (retryAfter != null) {
            response.putHeader("Retry-After", retryAfter);
        }
        if (status == 408) {
            // the body has not arrived and may never: answer, then drop the connection rather than wait for it
            response.putHeader("Connection", "close");
            response.end(new JsonObject().put("error", message).put("status", status).encode())
                    .onComplete(done -> ctx.request().connection().close());
            return;
        }
        response.end(new JsonObject().put("error", message).put("status", status).encode());
    }
}
