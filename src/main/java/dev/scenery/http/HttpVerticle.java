package dev.scenery.http;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * One instance of the HTTP side: its own HttpServer and Router on its own event loop. Vert.x binds
 * the port once and hands connections to the instances in turn, so n instances read, gunzip and
 * parse bodies on n event loops; what they share is built once in {@link HttpApi} and thread-safe.
 */
final class HttpVerticle extends VerticleBase {
    /** Requests in flight get this long to finish when the node stops (Scenery.close bounds the whole undeploy). */
    static final long SHUTDOWN_SECONDS = 2;
    private final HttpServerOptions options;
    /** Builds this instance's router; called on the instance's event loop, whose thread names its request counter. */
    private final Function<io.vertx.core.Vertx, Router> routes;
    private HttpServer server;

    HttpVerticle(HttpServerOptions options, Function<io.vertx.core.Vertx, Router> routes) {
        this.options = options;
        this.routes = routes;
    }

    @Override
    public Future<?> start() {
        server = vertx.createHttpServer(options).requestHandler(routes.apply(vertx));
        return server.listen();
    }

    /** Undeploying waits for this: the connections of this instance end gracefully before the store may close. */
    @Override
    public Future<?> stop() {
        return server.shutdown(SHUTDOWN_SECONDS, TimeUnit.SECONDS);
    }

    int actualPort() {
        return server.actualPort();
    }
}
