package dev.scenery;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * At the disk budget the store refuses before acknowledging: batches get 507 naming
 * {@code store.maxDiskBytes} and nothing of them is kept, {@code /ready} says degraded and why,
 * queries keep answering for every app, SIGTERM stops in under 5 s, and a restart after
 * {@code kill -9} (and after the SIGTERM) answers exactly what was acknowledged.
 */
@ExtendWith(VertxExtension.class)
class DiskBudgetTest {
    static final String YAML = TestNode.smallStore(java.util.List.of("shop", "other"), "",
            "  maxDiskBytes: 16000000\n  appSharePercent: 100\n");

    @TempDir
    Path dir;

    @Test
    void aFullDiskBudgetGives507AndARestartAfterKillAnswersExactlyWhatWasAcknowledged(Vertx vertx) throws Exception {
        long now = System.currentTimeMillis();
        ChildNode child = ChildNode.start(dir, YAML);
        assertThat(child.post("/v1/apps/other/beacons", visits("o", 0, 10, now, "other")).statusCode()).isEqualTo(202);
        long acknowledged = 0;
        HttpResponse<String> refused = null;
        for (int b = 0; b < 400 && refused == null; b++) {
            HttpResponse<String> r = child.post("/v1/apps/shop/beacons", visits("u", b * 500, 500, now, "e"));
            if (r.statusCode() == 202) {
                acknowledged += new JsonObject(r.body()).getInteger("accepted");
            } else {
                refused = r;
            }
        }
        assertThat(refused).as("the budget was reached").isNotNull();
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(507);
        assertThat(new JsonObject(refused.body()).getString("error")).contains("store.maxDiskBytes");
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        // refused again, whole, while at the limit
        assertThat(child.post("/v1/apps/shop/beacons", visits("late", 0, 500, now, "late")).statusCode()).isEqualTo(507);

        JsonObject ready = new JsonObject(child.get("/ready").body());
        assertThat(ready.getString("status")).isEqualTo("degraded");
        assertThat(ready.getString("reason")).contains("store.maxDiskBytes");
        // queries keep answering, for every app
        assertThat(total(child, "shop", now).getLong("opens")).isEqualTo(acknowledged);
        assertThat(total(child, "other", now).getLong("opens")).isEqualTo(10);
        assertThat(acknowledged).isGreaterThan(0);

        child.kill();
        ChildNode restarted = ChildNode.start(dir, YAML);
        assertExact(restarted, now, acknowledged);
        long start = System.nanoTime();
        restarted.stop(); // SIGTERM, at the limit
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).as("SIGTERM to exit").isLessThan(5000);
        ChildNode again = ChildNode.start(dir, YAML);
        assertExact(again, now, acknowledged);
        again.kill();
    }

    private static void assertExact(ChildNode node, long now, long acknowledged) throws Exception {
        JsonObject total = total(node, "shop", now);
        assertThat(total.getLong("opens")).isEqualTo(acknowledged);
        assertThat(total.getLong("newVisitors")).isEqualTo(acknowledged);
        FigureContract.assertVisitors(total.getLong("visitors"), acknowledged, total.getBoolean("visitorsExact"), "visitors");
        assertThat(total(node, "other", now).getLong("opens")).isEqualTo(10);
    }

    private static JsonObject total(ChildNode node, String app, long now) throws Exception {
        LocalDate today = LocalDate.ofInstant(Instant.ofEpochMilli(now), ZoneId.of("Asia/Shanghai"));
        HttpResponse<String> r = node.get("/v1/apps/" + app + "/scenes?range=custom&from=" + today.minusDays(1) + "&to=" + today);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return new JsonObject(r.body()).getJsonObject("total");
    }

    /** {@code n} visits of new users, each with its own id. */
    static String visits(String prefix, int from, int n, long now, String idPrefix) {
        JsonArray batch = new JsonArray();
        for (int i = from; i < from + n; i++) {
            batch.add(new JsonObject().put("type", "visit").put("uid", prefix + i).put("sid", "s")
                    .put("ts", now - 60_000 - i % 600_000).put("scene", 1001 + i % 7).put("id", idPrefix + i));
        }
        return batch.encode();
    }
}
