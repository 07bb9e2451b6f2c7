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
     * The config of a node with public apps in Asia/Shanghai, no per-IP rate limit, and a store whose
     * files start at 1,000 entries (quick to create; it grows like any other).
     *
     * @param limits more {@code limits:} keys, indented by two spaces, or ""
     * @param store  more {@code store:} keys, indented by two spaces, or ""
     */
    static String smallStore(java.util.List<String> apps, String limits, String store) {
        StringBuilder y = new StringBuilder("limits:\n  requestsPerSecondPerIp: 0\n").append(limits).append("apps:\n");
        for (String app : apps) {
            y.append("  - id: ").append(app).append("\n    timeZone: Asia/Shanghai\n    public: true\n");
        }
        return y.append("store:\n  initialBuckets: 1000\n  initialUsers: 1000\n  initialEventIdsPerDay: 1000\n")
                .append(store).toString();
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
            Files.writeString(file, yaml);
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
