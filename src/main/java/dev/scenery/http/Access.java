package dev.scenery.http;

import dev.scenery.config.AppConfig;
import dev.scenery.config.SceneryConfig;
import io.vertx.ext.web.RoutingContext;

/**
 * Who may read an app's figures: anyone for a public app, otherwise a caller with one of the app's
 * read tokens ({@code Authorization: Bearer ...}). 401 without a valid token, 403 for a token of
 * another app. Tokens are compared as SHA-256 hashes in constant time and never logged.
 */
final class Access {
    private static final String BEARER = "bearer ";

    private Access() {
    }

    /** The bearer token of the request, or null. */
    static String token(RoutingContext ctx) {
        String header = ctx.request().getHeader("Authorization");
        if (header == null || header.length() <= BEARER.length()
                || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return null;
        }
        return header.substring(BEARER.length()).trim();
    }

    /**
     * Route handler in front of {@code /metrics}: passes on when it is public or the request
     * carries its token ({@code http.metricsToken}), otherwise fails it with 401.
     */
    static void mayReadMetrics(RoutingContext ctx, SceneryConfig config) {
        if (config.opensMetrics(token(ctx))) {
            ctx.next();
            return;
        }
        ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"scenery\"");
        ctx.fail(new ApiException(401, "/metrics needs the metrics token: send Authorization: Bearer <token>"));
    }

    /** Fails the request with 401 or 403 unless it may read the app; returns whether it may. */
    static boolean mayRead(RoutingContext ctx, AppConfig app, SceneryConfig config) {
        if (app.isPublic()) {
            return true;
        }
        String token = token(ctx);
        if (token != null && app.acceptsToken(token)) {
            return true;
        }
        ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"scenery\"");
        if (token == null) {
            ctx.fail(new ApiException(401, "app '" + app.id() + "' needs a read token: send Authorization: Bearer <token>"));
        } else if (!config.readableApps(token).stream().filter(a -> !a.isPublic()).toList().isEmpty()) {
            ctx.fail(new ApiException(403, "this token does not open app '" + app.id() + "'"));
        } else {
            ctx.fail(new ApiException(401, "the read token is not valid"));
        }
        return false;
    }
}
