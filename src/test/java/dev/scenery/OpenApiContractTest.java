package dev.scenery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.dialect.Dialects;
import dev.scenery.beacon.Beacon;
import dev.scenery.beacon.BeaconType;
import dev.scenery.beacon.GrowingIoBodies;
import dev.scenery.beacon.GrowingIoFormat;
import dev.scenery.beacon.SceneCatalog;
import dev.scenery.beacon.Utm;
import dev.scenery.config.SceneryConfig;
import dev.scenery.http.HttpApi;
import dev.scenery.metrics.SceneryMetrics;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * {@code src/main/resources/openapi.yaml} against the service: the document is valid OpenAPI 3.1
 * (checked against the official OAS 3.1 JSON schema); every route of the router is documented with
 * its path parameters, and nothing documented is missing from the router; the query parameters of
 * each query route are exactly those the service allows (read from its 400 answer to an unknown
 * parameter); and real answers of a test run (the acceptance data set, every query route, range,
 * metric and dimension, and each error the routes give) are valid against the document's schemas
 * for their status, with the documented content type (networknt json-schema-validator, OpenAPI 3.1
 * dialect, format assertions on).
 */
@ExtendWith(VertxExtension.class)
class OpenApiContractTest {
    static final String PRIVATE_TOKEN = "private-token-0123456789";
    static final String OTHER_TOKEN = "other-token-0123456789";
    static final String YAML = TestNode.APPS_YAML + """
              - id: private
                name: 私有小程序
                readTokens: [ "%s" ]
              - id: other
                readTokens: [ "%s" ]
            growingio:
              projects:
                - account: demo-account
                  app: demo
            """.formatted(PRIVATE_TOKEN, OTHER_TOKEN);
    /** Static files of the dashboard: served by prefix, not API routes. */
    static final Set<String> STATIC_PREFIXES = Set.of("/assets/", "/webjars/");
    private static final String DOC_IRI = "https://scenery.invalid/openapi.yaml";
    private static final String OAS_31_SCHEMA = "https://spec.openapis.org/oas/3.1/schema/2022-10-07";

    static JsonObject doc;
    static SchemaRegistry schemas;

    @TempDir
    Path dir;

    @BeforeAll
    static void load() throws IOException {
        String yaml = Files.readString(Path.of("src/main/resources/openapi.yaml"));
        Map<String, Object> tree = new Yaml().load(yaml);
        doc = new JsonObject(tree);
        schemas = SchemaRegistry.withDefaultDialect(Dialects.getOpenApi31(),
                b -> b.schemas(Map.of(DOC_IRI, doc.encode())));
    }

    @Test
    void theDocumentIsValidOpenApi31() throws IOException {
        assertThat(doc.getString("openapi")).startsWith("3.1.");
        String oas;
        try (InputStream in = getClass().getResourceAsStream("/oas-3.1-schema-2022-10-07.json")) {
            oas = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                b -> b.schemas(Map.of(OAS_31_SCHEMA, oas)));
        Schema schema = registry.getSchema(SchemaLocation.of(OAS_31_SCHEMA));
        List<Error> errors = schema.validate(doc.encode(), com.networknt.schema.InputFormat.JSON);
        assertThat(errors).as("openapi.yaml against the OAS 3.1 schema").isEmpty();
        JsonObject broken = doc.copy();
        broken.remove("info");
        assertThat(schema.validate(broken.encode(), com.networknt.schema.InputFormat.JSON)).as("a document without info").isNotEmpty();

        // every $ref points at something, and every component schema compiles as a JSON schema
        List<String> refs = new ArrayList<>();
        collectRefs(doc, refs);
        for (String ref : refs) {
            assertThat(ref).startsWith("#/");
            assertThat(pointer(ref.substring(1))).as(ref).isNotNull();
        }
        for (String name : doc.getJsonObject("components").getJsonObject("schemas").fieldNames()) {
            assertThat(schemaAt("/components/schemas/" + name)).isNotNull();
        }
        // the schemas are strict: a missing or an undocumented field fails
        assertThat(schemaAt("/components/schemas/Error").validate("{\"error\":\"x\"}", com.networknt.schema.InputFormat.JSON)).isNotEmpty();
        assertThat(schemaAt("/components/schemas/Error").validate("{\"error\":\"x\",\"status\":400}", com.networknt.schema.InputFormat.JSON)).isEmpty();
        String answer = """
                {"app":"a","range":{"name":"7d","from":"2026-03-05","to":"2026-03-11","timeZone":"Asia/Shanghai","granularity":"day"},
                 "metric":"opens","limit":10,"traffic":"real","freshAsOf":"2026-03-12T15:20:00Z","source":"embedded","partial":false,
                 "visitorsError":{"exactUpTo":2560,"relativeStandardError":0.0057,"maxRelativeError":0.02},
                 "total":{"opens":1,"visitors":1,"newVisitors":1,"visitorsExact":true},
                 "setApart":{"opens":0,"visitors":0,"newVisitors":0,"visitorsExact":true},"rowsOverlap":true,"rowsNote":"x",
                 "items":[{"code":1047,"name":"扫描小程序码","group":"qrcode","trialBuild":false,"opens":1,"visitors":1,"newVisitors":1,"visitorsExact":true,"share":1.0}]%s}""";
        Schema scenes = schemaAt("/components/schemas/ScenesAnswer");
        assertThat(scenes.validate(answer.formatted(""), com.networknt.schema.InputFormat.JSON)).isEmpty();
        assertThat(scenes.validate(answer.formatted(",\"extra\":1"), com.networknt.schema.InputFormat.JSON)).isNotEmpty();
        assertThat(scenes.validate(answer.formatted("").replace("\"share\":1.0", "\"share\":1.5"), com.networknt.schema.InputFormat.JSON)).isNotEmpty();
        assertThat(scenes.validate(answer.formatted("").replace("\"source\":\"embedded\",", ""), com.networknt.schema.InputFormat.JSON)).isNotEmpty();

        // operation ids are unique
        List<String> ids = operations().stream().map(o -> o.op.getString("operationId")).toList();
        assertThat(ids).doesNotHaveDuplicates().doesNotContainNull();
    }

