package dev.scenery;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A handful of visits, each figure worked out by hand in the comments: the 7 days compared with
 * the 7 before them across the local midnight where they meet (a visit a minute either side),
 * today so far against the same hours of yesterday in New York, a scene group whose visitors are
 * fewer than the sum of its scenes' visitors, rank changes, and test traffic set apart.
 * ({@link CompareContract} checks the same against the generated acceptance data, in both modes.)
 */
@ExtendWith(VertxExtension.class)
class ComparePeriodsTest {
    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    @TempDir
    Path dir;

    private static String visit(String uid, String localTime, ZoneId zone, int scene, String extra) {
        long ts = LocalDateTime.parse(localTime).atZone(zone).toInstant().toEpochMilli();
        return "{\"type\":\"visit\",\"uid\":\"" + uid + "\",\"sid\":\"s-" + uid + "\",\"ts\":" + ts + ",\"scene\":" + scene + extra + "}";
    }

    @Test
    void periodsMeetAtLocalMidnightGroupsCountAVisitorOnceAndTestTrafficIsSetApart(Vertx vertx) {
        // now: 2026-03-12 23:20 in Shanghai, 11:20 in New York; 7d = 03-05..03-11, the period before = 02-26..03-04
        try (TestNode node = TestNode.start(vertx, dir, AcceptanceData.NOW)) {
            String shop = "[" + String.join(",", List.of(
                    visit("u1", "2026-03-04T23:59:00", SHANGHAI, 1047, ""),    // before: qrcode, new
                    visit("u1", "2026-03-05T00:01:00", SHANGHAI, 1011, ""),    // 7d: qrcode, not new (first visit was before)
                    visit("u2", "2026-03-05T12:00:00", SHANGHAI, 1007, ""),    // 7d: share, new
                    visit("u2", "2026-03-07T12:00:00", SHANGHAI, 1008, ""),    // 7d: share again, another scene of it
                    visit("u3", "2026-03-01T10:00:00", SHANGHAI, 1007, ""),    // before: share, new
                    visit("u3", "2026-03-06T10:00:00", SHANGHAI, 1008, ""),    // 7d: share, not new
                    visit("u5", "2026-03-08T09:00:00", SHANGHAI, 1017, ""),    // 7d: a trial build, real traffic, new
                    visit("t1", "2026-03-06T09:00:00", SHANGHAI, 1030, ""),    // test: automated test scene
                    visit("u4", "2026-03-07T09:00:00", SHANGHAI, 1047, ",\"test\":true"))) + "]"; // test: marked
            assertThat(node.postJson("/v1/apps/shop/beacons", shop).bodyAsJsonObject().getInteger("accepted")).isEqualTo(9);
            JsonObject bad = node.postJson("/v1/apps/shop/beacons", "[" + visit("u9", "2026-03-07T09:00:00", SHANGHAI, 1047, ",\"test\":\"yes\"") + "]")
                    .bodyAsJsonObject();
            assertThat(bad.getJsonArray("rejected").getJsonObject(0).getString("error")).isEqualTo("test must be true or false");

            JsonObject scenes = node.getJson("/v1/apps/shop/scenes?range=7d&compare=previous");
            // 7d: u1, u2 twice, u3, u5 = 5 opens of 4 visitors, 2 new (u2, u5); before: u1, u3 = 2 opens, 2 visitors, 2 new
            assertFigures(scenes.getJsonObject("total"), 5, 4, 2);
            JsonObject compare = scenes.getJsonObject("compare");
            assertThat(compare.getJsonObject("range").getString("from")).isEqualTo("2026-02-26");
            assertThat(compare.getJsonObject("range").getString("to")).isEqualTo("2026-03-04");
            assertFigures(compare.getJsonObject("total"), 2, 2, 2);
            assertThat(compare.getJsonObject("change").getLong("opens")).isEqualTo(3);
            assertThat(compare.getJsonObject("changePercent").getDouble("opens")).isEqualTo(150.0);
            assertThat(compare.getJsonObject("changePercent").getDouble("visitors")).isEqualTo(100.0);
            assertThat(compare.getJsonObject("changePercent").getDouble("newVisitors")).isEqualTo(0.0);
            // scene 1011 had no visit before: its change in percent has no base
            JsonObject s1011 = item(scenes, "code", 1011);
            assertThat(s1011.getJsonObject("previous").getLong("opens")).isZero();
            assertThat(s1011.getJsonObject("changePercent").getValue("opens")).isNull();
            assertThat(s1011.getValue("previousRank")).isNull();
            assertThat(s1011.getBoolean("newInTop")).isTrue();
            assertThat(item(scenes, "code", 1017).getBoolean("trialBuild")).isTrue();

            JsonObject groups = node.getJson("/v1/apps/shop/groups?range=7d&compare=previous&metric=opens");
            JsonArray items = groups.getJsonArray("items");
            // share: u2 (1007, 1008) and u3 (1008): 3 opens, 2 visitors, though its scenes have 1 + 2 visitors
            assertThat(items.getJsonObject(0).getString("group")).isEqualTo("share");
            assertThat(items.getJsonObject(0).getString("name")).isEqualTo("分享卡片");
            assertThat(items.getJsonObject(0).getString("nameEn")).isEqualTo("Shared cards");
            assertFigures(items.getJsonObject(0), 3, 2, 1);
            assertThat(item(scenes, "code", 1007).getLong("visitors") + item(scenes, "code", 1008).getLong("visitors")).isEqualTo(3);
            // ranks: now share 3, qrcode 1, testing 1 (ties by key); before qrcode 1 (u1), share 1 (u3)
            assertThat(items.getJsonObject(0).getInteger("previousRank")).isEqualTo(2);
            assertThat(items.getJsonObject(0).getInteger("rankChange")).isEqualTo(1);
            assertThat(items.getJsonObject(1).getString("group")).isEqualTo("qrcode");
            assertThat(items.getJsonObject(1).getInteger("rankChange")).isEqualTo(-1);
            assertThat(items.getJsonObject(2).getString("group")).isEqualTo("testing");
            assertThat(items.getJsonObject(2).getBoolean("newInTop")).isTrue();
            JsonObject shares = node.getJson("/v1/apps/shop/scenes?range=7d&group=share");
            assertThat(shares.getJsonArray("items").stream().map(o -> ((JsonObject) o).getInteger("code")).toList()).containsExactly(1008, 1007);

            // the test traffic of the 7 days: t1 (scene 1030) and u4 (marked), each a new visitor of its own
            assertFigures(scenes.getJsonObject("setApart"), 2, 2, 2);
            JsonObject test = node.getJson("/v1/apps/shop/scenes?range=7d&traffic=test");
            assertFigures(test.getJsonObject("total"), 2, 2, 2);
            assertThat(test.getJsonArray("items").stream().map(o -> ((JsonObject) o).getInteger("code")).toList()).containsExactly(1030, 1047);

            // today so far in New York (00:00-11:59) against the same hours of yesterday: 11:30 in, 12:10 out
            String nyc = "[" + String.join(",", List.of(
                    visit("n1", "2026-03-11T11:30:00", NEW_YORK, 1001, ""),
                    visit("n2", "2026-03-11T12:10:00", NEW_YORK, 1001, ""),
                    visit("n3", "2026-03-12T00:30:00", NEW_YORK, 1001, ""),
                    visit("n4", "2026-03-12T11:10:00", NEW_YORK, 1001, ""),
                    visit("n5", "2026-03-05T09:00:00", NEW_YORK, 1001, ""))) + "]"; // a week before yesterday
            assertThat(node.postJson("/v1/apps/nyc/beacons", nyc).bodyAsJsonObject().getInteger("accepted")).isEqualTo(5);
            JsonObject today = node.getJson("/v1/apps/nyc/scenes/trend?range=today&compare=previous");
            assertFigures(today.getJsonObject("total"), 2, 2, 2);
            assertFigures(today.getJsonObject("compare").getJsonObject("total"), 1, 1, 1);
            assertThat(today.getJsonArray("buckets").size()).isEqualTo(12);
            JsonArray before = today.getJsonObject("compare").getJsonObject("totalSeries").getJsonArray("opens");
            assertThat(before.size()).isEqualTo(12);
            assertThat(before.getLong(11)).isEqualTo(1);
            assertThat(today.getJsonObject("compare").getJsonArray("buckets").getString(11)).isEqualTo("2026-03-11T11:00");
            JsonObject week = node.getJson("/v1/apps/nyc/scenes?range=yesterday&compare=week");
            assertThat(week.getJsonObject("compare").getJsonObject("range").getString("from")).isEqualTo("2026-03-04");
            assertFigures(week.getJsonObject("total"), 2, 2, 2);
            assertFigures(week.getJsonObject("compare").getJsonObject("total"), 0, 0, 0);
            assertThat(node.get("/v1/apps/nyc/scenes?range=7d&compare=week").statusCode()).isEqualTo(400);
        }
    }

    private static JsonObject item(JsonObject answer, String key, int value) {
        return answer.getJsonArray("items").stream().map(o -> (JsonObject) o).filter(o -> o.getInteger(key) == value)
                .findFirst().orElseThrow(() -> new AssertionError("no item " + key + "=" + value + " in " + answer.encode()));
    }

    private static void assertFigures(JsonObject f, long opens, long visitors, long newVisitors) {
        assertThat(f.getLong("opens")).as("opens of " + f.encode()).isEqualTo(opens);
        assertThat(f.getLong("visitors")).as("visitors of " + f.encode()).isEqualTo(visitors);
        assertThat(f.getLong("newVisitors")).as("new visitors of " + f.encode()).isEqualTo(newVisitors);
    }
}
