package dev.scenery;

import dev.scenery.config.ConfigLoader;
import dev.scenery.config.SceneryConfig;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A Scenery node started in this JVM on a random port, over a data directory of the test's, with
 * a pinned clock, plus a real HTTP client to talk to it.
 */
final class TestNode implements AutoCloseable, FigureContract.Api {
    static final String APPS_YAML = """
            limits:
              requestsPerSecondPerIp: 0
            apps:
              - id: shop
                name: 商城
                timeZone: Asia/Shanghai
                public: true
              - id: nyc
                name: New York store
                timeZone: America/New_York
                public: true
              - id: goa
                name: Goa cafe
                timeZone: Asia/Kolkata
                public: true
              - id: demo
                name: 示例小程序 (demo)
                timeZone: Asia/Shanghai
                public: true
            """;

    /**
     * The config of a node with public apps in Asia/Shanghai and no per-IP rate limit (its store is
     * small, as every test node's: {@link #withSmallStore}).
     *
     * @param limits more {@code limits:} keys, indented by two spaces, or ""
     * @param store  more {@code store:} keys, indented by two spaces, or ""
     */
    static String smallStore(java.util.List<String> apps, String limits, String store) {
        StringBuilder y = new StringBuilder("limits:\n  requestsPerSecondPerIp: 0\n").append(limits).append("apps:\n");
        for (String app : apps) {
            y.append("  - id: ").append(app).append("\n    timeZone: Asia/Shanghai\n    public: true\n");
        }
        return y.append("store:\n").append(store).toString();
    }

    /** Store capacities of every test node unless its config names its own: files of 1,000 entries are made in milliseconds. */
    static final Map<String, String> SMALL_STORE = Map.of("initialBuckets", "1000", "initialUsers", "1000",
            "initialEventIdsPerDay", "1000");

    /**
     * The config with small first store files ({@link #SMALL_STORE}) for each capacity key it does
     * not set itself: the defaults (65,536 buckets and users) take a second or more to create and
     * the tests never need them; the files grow like any other past their first size.
     */
    static String withSmallStore(String yaml) {
        StringBuilder keys = new StringBuilder();
        for (Map.Entry<String, String> e : new java.util.TreeMap<>(SMALL_STORE).entrySet()) {
            if (!yaml.contains("  " + e.getKey() + ":")) {
                keys.append("  ").append(e.getKey()).append(": ").append(e.getValue()).append('\n');
            }
        }
        if (keys.isEmpty()) {
            return yaml;
        }
        java.util.regex.Matcher store = java.util.regex.Pattern.compile("(?m)^store:[ \t]*\n").matcher(yaml);
        if (store.find()) {
            return yaml.substring(0, store.end()) + keys + yaml.substring(store.end());
        }
        return yaml + (yaml.isEmpty() || yaml.endsWith("\n") ? "" : "\n") + "store:\n" + keys;
    }

    final Scenery scenery;
    final WebClient client;
    final AtomicLong clock;

    private TestNode(Scenery scenery, WebClient client, AtomicLong clock) {
        this.scenery = scenery;
        this.client = client;
        this.clock = clock;
    }

    static TestNode start(Vertx vertx, Path dir, long nowMillis) {
        return start(vertx, dir, nowMillis, APPS_YAML);
    }

    static TestNode start(Vertx vertx, Path dir, long nowMillis, String yaml) {
        SceneryConfig config = config(dir, yaml);
        AtomicLong clock = new AtomicLong(nowMillis);
        Scenery scenery = Scenery.start(config, clock::get);
        WebClient client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
                .setDefaultPort(scenery.port()));
        return new TestNode(scenery, client, clock);
    }

    static SceneryConfig config(Path dir, String yaml) {
        try {
            Path file = dir.resolve("scenery.yaml");
            Files.writeString(file, withSmallStore(yaml));
            Map<String, String> env = new HashMap<>();
            env.put("SCENERY_CONFIG", file.toString());
            env.put("SCENERY_DATA_DIR", dir.resolve("data").toString());
            env.put("SCENERY_HTTP_PORT", "0");
            return ConfigLoader.load(env);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    HttpResponse<Buffer> get(String uri) {
        return client.get(uri).send().await();
    }

    @Override
    public JsonObject getJson(String uri) {
        HttpResponse<Buffer> r = get(uri);
        if (r.statusCode() != 200) {
            throw new AssertionError("GET " + uri + " answered " + r.statusCode() + ": " + r.bodyAsString());
        }
        return r.bodyAsJsonObject();
    }

    HttpResponse<Buffer> postJson(String uri, String body) {
        return client.post(uri).putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(body)).await();
    }

    @Override
    public void close() {
        client.close();
        scenery.close();
    }
}
