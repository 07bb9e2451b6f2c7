package dev.scenery;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code --demo-data}: 14 deterministic days of beacons, posted through the normal ingest route. */
@ExtendWith(VertxExtension.class)
class DemoDataTest {
    @TempDir
    Path dir;

    @Test
    void fourteenDeterministicDaysUpToNowInBatchesOfAtMost500() {
        ZoneId zone = ZoneId.of("Asia/Shanghai");
        long now = AcceptanceData.NOW;
        List<JsonObject> beacons = DemoData.beacons(zone, now);
        assertThat(DemoData.beacons(zone, now)).isEqualTo(beacons);
        // a run earlier the same day sent a part of the same events, with the same ids
        List<JsonObject> morning = DemoData.beacons(zone, now - 9 * 3_600_000L);
        assertThat(morning.size()).isLessThan(beacons.size());
        // as a set of encodings: containsAll over lists of JsonObjects is quadratic (it took 50 s)
        Set<String> all = new HashSet<>();
        beacons.forEach(b -> all.add(b.encode()));
        List<String> missing = morning.stream().map(JsonObject::encode).filter(b -> !all.contains(b)).toList();
        assertThat(missing).as("beacons of the morning run missing from the later one").isEmpty();
        List<String> batches = DemoData.batches(zone, now);
        assertThat(batches).allSatisfy(b -> assertThat(new JsonArray(b).size()).isBetween(1, 500));
        assertThat(batches.stream().mapToInt(b -> new JsonArray(b).size()).sum()).isEqualTo(beacons.size());

        LocalDate today = Instant.ofEpochMilli(now).atZone(zone).toLocalDate();
        Set<LocalDate> days = new HashSet<>();
        Map<Integer, Integer> scenes = new HashMap<>();
        int visits = 0;
        int withUtm = 0;
        Set<String> ids = new HashSet<>();
        for (JsonObject b : beacons) {
            long ts = b.getLong("ts");
            assertThat(ts).isLessThan(now).isGreaterThan(now - 30L * AcceptanceData.DAY);
            days.add(Instant.ofEpochMilli(ts).atZone(zone).toLocalDate());
            assertThat(ids.add(b.getString("id"))).isTrue();
            if (b.getString("type").equals("visit")) {
                visits++;
                scenes.merge(b.getInteger("scene", 0), 1, Integer::sum);
                String q = b.getString("query");
                if (q != null && (q.contains("utm_source=") || q.contains("gdt_vid="))) {
                    withUtm++;
                }
            }
        }
        assertThat(days).hasSize(14).contains(today, today.minusDays(13));
        assertThat(scenes.get(1001)).isGreaterThan(5 * scenes.get(1035)); // skewed
        assertThat((double) withUtm / visits).isBetween(0.15, 0.5);
    }

    @Test
    void postsToTheDemoAppOfARunningService(Vertx vertx) {
        try (TestNode node = TestNode.start(vertx, dir, System.currentTimeMillis())) {
            String base = "http://127.0.0.1:" + node.scenery.port();
            assertThat(DemoData.run(base + "/")).isZero();
            JsonObject week = node.getJson("/v1/apps/demo/scenes?range=7d");
            assertThat(week.getJsonObject("total").getLong("opens")).isGreaterThan(3000);
            assertThat(week.getJsonArray("items")).hasSize(10);
            assertThat(node.getJson("/v1/apps/demo/sources?range=7d").getJsonArray("items")).isNotEmpty();
            // the demo's automated-test visits are set apart and counted on their own
            assertThat(week.getJsonObject("setApart").getLong("opens")).isPositive();
            assertThat(node.getJson("/v1/apps/demo/scenes?range=7d&traffic=test").getJsonArray("items"))
                    .extracting(i -> ((JsonObject) i).getInteger("code")).containsExactly(1030);
            assertThat(node.getJson("/v1/apps/demo/scenes/trend?range=today").getJsonArray("buckets")).isNotEmpty();
        }
    }

    @Test
    void failsWithAMessageWithoutADemoApp(Vertx vertx) {
        try (TestNode node = TestNode.start(vertx, dir, System.currentTimeMillis(), "apps:\n  - id: shop\n")) {
            assertThat(DemoData.run("http://127.0.0.1:" + node.scenery.port())).isEqualTo(1);
        }
    }
}
