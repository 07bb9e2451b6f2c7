package dev.scenery.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import dev.scenery.beacon.BeaconLimits;
import dev.scenery.beacon.GrowingIoApps;
import dev.scenery.beacon.TestTraffic;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Reads {@code config/scenery.yaml} (or the file named by {@code SCENERY_CONFIG}), applies the
 * environment overrides and checks every value, failing fast with the name of the bad key.
 * Ours, not a config library's: its messages name the exact key, the value and what is allowed,
 * which the general-purpose loaders' messages do not.
 */
public final class ConfigLoader {

    static final Pattern APP_ID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    static final String DEFAULT_CONFIG_PATH = "config/scenery.yaml";
    private static final long HOUR = 3_600_000L;
    private static final long DAY = 24 * HOUR;
    static final String METRICS_TOKEN_ENV = "SCENERY_METRICS_TOKEN";

    private ConfigLoader() {
    }

    /** {@code limits.trustedProxies}, or {@code SCENERY_TRUSTED_PROXIES} (comma-separated), which wins. */
    private static List<String> trustedProxies(ConfigNode limits, Map<String, String> env) {
        String fromEnv = env.get("SCENERY_TRUSTED_PROXIES");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return java.util.Arrays.stream(fromEnv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        }
        return limits.strings("trustedProxies");
    }

    private static StoreConfig.Sync syncMode(ConfigNode store) {
        String v = store.string("sync", "process");
        return switch (v) {
            case "process" -> StoreConfig.Sync.PROCESS;
            case "durable" -> StoreConfig.Sync.DURABLE;
            default -> throw new ConfigException("config key 'store.sync' must be 'process' or 'durable', got '" + v + "'");
        };
    }

    /** Loads the configuration the way the service does at start. */
    public static SceneryConfig load(Map<String, String> env) {
        String explicit = env.get("SCENERY_CONFIG");
        Path path = Path.of(explicit != null && !explicit.isBlank() ? explicit : DEFAULT_CONFIG_PATH);
        Map<String, Object> tree;
        if (Files.exists(path)) {
            tree = readYaml(path);
        } else if (explicit != null && !explicit.isBlank()) {
            throw new ConfigException("SCENERY_CONFIG names " + path.toAbsolutePath() + ", which does not exist");
        } else {
            tree = Map.of();
        }
        return parse(tree, env);
    }

