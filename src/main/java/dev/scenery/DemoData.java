package dev.scenery;

import dev.scenery.beacon.Utm;
import dev.scenery.generator.NativeBodies;
import dev.scenery.generator.UtmChoice;
import dev.scenery.generator.Visit;
import dev.scenery.generator.VisitGenerator;
import dev.scenery.generator.VisitProfile;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * Demo data for the dashboard: {@code java -jar scenery.jar --demo-data [baseUrl]} posts 14 days of
 * realistic beacons (today's hours so far included) to the {@code demo} app of a running service,
 * through its normal ingest route, in batches of at most 500.
 *
 * <p>The visits come from the shared generator ({@link VisitGenerator}) with this class's profile.
 * The data is deterministic for a given day: a fixed seed, times relative to the local midnight
 * of the app's time zone, and event ids derived from the day, so posting it again on the same day
 * repeats the same events (all duplicates, within the 48 hours the ids are kept) and adds only the
 * beacons of the hours since the last run. Scenes are
 * skewed (发现栏 and 下拉 lead, a long tail follows), about a third of the visits carry UTM
 * parameters that fit their scene (朋友圈广告 is Tencent ads traffic with a click id, 扫码 comes from
 * posters, chat cards from shares), users come back over the days (so new and returning visitors
 * both show), visits follow a daily rhythm, and page and custom events follow some visits.
 */
public final class DemoData {
    static final String APP = "demo";
    static final int DAYS = 14;
    static final int MAX_BATCH = 500;
    private static final long SEED = 20260312L;

    /** With a trial-build entry (1017: counted, flagged) and WeChat's automated-test entry (1030: set apart). */
    private static final int[] SCENES = {1001, 1089, 1007, 1008, 1047, 1011, 1045, 1036, 1053, 1038, 1058, 1035, 1037, 1048, 0,
        1017, 1030};
    private static final double[] SCENE_WEIGHTS = {24, 16, 12, 10, 9, 6, 6, 4, 3, 3, 2, 2, 1, 1, 1, 0.5, 1};
    /** Visits per local hour, relative: a morning commute, lunch and a long evening. */
    private static final double[] HOUR_WEIGHTS = {3, 2, 1, 1, 1, 2, 4, 8, 11, 9, 7, 8, 11, 10, 7, 6, 6, 7, 9, 11, 13, 14, 11, 6};
    private static final List<UtmChoice> UTM = utmCombos();

    private DemoData() {
    }

    /** Entry point of {@code --demo-data [baseUrl]}: returns the process exit code. */
    static int run(String baseUrl) {
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        try {
            ZoneId zone = zoneOf(http, base);
            List<String> batches = batches(zone, System.currentTimeMillis());
            int accepted = 0;
            int duplicates = 0;
            int rejected = 0;
            for (String batch : batches) {
                JsonObject answer = post(http, base, batch);
                accepted += answer.getInteger("accepted");
                duplicates += answer.getInteger("duplicates");
                rejected += answer.getJsonArray("rejected").size();
            }
            System.out.printf("demo data: %d batches to %s/v1/apps/%s/beacons: %d accepted, %d duplicates, %d rejected%n",
                    batches.size(), base, APP, accepted, duplicates, rejected);
            System.out.println("open " + base + "/?app=" + APP);
            return rejected == 0 ? 0 : 1;
        } catch (IOException | IllegalStateException e) {
            System.err.println("demo data: " + e); // a refused connection has no message of its own
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    /** The time zone of the demo app, from {@code GET /v1/apps}. */
    private static ZoneId zoneOf(HttpClient http, String base) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/apps")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET " + base + "/v1/apps answered " + r.statusCode() + ": " + r.body());
        }
        for (Object o : new JsonObject(r.body()).getJsonArray("apps")) {
            JsonObject app = (JsonObject) o;
            if (APP.equals(app.getString("id"))) {
                return ZoneId.of(app.getString("timeZone"));
            }
        }
        throw new IllegalStateException("the service at " + base + " declares no app '" + APP + "' (see config/scenery.yaml)");
    }

    private static JsonObject post(HttpClient http, String base, String body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/v1/apps/" + APP + "/beacons"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
        for (int attempt = 0; ; attempt++) {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 202) {
                return new JsonObject(r.body());
            }
            if ((r.statusCode() == 503 || r.statusCode() == 429) && attempt < 10) {
                Thread.sleep(1000L * Math.max(1, Integer.parseInt(r.headers().firstValue("Retry-After").orElse("1"))));
                continue;
            }
            throw new IllegalStateException("POST beacons answered " + r.statusCode() + ": " + r.body());
        }
    }

    /** The demo beacons for "now" in the app's zone, as JSON array bodies of at most 500 beacons. */
    static List<String> batches(ZoneId zone, long now) {
        return NativeBodies.batches(visits(zone, now), MAX_BATCH);
    }

    /** The demo beacons, in time order: 14 local days ending with today's hours so far. */
    static List<JsonObject> beacons(ZoneId zone, long now) {
        List<JsonObject> out = new ArrayList<>();
        for (Visit v : visits(zone, now)) {
            NativeBodies.events(v).forEach(e -> out.add(new JsonObject(e)));
        }
        return out;
    }

    /**
     * The demo visits, in time order, up to a minute before "now"; the ids begin with the day, so a
     * later run of the same day repeats the earlier events and adds the hours since.
     */
    private static List<Visit> visits(ZoneId zone, long now) {
        LocalDate today = Instant.ofEpochMilli(now).atZone(zone).toLocalDate();
        VisitProfile profile = new VisitProfile().seed(SEED).app(APP, zone, null, 6000, 11_000)
                .days(DAYS, now - 60_000L).hours(HOUR_WEIGHTS).scenes(SCENES, SCENE_WEIGHTS)
                .utm(0.3, UTM).launches(1, 0, 0).newUsers(0.45, 2.2).ids(1, "demo-" + today + "-")
                .followUps(0.45, 3);
        return VisitGenerator.visits(profile);
    }

    /**
     * UTM values that fit their scene, weighted by their share of all visits: Tencent ads traffic
     * (朋友圈广告) with a click id, posters behind the QR-code scenes, shares in chats, articles of
     * the official account, search ads; each with campaigns, contents and terms now and then.
     */
    private static List<UtmChoice> utmCombos() {
        List<UtmChoice> combos = new ArrayList<>();
        combos.add(new UtmChoice(new Utm("tencent_ads", null, null, null, null), 5, true, 1045));
        promoted(combos, 6, "offline_store", "qrcode", 1047, 1011, 1048);
        promoted(combos, 4, "event_booth", "qrcode", 1047, 1011, 1048);
        promoted(combos, 4, "wechat_group", "social", 1007, 1008);
        promoted(combos, 3, "kol_zhang", "social", 1007, 1008);
        promoted(combos, 2, "微信群", "referral", 1007, 1008);
        promoted(combos, 1.5, "douyin", "app_share", 1036);
        promoted(combos, 1.5, "xiaohongshu", "app_share", 1036);
        promoted(combos, 1.5, "official_account", "article", 1058, 1035);
        promoted(combos, 1, "sogou", "cpc", 1053);
        promoted(combos, 0.5, "baidu", "cpc", 1053);
        return combos;
    }

    private static void promoted(List<UtmChoice> combos, double weight, String source, String medium, int... scenes) {
        String[][] values = {{source}, {medium}, {"spring_sale", "新品上市", "member_day"}, {"banner_a", "banner_b", "poster"},
                {"coffee", "咖啡", "latte"}};
        for (UtmChoice c : UtmChoice.cross(values, new double[] {1, 1, 0.55, 0.3, 0.15})) {
            combos.add(new UtmChoice(c.utm(), c.weight() * weight, false, scenes));
        }
    }
}
