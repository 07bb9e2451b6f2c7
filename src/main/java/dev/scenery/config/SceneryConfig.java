package dev.scenery.config;

import dev.scenery.beacon.GrowingIoApps;
import java.util.List;
import java.util.Map;

/**
 * The whole, validated configuration of one Scenery node.
 *
 * @param httpPort          port of the HTTP API (0 picks a free one)
 * @param corsOrigins       dashboard origins allowed to call the query routes from a browser
 * @param apps              declared apps by id
 * @param allowUndeclared   accept beacons for app ids that are not declared (quick start only)
 * @param defaultApp        settings used for undeclared apps when they are allowed
 * @param limits            input limits
 * @param store             embedded store settings
 * @param adSource          UTM source given to Tencent ad clicks that carry no utm_source
 * @param growingIo         which Scenery app a GrowingIO account (and mini-program) feeds
 * @param postgres          PostgreSQL mode ({@link PostgresConfig#disabled()} for the embedded store alone)
 * @param benchBaselineRoute serve {@code POST /v1/bench/parse-only} (reads and parses a body, stores nothing): the
 *                          framework's ceiling that {@code bench/} compares ingest with; off by default
 * @param metricsTokenHash  SHA-256 of the bearer token {@code /metrics} needs, or null when it is public
 * @param readCache         sizes of the read caches
 * @param httpInstances     HTTP verticles, each on its own event loop, sharing the port (at least 1)
 */
public record SceneryConfig(int httpPort, List<String> corsOrigins, Map<String, AppConfig> apps, boolean allowUndeclared, AppConfig defaultApp,
                            LimitsConfig limits, StoreConfig store, String adSource, GrowingIoApps growingIo,
                            PostgresConfig postgres, boolean benchBaselineRoute, byte[] metricsTokenHash, ReadCacheConfig readCache,
                            int httpInstances) {

    /** As many HTTP instances as the machine has cores: parsing bodies is what one event loop could not keep up with. */
    public static int defaultHttpInstances() {
        return Runtime.getRuntime().availableProcessors();
    }

    /** With one HTTP instance per core. */
    public SceneryConfig(int httpPort, List<String> corsOrigins, Map<String, AppConfig> apps, boolean allowUndeclared, AppConfig defaultApp,
                         LimitsConfig limits, StoreConfig store, String adSource, GrowingIoApps growingIo, PostgresConfig postgres,
                         boolean benchBaselineRoute, byte[] metricsTokenHash, ReadCacheConfig readCache) {
        this(httpPort, corsOrigins, apps, allowUndeclared, defaultApp, limits, store, adSource, growingIo, postgres, benchBaselineRoute,
                metricsTokenHash, readCache, defaultHttpInstances());
    }

    /** With the default read cache sizes. */
    public SceneryConfig(int httpPort, List<String> corsOrigins, Map<String, AppConfig> apps, boolean allowUndeclared, AppConfig defaultApp,
                         LimitsConfig limits, StoreConfig store, String adSource, GrowingIoApps growingIo, PostgresConfig postgres,
                         boolean benchBaselineRoute, byte[] metricsTokenHash) {
        this(httpPort, corsOrigins, apps, allowUndeclared, defaultApp, limits, store, adSource, growingIo, postgres, benchBaselineRoute,
                metricsTokenHash, ReadCacheConfig.DEFAULTS);
    }

    /** With a public {@code /metrics}. */
    public SceneryConfig(int httpPort, List<String> corsOrigins, Map<String, AppConfig> apps, boolean allowUndeclared, AppConfig defaultApp,
                         LimitsConfig limits, StoreConfig store, String adSource, GrowingIoApps growingIo, PostgresConfig postgres,
                         boolean benchBaselineRoute) {
        this(httpPort, corsOrigins, apps, allowUndeclared, defaultApp, limits, store, adSource, growingIo, postgres, benchBaselineRoute, null);
    }

    /** Without the bench baseline route. */
    public SceneryConfig(int httpPort, List<String> corsOrigins, Map<String, AppConfig> apps, boolean allowUndeclared, AppConfig defaultApp,
                         LimitsConfig limits, StoreConfig store, String adSource, GrowingIoApps growingIo, PostgresConfig postgres) {
        this(httpPort, corsOrigins, apps, allowUndeclared, defaultApp, limits, store, adSource, growingIo, postgres, false);
    }

    /**
     * The app with this id, or null when it is neither declared nor allowed. An undeclared id must
     * still be a valid app id: no route can reach the store's shadow ids of test traffic.
     */
    public AppConfig app(String id) {
        AppConfig app = apps.get(id);
        if (app == null && allowUndeclared && ConfigLoader.APP_ID.matcher(id).matches()) {
            return new AppConfig(id, id, defaultApp.zone(), defaultApp.isPublic(), List.of(), null);
        }
        return app;
    }

    /** The time zone of an app id as the store holds it (a declared app, its test traffic, or an undeclared app). */
    public java.time.ZoneId zoneOf(String storedApp) {
        AppConfig app = app(dev.scenery.beacon.TestTraffic.appOf(storedApp));
        return app != null ? app.zone() : defaultApp.zone();
    }

    /** Whether {@code /metrics} may be read with this bearer token (always when it is public); constant time. */
    public boolean opensMetrics(String token) {
        if (metricsTokenHash == null) {
            return true;
        }
        return token != null && java.security.MessageDigest.isEqual(metricsTokenHash, AppConfig.sha256(token));
    }

    public List<AppConfig> declaredApps() {
        return List.copyOf(apps.values());
    }

    /** The declared apps a token opens, in declaration order (public apps need none). */
    public List<AppConfig> readableApps(String token) {
        return apps.values().stream().filter(a -> a.isPublic() || (token != null && a.acceptsToken(token))).toList();
    }
}
