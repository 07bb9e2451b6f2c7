package dev.scenery.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The built-in dashboard and the API documentation, served from the jar's classpath: the page at
 * {@code /} and its own scripts and styles under {@code /assets/} (from {@code webroot/}), the
 * WebJars (uPlot, Swagger UI) under {@code /webjars/} (from {@code META-INF/resources/webjars/}),
 * the OpenAPI document at {@code /openapi.yaml} and Swagger UI at {@code /docs}.
 *
 * <p>The pages name WebJars without a version ({@code /webjars/uplot/dist/uPlot.esm.js}): the
 * WebJars locator finds the version in the jar on the classpath, so {@code pom.xml} is the one
 * place a library's version is written.
 *
 * <p>Caching: the page, its assets and the version-less WebJar paths keep their names from one
 * version to the next, so browsers revalidate them on every use ({@code Cache-Control: no-cache}
 * with {@code Last-Modified}, answered 304 when unchanged); WebJar paths with the library's version
 * are cached for a year.
 */
final class StaticRoutes {
    static final String WEBROOT = "webroot";
    static final String WEBJARS = "META-INF/resources/webjars";
    static final String OPENAPI = "openapi.yaml";
    /** The WebJars the pages use, by name; their versions are those of pom.xml, found by the locator. */
    static final java.util.List<String> LIBRARIES = java.util.List.of("uplot", "swagger-ui");
    private static final int YEAR_SECONDS = 365 * 24 * 3600;

    private StaticRoutes() {
    }

    static void register(Router router) {
        StaticHandler pages = StaticHandler.create(WEBROOT).setIndexPage("index.html").setDirectoryListing(false);
        StaticHandler assets = StaticHandler.create(WEBROOT + "/assets").setDirectoryListing(false);
        StaticHandler webjars = StaticHandler.create(WEBJARS).setDirectoryListing(false).setMaxAgeSeconds(YEAR_SECONDS);
        router.get("/").handler(StaticRoutes::revalidate).handler(pages);
        router.get("/docs").handler(ctx -> ctx.response().putHeader("Content-Type", "text/html; charset=utf-8")
                .putHeader("Cache-Control", "no-cache").sendFile(WEBROOT + "/docs.html").onFailure(ctx::fail));
        router.get("/assets/*").handler(StaticRoutes::revalidate).handler(assets);
        // browsers ask for /favicon.ico on pages that name no icon (a JSON answer opened in a tab): the same icon, not a 404
        router.get("/favicon.ico").handler(ctx -> ctx.response().putHeader("Content-Type", "image/svg+xml")
                .putHeader("Cache-Control", "max-age=86400").sendFile(WEBROOT + "/assets/favicon.svg").onFailure(ctx::fail));
        org.webjars.WebJarVersionLocator locator = new org.webjars.WebJarVersionLocator();
        for (String library : LIBRARIES) {
            String version = locator.version(library);
            if (version == null) {
                throw new IllegalStateException("the WebJar " + library + " is missing from the classpath");
            }
            // version-less paths; a path with a version is not under this root and goes on to the handler below
            String versioned = "/webjars/" + library + "/" + version + "/";
            router.get("/webjars/" + library + "/*")
                    .handler(ctx -> {
                        if (ctx.normalizedPath().startsWith(versioned)) {
                            ctx.next(); // not found under the root below either: served (and cached a year) by /webjars/*
                        } else {
                            revalidate(ctx);
                        }
                    })
                    .handler(StaticHandler.create(WEBJARS + "/" + library + "/" + version).setDirectoryListing(false));
        }
        router.get("/webjars/*").handler(webjars);
        Buffer openapi = Buffer.buffer(resource(OPENAPI));
        String etag = "\"" + sha256(openapi.getBytes()) + "\"";
        router.get("/openapi.yaml").handler(ctx -> {
            ctx.response().putHeader("Cache-Control", "no-cache").putHeader("ETag", etag);
            if (etag.equals(ctx.request().getHeader("If-None-Match"))) {
                ctx.response().setStatusCode(304).end();
                return;
            }
            ctx.response().putHeader("Content-Type", "application/yaml; charset=utf-8").end(openapi);
        });
    }

    /** Our own files change under the same name: make browsers ask again (a 304 when unchanged). */
    private static void revalidate(RoutingContext ctx) {
        ctx.addHeadersEndHandler(v -> {
            int status = ctx.response().getStatusCode();
            if (status == 200 || status == 304) {
                ctx.response().headers().set("Cache-Control", "no-cache");
            }
        });
        ctx.next();
    }

    /** A resource of the jar, as text (the OpenAPI document). */
    static String resource(String name) {
        try (InputStream in = StaticRoutes.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
