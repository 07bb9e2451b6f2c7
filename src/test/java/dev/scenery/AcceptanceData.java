package dev.scenery;

import dev.scenery.beacon.Utm;
import dev.scenery.generator.Draws;
import dev.scenery.generator.NativeBodies;
import dev.scenery.generator.UtmChoice;
import dev.scenery.generator.VisitGenerator;
import dev.scenery.generator.VisitProfile;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * A generated, deterministic data set with known ground truth: several apps in different time
 * zones (one with a DST change, one with a half-hour offset), skewed scenes including unknown and
 * missing ones, UTM values given as an object, a query string (with Chinese values URL-encoded), a
 * query object or only a Tencent ad click id, new and returning users, page and custom events,
 * retried batches and duplicates within a batch, beacons arriving out of order (late), and
 * invalid beacons of every kind. It knows what each request must answer and which visits count.
 * The visits come from the shared generator ({@link VisitGenerator}, this class's profile); the
 * batching, retries, twins, invalid beacons and the DST and late-first-visit cases are added here.
 *
 * <p>Then (from a random generator of its own, so that the data above stays as it was): visits a
 * minute either side of the local midnights where compared periods meet (today and yesterday, the
 * 7-day range and the one before it, a day of New York's DST change) and in the hour after "now"
 * yesterday, trial-build visits (real traffic), and test traffic ({@link #testVisits}: the default
 * test scenes and beacons marked {@code "test": true}, some from users who also visit for real).
 */
final class AcceptanceData {
    static final long NOW = Instant.parse("2026-03-12T15:20:00Z").toEpochMilli();
    static final long DAY = 86_400_000L;
    static final Map<String, ZoneId> ZONES = new LinkedHashMap<>();

    static {
        ZONES.put("shop", ZoneId.of("Asia/Shanghai"));
        ZONES.put("nyc", ZoneId.of("America/New_York"));
        ZONES.put("goa", ZoneId.of("Asia/Kolkata"));
    }

    /** A visit that must count. utm holds source, medium, campaign, content, term (null when absent). */
    record Visit(String uid, long ts, int scene, String[] utm) {
    }

    /** One request and what it must answer. */
    record Batch(String app, String body, int accepted, int duplicates, List<Integer> rejected) {
    }

    private static final int[] SCENES = {1001, 1047, 1007, 1008, 1089, 1045, 1011, 0, 4242};
    private static final double[] SCENE_WEIGHTS = {30, 20, 15, 10, 8, 6, 5, 3, 3};
    private static final String[][] UTM_VALUES = {
            {"wechat_moments", "微信群", "kol_zhang", "baidu"},
            {"cpc", "social", "referral"},
            {"spring_sale", "双十一", "launch"},
            {"banner_a", "banner_b"},
            {"coffee", "咖啡"}};
    private static final double[] UTM_PRESENCE = {1.0, 0.8, 0.6, 0.3, 0.15};
    /** 45 % of the visits carry UTM values, 7 % only a Tencent ad click id. */
    private static final double UTM_SHARE = 0.45;
    private static final double AD_CLICK_SHARE = 0.07;

    final List<Batch> batches = new ArrayList<>();
    final Map<String, List<Visit>> visits = new HashMap<>();
    /** Per app, the visits that are test traffic: in no figure of the app, counted apart with traffic=test. */
    final Map<String, List<Visit>> testVisits = new HashMap<>();
    static final int[] TEST_SCENES = {1030, 1101, 1129, 1203};
    private final Random rnd = new Random(20261125L);
    private final Set<String> sentIds = new HashSet<>();
    private int idSeq;

    AcceptanceData() {
        // about three visits a user, a third of them a user's first, over the 29 local days up to NOW
        // (the late first visits below go further back)
        VisitProfile profile = new VisitProfile().seed(20261125L)
                .app("shop", ZONES.get("shop"), null, 260, 780)
                .app("nyc", ZONES.get("nyc"), null, 140, 420)
                .app("goa", ZONES.get("goa"), null, 90, 270)
                .days(29, NOW).scenes(SCENES, SCENE_WEIGHTS).utm(UTM_SHARE + AD_CLICK_SHARE, utmCombos())
                .launches(20, 10, 15).newUsers(0.33, 1).late(1).ids(0.75, "e").followUps(0.2, 2);
        List<dev.scenery.generator.Visit> generated = VisitGenerator.visits(profile);
        for (String app : ZONES.keySet()) {
            generate(app, generated.stream().filter(v -> v.app().equals(app)).toList());
        }
        Random extra = new Random(20261204L);
        for (String app : ZONES.keySet()) {
            extras(app, extra);
        }
        takeTurns();
    }

    /** Boundary, trial-build and test-traffic visits of an app (see the class comment). */
    private void extras(String app, Random r) {
        ZoneId zone = ZONES.get(app);
        LocalDate today = LocalDate.ofInstant(Instant.ofEpochMilli(NOW), zone);
        List<Visit> valid = visits.get(app);
        List<Visit> test = new ArrayList<>();
        List<JsonObject> events = new ArrayList<>();
        List<LocalDate> edges = new ArrayList<>(List.of(today, today.minusDays(7), today.minusDays(14)));
        if (app.equals("nyc")) {
            edges.add(LocalDate.of(2026, 3, 8)); // the spring-forward day: a custom range from it and the one before
        }
        int n = 0;
        for (LocalDate day : edges) {
            long midnight = day.atStartOfDay(zone).toInstant().toEpochMilli();
            for (long at : new long[] {midnight - 60_000, midnight + 60_000}) {
                events.add(extraVisit(app + "-edge-" + n++, at, SCENES[n % SCENES.length], r, valid, false));
            }
        }
        // yesterday, in the hour after the current one: not in the "previous" of today so far
        java.time.LocalDateTime later = java.time.LocalDateTime.ofInstant(Instant.ofEpochMilli(NOW), zone).plusHours(1).minusDays(1);
        if (later.toLocalDate().equals(today.minusDays(1))) {
            events.add(extraVisit(app + "-edge-later", later.atZone(zone).toInstant().toEpochMilli(), 1047, r, valid, false));
        }
        for (int i = 0; i < 6; i++) {
            events.add(extraVisit(app + "-trial-" + (i % 3), NOW - (long) (r.nextDouble() * 20 * DAY), i % 2 == 0 ? 1017 : 1059, r, valid, false));
        }
        for (int i = 0; i < 40; i++) {
            // a third of the testers are real users too; their test visits change none of their figures
            String uid = i % 3 == 0 ? app + "-user-" + i : app + "-tester-" + (i % 17);
            long ts = NOW - (long) (r.nextDouble() * 20 * DAY);
            boolean marked = i % 4 == 0;
            int scene = marked ? SCENES[i % SCENES.length] : TEST_SCENES[i % TEST_SCENES.length];
            events.add(extraVisit(uid, ts, scene, r, test, marked));
        }
        Collections.shuffle(events, r);
        for (int i = 0; i < events.size(); i += 25) {
            addBatch(app, new ArrayList<>(events.subList(i, Math.min(events.size(), i + 25))));
        }
        testVisits.put(app, test);
    }

    private JsonObject extraVisit(String uid, long ts, int scene, Random r, List<Visit> into, boolean marked) {
        String[] utm = new String[5];
        StringBuilder q = new StringBuilder("from=extra");
        String[] names = {"source", "medium", "campaign", "content", "term"};
        for (int d = 0; d < 3; d++) {
            if (r.nextDouble() < 0.6) {
                utm[d] = UTM_VALUES[d][r.nextInt(UTM_VALUES[d].length)];
                q.append("&utm_").append(names[d]).append('=').append(URLEncoder.encode(utm[d], StandardCharsets.UTF_8));
            }
        }
        JsonObject e = new JsonObject().put("type", "visit").put("uid", uid).put("sid", "s-" + uid + "-" + ts).put("ts", ts)
                .put("scene", scene).put("query", q.toString()).put("id", nextId());
        if (marked) {
            e.put("test", true);
        }
        into.add(new Visit(uid, ts, scene, utm));
        return e;
    }

    /**
     * The apps' batches take turns (each app's in its order), so that any first part of them holds
     * batches of every app, and the rest comes back to buckets of it (PostgresAcceptanceIT evicts in
     * the middle).
     */
    private void takeTurns() {
        Map<String, List<Batch>> byApp = new LinkedHashMap<>();
        batches.forEach(b -> byApp.computeIfAbsent(b.app(), a -> new ArrayList<>()).add(b));
        batches.clear();
        for (int k = 0; batches.size() < byApp.values().stream().mapToInt(List::size).sum(); k++) {
            for (List<Batch> own : byApp.values()) {
                if (k < own.size()) {
                    batches.add(own.get(k));
                }
            }
        }
    }

    /** The UTM combinations: each dimension present with its probability, and the ad clicks. */
    private static List<UtmChoice> utmCombos() {
        List<UtmChoice> combos = new ArrayList<>();
        for (UtmChoice c : UtmChoice.cross(UTM_VALUES, UTM_PRESENCE)) {
            combos.add(new UtmChoice(c.utm(), c.weight() * UTM_SHARE, false));
        }
        combos.add(new UtmChoice(new Utm("tencent_ads", null, null, null, null), AD_CLICK_SHARE, true));
        return combos;
    }

    private void generate(String app, List<dev.scenery.generator.Visit> generated) {
        List<JsonObject> events = new ArrayList<>();
        List<Visit> valid = new ArrayList<>();
        for (dev.scenery.generator.Visit v : generated) {
            events.addAll(events(v, valid));
        }
        if (app.equals("nyc")) {
            // around the spring-forward gap of 2026-03-08 (02:00 EST becomes 03:00 EDT)
            events.add(rnd.nextInt(events.size() + 1), visit(app, "nyc-dst-a", Instant.parse("2026-03-08T06:30:00Z").toEpochMilli(), valid));
            events.add(rnd.nextInt(events.size() + 1), visit(app, "nyc-dst-b", Instant.parse("2026-03-08T07:30:00Z").toEpochMilli(), valid));
        }
        // a user's earlier first visit arrives last: the new-visitor figures must move to it
        String mover = app + "-user-0";
        long earliest = valid.stream().filter(v -> v.uid().equals(mover)).mapToLong(Visit::ts).min().orElseThrow();
        events.add(visit(app, mover, Math.max(earliest - 3 * DAY, NOW - (long) (29.9 * DAY)), valid));

        int i = 0;
        while (i < events.size()) {
            int size = Math.min(events.size() - i, 1 + rnd.nextInt(40));
            List<JsonObject> chunk = new ArrayList<>(events.subList(i, i + size));
            i += size;
            boolean retried = rnd.nextDouble() < 0.12;
            if (retried) {
                chunk.forEach(e -> {
                    if (!e.containsKey("id")) {
                        e.put("id", nextId());
                    }
                });
            }
            if (rnd.nextDouble() < 0.2) {
                JsonObject twin = chunk.get(rnd.nextInt(chunk.size()));
                if (twin.containsKey("id")) {
                    chunk.add(twin.copy());
                }
            }
            if (rnd.nextDouble() < 0.3) {
                chunk.add(rnd.nextInt(chunk.size() + 1), invalid(app));
            }
            addBatch(app, chunk);
            if (retried) {
                addBatch(app, chunk);
            }
        }
        visits.put(app, valid);
    }

    /** The native events of a generated visit; the visit counts. Half the visits without a scene say 0. */
    private List<JsonObject> events(dev.scenery.generator.Visit v, List<Visit> valid) {
        List<JsonObject> out = new ArrayList<>();
        for (String event : NativeBodies.events(v)) {
            out.add(new JsonObject(event));
        }
        if (v.scene() == 0 && rnd.nextBoolean()) {
            out.get(0).put("scene", 0);
        }
        Utm u = v.utm();
        valid.add(new Visit(v.uid(), v.ts(), v.scene(), new String[] {u.source(), u.medium(), u.campaign(), u.content(), u.term()}));
        return out;
    }

    /** A plain visit of a given user and time, sent with an id. */
    private JsonObject visit(String app, String uid, long ts, List<Visit> valid) {
        int scene = SCENES[Draws.rank(Draws.cdf(SCENE_WEIGHTS), rnd.nextDouble())];
        return events(generated(app, new Visit(uid, ts, scene, new String[5]), nextId()), valid).get(0);
    }

    /** The native visit beacon of a visit that counts, with the given id (its UTM values as a utm object). */
    static JsonObject nativeVisit(String app, Visit v, String id) {
        return new JsonObject(NativeBodies.events(generated(app, v, id)).get(0));
    }

    private static dev.scenery.generator.Visit generated(String app, Visit v, String id) {
        Utm utm = Utm.of(v.utm());
        return new dev.scenery.generator.Visit(app, -1, v.uid(), "s-" + v.uid(), id, v.ts(), v.scene(), utm,
                utm.isEmpty() ? dev.scenery.generator.Visit.Launch.PLAIN : dev.scenery.generator.Visit.Launch.UTM_OBJECT, 0);
    }

    private void addBatch(String app, List<JsonObject> chunk) {
        JsonArray body = new JsonArray();
        int accepted = 0;
        int duplicates = 0;
        List<Integer> rejected = new ArrayList<>();
        for (int k = 0; k < chunk.size(); k++) {
            JsonObject e = chunk.get(k);
            body.add(e.containsKey("_raw") ? e.getValue("_raw") : e);
            if (e.containsKey("_raw") || e.containsKey("_invalid")) {
                rejected.add(k);
            } else if (e.containsKey("id") && !sentIds.add(app + "/" + e.getString("id"))) {
                duplicates++;
            } else {
                accepted++;
            }
        }
        String json = body.encode().replace(",\"_invalid\":true", "");
        batches.add(new Batch(app, json, accepted, duplicates, rejected));
    }

    private JsonObject invalid(String app) {
        JsonObject base = new JsonObject().put("type", "visit").put("uid", app + "-bad").put("sid", "s").put("ts", NOW - DAY);
        return switch (rnd.nextInt(12)) {
            case 0 -> base.put("_invalid", true).putNull("uid");
            case 1 -> base.put("_invalid", true).put("type", "bogus");
            case 2 -> base.put("_invalid", true).put("ts", NOW + 11 * 60_000L);
            case 3 -> base.put("_invalid", true).put("ts", NOW - 31 * DAY);
            case 4 -> base.put("_invalid", true).put("ts", "yesterday");
            case 5 -> base.put("_invalid", true).put("scene", "1047");
            case 6 -> base.put("_invalid", true).put("uid", "u".repeat(129));
            case 7 -> {
                base.remove("sid");
                yield base.put("_invalid", true);
            }
            case 8 -> base.put("_invalid", true).put("utm", "wechat");
            case 9 -> new JsonObject().put("_raw", 42);
            case 10 -> base.put("_invalid", true).put("id", "i".repeat(65));
            default -> base.put("_invalid", true).put("ts", 1.5e12);
        };
    }

    private String nextId() {
        return "r" + (idSeq++);
    }
}