    @Test
    void everyRouteIsDocumentedAndEveryDocumentedRouteIsServed(Vertx vertx) {
        SceneryConfig config = TestNode.config(dir, YAML);
        Router router = HttpApi.router(vertx, config, null, null, SceneCatalog.load(), null, null, new SceneryMetrics());
        Set<String> served = new TreeSet<>();
        for (Route route : router.getRoutes()) {
            String path = route.getPath();
            if (path == null || route.methods() == null || route.methods().isEmpty()
                    || STATIC_PREFIXES.stream().anyMatch(path::startsWith)) {
                continue; // handlers for every request (limits, failures) and static files
            }
            String documented = path.replaceAll(":(\\w+)", "{$1}");
            for (HttpMethod m : route.methods()) {
                served.add(m.name() + " " + documented);
            }
            // path parameters: exactly those of the route
            for (HttpMethod m : route.methods()) {
                Operation op = operation(m.name().toLowerCase(Locale.ROOT), documented);
                if (op == null) {
                    continue; // reported below
                }
                Set<String> routeParams = new TreeSet<>();
                Matcher matcher = Pattern.compile(":(\\w+)").matcher(path);
                while (matcher.find()) {
                    routeParams.add(matcher.group(1));
                }
                assertThat(op.params("path")).as("path parameters of " + m + " " + documented).isEqualTo(routeParams);
            }
        }
        Set<String> documented = operations().stream().map(o -> o.method.toUpperCase(Locale.ROOT) + " " + o.path)
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(documented).as("documented operations").isEqualTo(served);
        assertThat(served).contains("GET /v1/apps", "GET /", "GET /docs", "GET /openapi.yaml",
                "POST /v1/apps/{appId}/beacons", "POST /v3/projects/{accountId}/collect",
                "POST /projects/{projectId}/apps/{appId}/collect", "GET /health", "GET /ready", "GET /metrics");
    }

    @Test
    void theQueryParametersOfEachQueryRouteAreThoseTheServiceAllows(Vertx vertx) {
        try (TestNode node = TestNode.start(vertx, dir, AcceptanceData.NOW, YAML)) {
            for (String route : List.of("scenes", "scenes/trend", "groups", "groups/trend", "sources", "sources/trend")) {
                HttpResponse<Buffer> r = node.get("/v1/apps/shop/" + route + "?bogus=1");
                assertThat(r.statusCode()).isEqualTo(400);
                Matcher m = Pattern.compile("allowed: ([^)]*)\\)").matcher(r.bodyAsJsonObject().getString("error"));
                assertThat(m.find()).as(r.bodyAsString()).isTrue();
                Set<String> allowed = new TreeSet<>(Arrays.asList(m.group(1).split(",\\s*")));
                Operation op = operation("get", "/v1/apps/{appId}/" + route);
                assertThat(op.params("query")).as("query parameters of " + route).isEqualTo(allowed);
                // and each documented one is taken (no 400 for a valid value)
                String all = "range=custom&from=2026-03-01&to=2026-03-02&metric=visitors&limit=5&compare=previous"
                        + "&traffic=real&format=json&lang=en" + (route.startsWith("sources") ? "&dimension=medium" : "")
                        + (route.startsWith("scenes") ? "&group=qrcode" : "");
                assertThat(node.get("/v1/apps/shop/" + route + "?" + all).statusCode()).isEqualTo(200);
            }
        }
    }

