package dev.scenery;

import dev.scenery.generator.Draws;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
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
import java.util.Random;

/**
 * Demo data for the dashboard: {@code java -jar scenery.jar --demo-data [baseUrl]} posts 14 days of
 * realistic beacons (today's hours so far included) to the {@code demo} app of a running service,
 * through its normal ingest route, in batches of at most 500.
 *
 * <p>The data is deterministic for a given day: a fixed seed, times relative to the local midnight
 * of the app's time zone, and event ids derived from the day, so posting it again on the same day
 * repeats the same events (all duplicates, within the 48 hours the ids are kept) and adds only the
 * beacons of the hours since the last run. Scenes are
 * skewed (发现栏 and 下拉 lead, a long tail follows), about a third of the visits carry UTM
 * parameters that fit their scene (朋友圈广告 is Tencent ads traffic with a click id, 扫码 comes from
 * posters, chat cards from shares), users come back over the days (so new and returning visitors
 * both show), visits follow a daily rhythm, and page views follow some visits.
 */
public final class DemoData {
    static final String APP = "demo";
    static final int DAYS = 14;
    static final int MAX_BATCH = 500;
    private static final long SEED = 20260312L;

    private static final int[] SCENES = {1001, 1089, 1007, 1008, 1047, 1011, 1045, 1036, 1053, 1038, 1058, 1035, 1037, 1048, 0};
    private static final int[] SCENE_WEIGHTS = {24, 16, 12, 10, 9, 6, 6, 4, 3, 3, 2, 2, 1, 1, 1};
    /** Visits per local hour, relative: a morning commute, lunch and a long evening. */
    private static final int[] HOUR_WEIGHTS = {3, 2, 1, 1, 1, 2, 4, 8, 11, 9, 7, 8, 11, 10, 7, 6, 6, 7, 9, 11, 13, 14, 11, 6};
    private static final String[] PAGES = {"pages/index/index", "pages/item/item", "pages/cart/cart", "pages/member/member"};

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
            System.err.println("demo data: " + e.getMessage());
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
        List<JsonObject> beacons = beacons(zone, now);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < beacons.size(); i += MAX_BATCH) {
            out.add(new JsonArray(new ArrayList<>(beacons.subList(i, Math.min(beacons.size(), i + MAX_BATCH)))).encode());
        }
        return out;
    }

    /** The demo beacons, in time order: 14 local days ending with today's hours so far. */
    static List<JsonObject> beacons(ZoneId zone, long now) {
        Random rnd = new Random(SEED);
        LocalDate today = Instant.ofEpochMilli(now).atZone(zone).toLocalDate();
        String idPrefix = "demo-" + today + "-";
        List<JsonObject> out = new ArrayList<>();
        int users = 0;
        int seq = 0;
        for (int d = DAYS - 1; d >= 0; d--) {
            LocalDate day = today.minusDays(d);
            long dayStart = day.atStartOfDay(zone).toInstant().toEpochMilli();
            boolean weekend = day.getDayOfWeek().getValue() >= 6;
            // a slowly growing app with a weekend bump and a promotion in the last days
            int visits = (int) Math.round((620 + 18 * (DAYS - d)) * (weekend ? 1.25 : 1.0) * (d <= 2 ? 1.3 : 1.0)
                    * (0.92 + 0.16 * rnd.nextDouble()));
            for (int v = 0; v < visits; v++) {
                int hour = Draws.weighted(rnd, HOUR_WEIGHTS);
                long ts = dayStart + hour * 3_600_000L + (long) (rnd.nextDouble() * 3_600_000L);
                String uid;
                if (users == 0 || rnd.nextDouble() < (d == DAYS - 1 ? 0.8 : 0.42)) {
                    uid = "demo-user-" + users++;
                } else {
                    // returning users: recent ones come back more often
                    int back = (int) Math.floor(Math.pow(rnd.nextDouble(), 2.2) * users);
                    uid = "demo-user-" + (users - 1 - back);
                }
                int scene = SCENES[Draws.weighted(rnd, SCENE_WEIGHTS)];
                JsonObject visit = new JsonObject().put("type", "visit").put("uid", uid)
                        .put("sid", uid + "-" + ts / 1000).put("ts", ts).put("id", idPrefix + seq++)
                        .put("path", PAGES[0]);
                if (scene != 0) {
                    visit.put("scene", scene);
                }
                String query = launchQuery(rnd, scene, day, today);
                if (query != null) {
                    visit.put("query", query);
                }
                // every random draw is made whatever "now" is, so that a later run of the same day
                // repeats the earlier one (same events, same ids) and only adds the hours since
                boolean happened = Instant.ofEpochMilli(ts).atZone(zone).toLocalDate().equals(day) && ts < now - 60_000L;
                if (happened) {
                    out.add(visit);
                }
                int pages = rnd.nextDouble() < 0.45 ? 1 + rnd.nextInt(3) : 0;
                for (int p = 0; p < pages; p++) {
                    long pts = ts + (p + 1) * (20_000L + rnd.nextInt(60_000));
                    String path = PAGES[1 + rnd.nextInt(PAGES.length - 1)];
                    String id = idPrefix + seq++;
                    if (happened && pts < now) {
                        out.add(new JsonObject().put("type", "page").put("uid", uid).put("sid", visit.getString("sid"))
                                .put("ts", pts).put("id", id).put("path", path));
                    }
                }
            }
        }
        out.sort((a, b) -> Long.compare(a.getLong("ts"), b.getLong("ts")));
        return out;
    }

    /** The launch query of a visit: UTM parameters on about a third of them, fitting the scene. */
    private static String launchQuery(Random rnd, int scene, LocalDate day, LocalDate today) {
        boolean promo = today.toEpochDay() - day.toEpochDay() <= 2;
        String source;
        String medium;
        switch (scene) {
            case 1045 -> {
                // Tencent ads: a click id and no utm_source (Scenery names the source tencent_ads)
                return rnd.nextDouble() < 0.85 ? "gdt_vid=wx0" + Long.toString(Math.abs(rnd.nextLong()) % 1_000_000_000L, 36)
                        + "&weixinadinfo=" + (100000 + rnd.nextInt(900000)) + ".0.0.0" : null;
            }
            case 1047, 1011, 1048 -> {
                if (rnd.nextDouble() > 0.7) {
                    return null;
                }
                source = rnd.nextDouble() < 0.6 ? "offline_store" : "event_booth";
                medium = "qrcode";
            }
            case 1007, 1008 -> {
                if (rnd.nextDouble() > 0.45) {
                    return null;
                }
                double r = rnd.nextDouble();
                source = r < 0.45 ? "wechat_group" : r < 0.75 ? "kol_zhang" : "微信群";
                medium = r < 0.75 ? "social" : "referral";
            }
            case 1036, 1058, 1035 -> {
                if (rnd.nextDouble() > 0.6) {
                    return null;
                }
                double r = rnd.nextDouble();
                source = scene == 1036 ? (r < 0.5 ? "douyin" : "xiaohongshu") : "official_account";
                medium = scene == 1036 ? "app_share" : "article";
            }
            case 1053 -> {
                if (rnd.nextDouble() > 0.5) {
                    return null;
                }
                source = rnd.nextDouble() < 0.7 ? "sogou" : "baidu";
                medium = "cpc";
            }
            default -> {
                return null;
            }
        }
        StringBuilder q = new StringBuilder("utm_source=").append(encode(source)).append("&utm_medium=").append(encode(medium));
        double c = rnd.nextDouble();
        String campaign = promo && c < 0.6 ? "spring_sale" : c < 0.3 ? "新品上市" : c < 0.55 ? "member_day" : null;
        if (campaign != null) {
            q.append("&utm_campaign=").append(encode(campaign));
            if (rnd.nextDouble() < 0.5) {
                q.append("&utm_content=").append(rnd.nextBoolean() ? "banner_a" : rnd.nextBoolean() ? "banner_b" : "poster");
            }
            if (rnd.nextDouble() < 0.3) {
                q.append("&utm_term=").append(encode(rnd.nextBoolean() ? "coffee" : rnd.nextBoolean() ? "咖啡" : "latte"));
            }
        }
        return q.toString();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