    static Map<String, Object> readYaml(Path path) {
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            Object root = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
            if (root == null) {
                return Map.of();
            }
            if (!(root instanceof Map)) {
                throw new ConfigException("config file " + path + " must hold a mapping at its top level");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> map = (Map<String, Object>) root;
            return map;
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + path + ": " + e.getMessage());
        } catch (org.yaml.snakeyaml.error.YAMLException e) {
            throw new ConfigException("config file " + path + " is not valid YAML: " + e.getMessage());
        }
    }

    /** Builds the typed configuration from a parsed tree plus environment overrides. */
    public static SceneryConfig parse(Map<String, Object> tree, Map<String, String> env) {
        ConfigNode root = new ConfigNode("", tree);
        root.allowOnly(Set.of("http", "apps", "allowUndeclaredApps", "defaultTimeZone", "limits", "store", "growingio", "postgres",
                "readCache"));

        ConfigNode http = root.child("http");
        http.allowOnly(Set.of("port", "instances", "corsOrigins", "benchBaselineRoute", "metricsToken"));
        List<String> corsOrigins = http.strings("corsOrigins");
        boolean benchBaselineRoute = http.bool("benchBaselineRoute", false);
        int port = envInt(env, "SCENERY_HTTP_PORT", http.integer("port", 8080, 0, 65535), 0, 65535);
        byte[] metricsTokenHash = metricsTokenHash(http, env);
        int httpInstances = http.integer("instances", SceneryConfig.defaultHttpInstances(), 1, 1024);

        ZoneId defaultZone = zone(root, "defaultTimeZone", "Asia/Shanghai");
        Map<String, AppConfig> apps = new LinkedHashMap<>();
        for (ConfigNode app : root.children("apps")) {
            app.allowOnly(Set.of("id", "name", "timeZone", "public", "readTokens", "wechatAppId", "testTraffic"));
            String id = app.requiredString("id");
            if (!APP_ID.matcher(id).matches()) {
                throw new ConfigException("config key '" + app.key("id") + "' must be 1..64 of A-Z a-z 0-9 _ . -, got '" + id + "'");
            }
            if (apps.containsKey(id)) {
                throw new ConfigException("config key '" + app.key("id") + "' repeats app id '" + id + "'");
            }
            apps.put(id, new AppConfig(id, app.string("name", id), zone(app, "timeZone", defaultZone.getId()),
                    app.bool("public", false), tokenHashes(app, id, env), app.string("wechatAppId", null), testScenes(app)));
        }
        boolean allowUndeclared = root.bool("allowUndeclaredApps", false);
        if (apps.isEmpty() && !allowUndeclared) {
            throw new ConfigException("config key 'apps' declares no app and 'allowUndeclaredApps' is false: no beacon could be accepted");
        }

        ConfigNode limits = root.child("limits");
        limits.allowOnly(Set.of("maxBodyBytes", "maxBatch", "lateWindowDays", "futureToleranceMinutes",
                "maxCustomDays", "writeQueueBatches", "maxInflightBytes", "maxQueryChars", "maxUtmValuesPerDay",
                "maxScenesPerDay", "requestsPerSecondPerIp", "bodyReadTimeoutMillis", "idleTimeoutSeconds", "maxConcurrentUploadsPerIp",
                "trustedProxies"));
        LimitsConfig limitsConfig = new LimitsConfig(
                limits.integer("maxBodyBytes", 1 << 20, 1024, 64 << 20),
                limits.integer("maxBatch", 500, 1, 10_000),
                limits.number("lateWindowDays", 30, 1, 366) * DAY,
                limits.number("futureToleranceMinutes", 10, 0, 24 * 60) * 60_000L,
                limits.integer("maxCustomDays", 366, 1, 3660),
                limits.integer("writeQueueBatches", 2048, 1, 1_000_000),
                limits.number("maxInflightBytes", 64L << 20, 1 << 20, 1L << 40),
                limits.integer("maxQueryChars", 2048, 64, 8192),
                limits.integer("maxUtmValuesPerDay", 1000, 1, 1_000_000),
                limits.integer("maxScenesPerDay", 1000, 1, 1_000_000),
                limits.integer("requestsPerSecondPerIp", 1000, 0, 1_000_000),
                limits.number("bodyReadTimeoutMillis", 10_000, 100, 600_000),
                limits.integer("idleTimeoutSeconds", 60, 1, 3600),
                limits.integer("maxConcurrentUploadsPerIp", 32, 1, 1_000_000),
                trustedProxies(limits, env));

        ConfigNode store = root.child("store");
        store.allowOnly(Set.of("dataDir", "initialBuckets", "initialUsers", "initialEventIdsPerDay", "maxDiskBytes",
                "appSharePercent", "minFreeBytes", "cacheBuckets", "checkpointMillis", "sync"));
        String dataDir = env.getOrDefault("SCENERY_DATA_DIR", store.string("dataDir", "./data"));
        StoreConfig storeConfig = new StoreConfig(Path.of(dataDir),
                store.number("initialBuckets", 65_536, 1_000, 1_000_000_000),
                store.number("initialUsers", 65_536, 1_000, 1_000_000_000),
                store.number("initialEventIdsPerDay", 16_384, 1_000, 1_000_000_000),
                store.number("maxDiskBytes", 0, 0, Long.MAX_VALUE),
                store.number("appSharePercent", 50, 1, 100) / 100.0,
                store.number("minFreeBytes", 64L << 20, 0, Long.MAX_VALUE),
                store.integer("cacheBuckets", 4096, 16, 10_000_000),
                store.number("checkpointMillis", 1000, 10, 60_000),
                syncMode(store));

        ConfigNode gio = root.child("growingio");
        gio.allowOnly(Set.of("adSource", "projects"));
        String adSource = gio.string("adSource", "tencent_ads");
        List<GrowingIoApps.Rule> rules = new ArrayList<>();
        for (ConfigNode rule : gio.children("projects")) {
            rule.allowOnly(Set.of("account", "domain", "dataSourceId", "app"));
            String app = rule.requiredString("app");
            if (!apps.containsKey(app) && !allowUndeclared) {
                throw new ConfigException("config key '" + rule.key("app") + "' names app '" + app + "', which is not declared under 'apps'");
            }
            rules.add(new GrowingIoApps.Rule(rule.requiredString("account"), rule.string("domain", null),
                    rule.string("dataSourceId", null), app));
        }
        GrowingIoApps growingIo;
        try {
            growingIo = new GrowingIoApps(rules);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("config key 'growingio.projects': " + e.getMessage());
        }

        return new SceneryConfig(port, corsOrigins, java.util.Collections.unmodifiableMap(apps), allowUndeclared,
                new AppConfig("*", "*", defaultZone, allowUndeclared, List.of(), null), limitsConfig, storeConfig, adSource, growingIo,
                PostgresConfig.parse(root.child("postgres"), env), benchBaselineRoute, metricsTokenHash,
                ReadCacheConfig.parse(root.child("readCache")), httpInstances);
    }

    /**
     * The hash of the token {@code /metrics} needs, from {@code SCENERY_METRICS_TOKEN} or else
     * {@code http.metricsToken}; null (public) when neither is set. Only the hash is kept.
     */
    private static byte[] metricsTokenHash(ConfigNode http, Map<String, String> env) {
        String fromEnv = env.get(METRICS_TOKEN_ENV);
        String token = fromEnv != null && !fromEnv.isBlank() ? fromEnv.trim() : http.string("metricsToken", null);
        if (token == null) {
            return null;
        }
        if (token.length() < 16) {
            throw new ConfigException((fromEnv != null && !fromEnv.isBlank() ? "environment variable " + METRICS_TOKEN_ENV
                    : "config key '" + http.key("metricsToken") + "'") + " must be at least 16 characters");
        }
        return AppConfig.sha256(token);
    }

    /**
     * Read tokens of an app: {@code readTokens} in the file plus the comma-separated list in
     * {@code SCENERY_READ_TOKENS_<APP ID>} (upper case, other characters as '_'). Only hashes are kept.
     */
    private static List<byte[]> tokenHashes(ConfigNode app, String id, Map<String, String> env) {
        List<String> tokens = new ArrayList<>(app.strings("readTokens"));
        String fromEnv = env.get(tokenEnvName(id));
        if (fromEnv != null) {
            for (String t : fromEnv.split(",")) {
                if (!t.isBlank()) {
                    tokens.add(t.trim());
                }
            }
        }
        List<byte[]> hashes = new ArrayList<>();
        for (String t : tokens) {
            if (t.length() < 16) {
                throw new ConfigException("config key '" + app.key("readTokens") + "' has a token shorter than 16 characters");
            }
            hashes.add(AppConfig.sha256(t));
        }
        return List.copyOf(hashes);
    }

    /**
     * The scenes whose visits are an app's test traffic: the defaults ({@link TestTraffic#DEFAULT_SCENES}),
     * plus {@code testTraffic.addScenes}, minus {@code testTraffic.removeScenes}. Adding a default or removing
     * a scene that is not one fails, naming the item: such a list says something other than what it does.
     */
    private static Set<Integer> testScenes(ConfigNode app) {
        ConfigNode test = app.child("testTraffic");
        test.allowOnly(Set.of("addScenes", "removeScenes"));
        Set<Integer> scenes = new java.util.TreeSet<>(TestTraffic.DEFAULT_SCENES);
        List<Integer> add = test.integers("addScenes", 1, BeaconLimits.MAX_SCENE);
        for (int i = 0; i < add.size(); i++) {
            if (!scenes.add(add.get(i))) {
                throw new ConfigException("config key '" + test.key("addScenes") + "[" + i + "]' adds scene " + add.get(i)
                        + ", which is a test scene already (the defaults are " + TestTraffic.DEFAULT_SCENES_SORTED + ")");
            }
        }
        List<Integer> remove = test.integers("removeScenes", 1, BeaconLimits.MAX_SCENE);
        for (int i = 0; i < remove.size(); i++) {
            if (!TestTraffic.DEFAULT_SCENES.contains(remove.get(i)) || !scenes.remove(remove.get(i))) {
                throw new ConfigException("config key '" + test.key("removeScenes") + "[" + i + "]' removes scene " + remove.get(i)
                        + ", which is not a default test scene (" + TestTraffic.DEFAULT_SCENES_SORTED + ")");
            }
        }
        return scenes;
    }

    /** The environment variable that adds read tokens to an app. */
    public static String tokenEnvName(String appId) {
        return "SCENERY_READ_TOKENS_" + appId.toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    private static ZoneId zone(ConfigNode node, String name, String fallback) {
        String id = node.string(name, fallback);
        try {
            return ZoneId.of(id);
        } catch (DateTimeException e) {
            throw new ConfigException("config key '" + node.key(name) + "' is not a time zone id: '" + id + "'");
        }
    }

    private static int envInt(Map<String, String> env, String name, int fallback, int min, int max) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new ConfigException("environment variable " + name + " must be an integer from " + min + " to " + max + ", got '" + v + "'");
    }
}