    @Test
    void realAnswersMatchTheDocumentedSchemas(Vertx vertx) throws IOException {
        AcceptanceData data = new AcceptanceData();
        Set<String> seen = new TreeSet<>();
        try (TestNode node = TestNode.start(vertx, dir, AcceptanceData.NOW, YAML)) {
            Checker check = new Checker(node, seen);
            for (AcceptanceData.Batch b : data.batches) {
                check.post("/v1/apps/{appId}/beacons", "/v1/apps/" + b.app() + "/beacons", b.body(), 202);
            }
            LocalDate today = LocalDate.of(2026, 3, 12);
            List<String> ranges = List.of("", "range=today", "range=yesterday", "range=7d", "range=30d",
                    "range=custom&from=" + today.minusDays(12) + "&to=" + today.minusDays(2),
                    "range=custom&from=2026-03-08&to=2026-03-08");
            for (String app : AcceptanceData.ZONES.keySet()) {
                for (String range : ranges) {
                    for (String metric : FigureContract.METRICS) {
                        String q = range + (range.isEmpty() ? "" : "&") + "metric=" + metric;
                        check.get("/v1/apps/{appId}/scenes", "/v1/apps/" + app + "/scenes?" + q, 200);
                        check.get("/v1/apps/{appId}/scenes/trend", "/v1/apps/" + app + "/scenes/trend?" + q, 200);
                        check.get("/v1/apps/{appId}/groups", "/v1/apps/" + app + "/groups?" + q, 200);
                        check.get("/v1/apps/{appId}/groups/trend", "/v1/apps/" + app + "/groups/trend?" + q, 200);
                        String compare = range.contains("day") ? "compare=week" : "compare=previous";
                        for (String route : List.of("scenes", "groups", "sources")) {
                            for (String t : List.of("", "/trend")) {
                                check.get("/v1/apps/{appId}/" + route + t, "/v1/apps/" + app + "/" + route + t + "?" + q + "&" + compare, 200);
                            }
                        }
                        for (String dim : FigureContract.DIMENSIONS) {
                            check.get("/v1/apps/{appId}/sources", "/v1/apps/" + app + "/sources?" + q + "&dimension=" + dim, 200);
                            check.get("/v1/apps/{appId}/sources/trend", "/v1/apps/" + app + "/sources/trend?" + q + "&dimension=" + dim, 200);
                        }
                    }
                }
            }
            // the combined UTM breakdowns, a scene group, test traffic, CSV
            for (String dim : List.of("source_medium", "source_medium_campaign")) {
                check.get("/v1/apps/{appId}/sources", "/v1/apps/shop/sources?range=30d&dimension=" + dim + "&compare=previous", 200);
                check.get("/v1/apps/{appId}/sources/trend", "/v1/apps/shop/sources/trend?range=30d&dimension=" + dim, 200);
            }
            check.get("/v1/apps/{appId}/scenes", "/v1/apps/shop/scenes?range=30d&group=share", 200);
            check.get("/v1/apps/{appId}/scenes/trend", "/v1/apps/shop/scenes/trend?range=30d&group=share&compare=previous", 200);
            check.get("/v1/apps/{appId}/groups", "/v1/apps/shop/groups?range=30d&traffic=test", 200);
            for (String uri : List.of("/v1/apps/shop/scenes?range=7d&format=csv", "/v1/apps/shop/groups/trend?range=today&compare=week&format=csv&lang=en")) {
                HttpResponse<Buffer> csv = check.get(uri.startsWith("/v1/apps/shop/scenes") ? "/v1/apps/{appId}/scenes" : "/v1/apps/{appId}/groups/trend", uri, 200);
                assertThat(csv.getHeader("Content-Type")).startsWith("text/csv");
            }
            HttpResponse<Buffer> accepted = node.client.get("/v1/apps/shop/sources?range=7d").putHeader("Accept", "text/csv").send().await();
            check.validate("get", "/v1/apps/{appId}/sources", accepted);
            assertThat(accepted.getHeader("Content-Type")).startsWith("text/csv");
            check.get("/v1/apps/{appId}/groups", "/v1/apps/shop/groups?compare=week", 400);
            check.get("/v1/apps/{appId}/scenes", "/v1/apps/shop/scenes?group=nope", 400);
            check.get("/v1/apps/{appId}/sources/trend", "/v1/apps/shop/sources/trend?traffic=all", 400);
            check.get("/v1/apps/{appId}/groups/trend", "/v1/apps/shop/groups/trend?format=xml", 400);
            // an app with no data, and the limit
            check.get("/v1/apps/{appId}/scenes", "/v1/apps/demo/scenes?limit=100", 200);
            check.get("/v1/apps/{appId}/sources/trend", "/v1/apps/demo/sources/trend?range=today", 200);
            // query errors
            check.get("/v1/apps/{appId}/scenes", "/v1/apps/shop/scenes?range=custom&from=2026-03-10&to=2026-03-01", 400);
            check.get("/v1/apps/{appId}/scenes/trend", "/v1/apps/shop/scenes/trend?range=lastweek", 400);
            check.get("/v1/apps/{appId}/sources", "/v1/apps/shop/sources?dimension=utm_source", 400);
            check.get("/v1/apps/{appId}/sources/trend", "/v1/apps/shop/sources/trend?metric=x", 400);
            check.get("/v1/apps/{appId}/scenes", "/v1/apps/shop/scenes?limit=1&limit=2", 400);
            check.get("/v1/apps/{appId}/scenes", "/v1/apps/nope/scenes", 404);
            check.get("/v1/apps/{appId}/sources", "/v1/apps/nope/sources", 404);
            check.get("/v1/apps/{appId}/scenes", "/v1/apps/shop/scenes?range=custom&from=2026-03-01&to=2026-03-02&x="
                    + "y".repeat(2100), 414);
            // access
            check.get("/v1/apps/{appId}/scenes", "/v1/apps/private/scenes", 401);
            check.get("/v1/apps/{appId}/scenes/trend", "/v1/apps/private/scenes/trend", 401, "Bearer not-a-token-0123456789");
            check.get("/v1/apps/{appId}/sources", "/v1/apps/private/sources", 403, "Bearer " + OTHER_TOKEN);
            check.get("/v1/apps/{appId}/sources/trend", "/v1/apps/private/sources/trend", 200, "Bearer " + PRIVATE_TOKEN);
            // catalog, apps, operations, dashboard
            check.get("/v1/scenes", "/v1/scenes", 200);
            JsonObject apps = check.get("/v1/apps", "/v1/apps", 200, "Bearer " + PRIVATE_TOKEN).bodyAsJsonObject();
            assertThat(apps.getJsonArray("apps").stream().map(o -> ((JsonObject) o).getString("id")).toList())
                    .containsExactly("shop", "nyc", "goa", "demo", "private");
            assertThat(apps.getJsonArray("apps").getJsonObject(1).getString("timeZone")).isEqualTo("America/New_York");
            check.get("/health", "/health", 200);
            check.get("/ready", "/ready", 200);
            check.get("/metrics", "/metrics", 200);
            check.get("/", "/", 200);
            check.get("/docs", "/docs", 200);
            check.get("/favicon.ico", "/favicon.ico", 200);
            HttpResponse<Buffer> openapi = check.get("/openapi.yaml", "/openapi.yaml", 200);
            assertThat(openapi.bodyAsString()).isEqualTo(Files.readString(Path.of("src/main/resources/openapi.yaml")));
            HttpResponse<Buffer> again = node.client.get("/openapi.yaml").putHeader("If-None-Match", openapi.getHeader("ETag")).send().await();
            check.validate("get", "/openapi.yaml", again);
            assertThat(again.statusCode()).isEqualTo(304);
            // ingest errors
            String beacon = "[{\"type\":\"visit\",\"uid\":\"u\",\"sid\":\"s\",\"ts\":" + (AcceptanceData.NOW - 1000) + "}]";
            check.post("/v1/apps/{appId}/beacons", "/v1/apps/nope/beacons", beacon, 404);
            check.post("/v1/apps/{appId}/beacons", "/v1/apps/shop/beacons", "{\"type\":\"visit\"}", 400);
            check.post("/v1/apps/{appId}/beacons", "/v1/apps/shop/beacons", "[" + "{},".repeat(500) + "{}]", 413);
            HttpResponse<Buffer> textPlain = node.client.post("/v1/apps/shop/beacons").putHeader("Content-Type", "text/plain")
                    .sendBuffer(Buffer.buffer(beacon)).await();
            check.validate("post", "/v1/apps/{appId}/beacons", textPlain);
            assertThat(textPlain.statusCode()).isEqualTo(415);
            HttpResponse<Buffer> gzip = node.client.post("/v1/apps/shop/beacons").putHeader("Content-Type", "application/json")
                    .putHeader("Content-Encoding", "gzip").sendBuffer(Buffer.buffer(gzip(beacon))).await();
            check.validate("post", "/v1/apps/{appId}/beacons", gzip);
            assertThat(gzip.statusCode()).isEqualTo(202);
            // GrowingIO
            long ts = AcceptanceData.NOW - 60_000;
            String cdp = GrowingIoBodies.render(List.of(new Beacon(BeaconType.VISIT, "d-1", "s-1", ts, 1047, Utm.NONE, "1")),
                    GrowingIoFormat.CDP, null, null);
            check.post("/v3/projects/{accountId}/collect", "/v3/projects/demo-account/collect?stm=" + ts, cdp, 200);
            check.post("/v3/projects/{accountId}/collect", "/v3/projects/unknown-account/collect?stm=" + ts, cdp, 404);
            check.post("/v3/projects/{accountId}/collect", "/v3/projects/demo-account/collect?stm=" + ts, "not json", 400);
            String saas = GrowingIoBodies.render(List.of(new Beacon(BeaconType.VISIT, "d-2", "s-2", ts, 1007, Utm.NONE, "1")),
                    GrowingIoFormat.SAAS, null, null);
            check.post("/projects/{projectId}/apps/{appId}/collect", "/projects/demo-account/apps/wx0123/collect?stm=" + ts, saas, 200);
            check.post("/projects/{projectId}/apps/{appId}/collect", "/projects/unknown/apps/wx0123/collect", saas, 404);
            for (String[] p : new String[][]{{"/v3/projects/{accountId}/collect", "/v3/projects/demo-account/collect"},
                    {"/projects/{projectId}/apps/{appId}/collect", "/projects/demo-account/apps/wx0123/collect"}}) {
                HttpResponse<Buffer> preflight = node.client.request(HttpMethod.OPTIONS, p[1]).putHeader("Origin", "https://x.example")
                        .putHeader("Access-Control-Request-Method", "POST").send().await();
                check.validate("options", p[0], preflight);
                assertThat(preflight.statusCode()).isEqualTo(204);
                assertThat(preflight.getHeader("Access-Control-Allow-Origin")).isEqualTo("*");
            }
        }
        // every documented operation was answered with success at least once
        for (Operation op : operations()) {
            String key = op.method.toUpperCase(Locale.ROOT) + " " + op.path;
            assertThat(seen.stream().anyMatch(s -> s.startsWith(key + " 2"))).as("a 2xx answer of " + key).isTrue();
        }
    }

