package dev.scenery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scenery.beacon.RejectReason;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Client input never becomes a Prometheus label: thousands of beacons with distinct bad keys and
 * values, for made-up app ids too, leave /metrics with a handful of rejection series whose
 * reasons are the fixed codes and whose apps are declared ones.
 */
@ExtendWith(VertxExtension.class)
class MetricsLabelsTest {
    static final long NOW = AcceptanceData.NOW;
    static final Pattern REJECTED = Pattern.compile("^scenery_beacons_rejected_total\\{([^}]*)\\}", Pattern.MULTILINE);

    @TempDir
    Path dir;

    /** 500 beacons, each wrong in its own way: distinct field names and values in every message. */
    private static String badBatch(int request) {
        JsonArray a = new JsonArray();
        for (int i = 0; i < 500; i++) {
            String key = "k" + request + "-" + i;
            JsonObject b = new JsonObject().put("type", "visit").put("uid", "u").put("sid", "s").put("ts", NOW - 1000);
            switch (i % 6) {
                case 0 -> b.put("query", new JsonObject().put(key, new JsonArray().add(1)));
                case 1 -> b.put("utm", new JsonObject().put(key, new JsonObject()));
                case 2 -> b.put("type", key);
                case 3 -> b.put("ts", NOW + 86_400_000L + i);
                case 4 -> b.put("ts", NOW - 40L * 86_400_000L - i);
                default -> b.put(key, 1).put("uid", key.repeat(40));
            }
            a.add(b);
        }
        return a.encode();
    }

    private static Set<String> labelValues(List<String> series, String label) {
        Pattern p = Pattern.compile(label + "=\"([^\"]*)\"");
        return series.stream().map(p::matcher).filter(Matcher::find).map(m -> m.group(1)).collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void rejectionReasonsAndAppsAreBoundedLabels(Vertx vertx) {
        String yaml = "apps:\n  - id: shop\n    public: true\nallowUndeclaredApps: true\nlimits:\n  requestsPerSecondPerIp: 0\n";
        try (TestNode node = TestNode.start(vertx, dir, NOW, yaml)) {
            for (int r = 0; r < 10; r++) {
                String app = r % 2 == 0 ? "shop" : "made-up-" + r;
                HttpResponse<Buffer> answer = node.postJson("/v1/apps/" + app + "/beacons", badBatch(r));
                assertThat(answer.statusCode()).as(answer.bodyAsString()).isEqualTo(202);
                assertThat(answer.bodyAsJsonObject().getJsonArray("rejected")).hasSize(500);
            }
            String metrics = node.get("/metrics").bodyAsString();
            List<String> series = REJECTED.matcher(metrics).results().map(m -> m.group(1)).toList();
            Set<String> codes = Arrays.stream(RejectReason.values()).map(RejectReason::code).collect(Collectors.toSet());
            assertThat(labelValues(series, "reason")).as("reasons").isSubsetOf(codes)
                    .contains("bad_query", "bad_utm", "unknown_type", "future_ts", "late_ts", "too_long");
            assertThat(labelValues(series, "app")).as("apps").containsExactlyInAnyOrder("shop", "_other");
            assertThat(series).as("rejection series").hasSizeLessThanOrEqualTo(2 * codes.size());
            assertThat(metrics).doesNotContain("made-up-").doesNotContain("k3-");
            assertThat(metrics.length()).as("size of /metrics").isLessThan(200_000);
        }
    }

    @Test
    void aFailedQueryIsTimedUnderTheStatusItWasAnswered(Vertx vertx) {
        try (TestNode node = TestNode.start(vertx, dir, NOW, "apps:\n  - id: shop\n    public: true\n")) {
            assertThat(node.get("/v1/apps/shop/scenes?range=fortnight").statusCode()).isEqualTo(400);
            assertThat(node.get("/v1/apps/shop/sources/trend?range=7d").statusCode()).isEqualTo(200);
            String metrics = node.get("/metrics").bodyAsString();
            assertThat(metrics).containsPattern("scenery_query_latency_seconds_count\\{(?=[^}]*route=\"scenes\")(?=[^}]*status=\"400\")")
                    .containsPattern("scenery_query_latency_seconds_count\\{(?=[^}]*route=\"sources/trend\")(?=[^}]*status=\"200\")")
                    .doesNotContain("status=\"0\"");
        }
    }
}