    // ---- the document ----

    record Operation(String path, String method, JsonObject op, JsonObject pathItem) {
        /** Names of the parameters in {@code in} (query, path, header), of the path item and the operation. */
        Set<String> params(String in) {
            Set<String> names = new TreeSet<>();
            for (JsonArray list : new JsonArray[]{pathItem.getJsonArray("parameters"), op.getJsonArray("parameters")}) {
                if (list == null) {
                    continue;
                }
                for (Object o : list) {
                    JsonObject p = resolve((JsonObject) o);
                    if (in.equals(p.getString("in"))) {
                        names.add(p.getString("name"));
                    }
                }
            }
            return names;
        }
    }

    static List<Operation> operations() {
        List<Operation> out = new ArrayList<>();
        JsonObject paths = doc.getJsonObject("paths");
        for (String path : paths.fieldNames()) {
            JsonObject item = paths.getJsonObject(path);
            for (String method : item.fieldNames()) {
                if (Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace").contains(method)) {
                    out.add(new Operation(path, method, item.getJsonObject(method), item));
                }
            }
        }
        return out;
    }

    static Operation operation(String method, String path) {
        JsonObject item = doc.getJsonObject("paths").getJsonObject(path);
        if (item == null || item.getJsonObject(method) == null) {
            return null;
        }
        return new Operation(path, method, item.getJsonObject(method), item);
    }

    /** Follows a {@code $ref} (within the document) once. */
    static JsonObject resolve(JsonObject o) {
        String ref = o.getString("$ref");
        return ref == null ? o : (JsonObject) pointer(ref.substring(1));
    }

    static Object pointer(String pointer) {
        Object at = doc;
        for (String token : pointer.substring(1).split("/")) {
            String key = token.replace("~1", "/").replace("~0", "~");
            if (at instanceof JsonObject o) {
                at = o.getValue(key);
            } else if (at instanceof JsonArray a) {
                at = a.getValue(Integer.parseInt(key));
            } else {
                return null;
            }
        }
        return at;
    }

    static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }

    static Schema schemaAt(String pointer) {
        return schemas.getSchema(SchemaLocation.of(DOC_IRI + "#" + pointer));
    }

    private static void collectRefs(Object node, List<String> refs) {
        if (node instanceof JsonObject o) {
            for (Map.Entry<String, Object> e : o) {
                if (e.getKey().equals("$ref") && e.getValue() instanceof String s) {
                    refs.add(s);
                } else {
                    collectRefs(e.getValue(), refs);
                }
            }
        } else if (node instanceof JsonArray a) {
            a.forEach(v -> collectRefs(v, refs));
        }
    }

    private static byte[] gzip(String s) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(s.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    /** Sends requests to a node and validates each answer against the document. */
    static final class Checker {
        private final TestNode node;
        private final Set<String> seen;

        Checker(TestNode node, Set<String> seen) {
            this.node = node;
            this.seen = seen;
        }

        HttpResponse<Buffer> get(String docPath, String uri, int status) {
            return get(docPath, uri, status, null);
        }

        HttpResponse<Buffer> get(String docPath, String uri, int status, String auth) {
            HttpRequest<Buffer> request = node.client.get(uri);
            if (auth != null) {
                request.putHeader("Authorization", auth);
            }
            HttpResponse<Buffer> r = request.send().await();
            assertThat(r.statusCode()).as("GET " + uri + ": " + r.bodyAsString()).isEqualTo(status);
            validate("get", docPath, r);
            return r;
        }

        HttpResponse<Buffer> post(String docPath, String uri, String body, int status) {
            HttpResponse<Buffer> r = node.postJson(uri, body);
            assertThat(r.statusCode()).as("POST " + uri + ": " + r.bodyAsString()).isEqualTo(status);
            validate("post", docPath, r);
            return r;
        }

        /** The answer's status is documented for the operation, with its content type and body schema. */
        void validate(String method, String docPath, HttpResponse<Buffer> r) {
            Operation op = operation(method, docPath);
            assertThat(op).as(method + " " + docPath + " is documented").isNotNull();
            String status = String.valueOf(r.statusCode());
            JsonObject responses = op.op().getJsonObject("responses");
            if (!responses.containsKey(status)) {
                fail(method + " " + docPath + " answered " + status + ", which is not documented: " + r.bodyAsString());
            }
            seen.add(method.toUpperCase(Locale.ROOT) + " " + docPath + " " + status);
            JsonObject response = resolve(responses.getJsonObject(status));
            String responsePointer = responses.getJsonObject(status).containsKey("$ref")
                    ? responses.getJsonObject(status).getString("$ref").substring(1)
                    : "/paths/" + escape(docPath) + "/" + method + "/responses/" + status;
            JsonObject content = response.getJsonObject("content");
            if (content == null) {
                assertThat(r.body() == null || r.body().length() == 0).as(method + " " + docPath + " " + status + " has no body").isTrue();
                return;
            }
            String type = r.getHeader("Content-Type");
            assertThat(type).as("Content-Type of " + method + " " + docPath + " " + status).isNotNull();
            String base = type.split(";")[0].trim().toLowerCase(Locale.ROOT);
            assertThat(content.fieldNames()).as("documented media types of " + method + " " + docPath + " " + status).contains(base);
            if (base.equals("application/json")) {
                Schema schema = schemaAt(responsePointer + "/content/" + escape(base) + "/schema");
                List<Error> errors = schema.validate(r.bodyAsString(), com.networknt.schema.InputFormat.JSON,
                        ctx -> ctx.executionConfig(c -> c.formatAssertionsEnabled(true)));
                if (!errors.isEmpty()) {
                    fail(method + " " + docPath + " " + status + " does not match its schema: " + errors
                            + "\n" + r.bodyAsString().substring(0, Math.min(2000, r.bodyAsString().length())));
                }
            }
            MultiMap headers = r.headers();
            if (r.statusCode() == 401) {
                assertThat(headers.get("WWW-Authenticate")).startsWith("Bearer");
            }
        }
    }
}
