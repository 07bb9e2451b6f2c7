package dev.scenery.loadtest;

import dev.scenery.beacon.GrowingIoBodies;
import dev.scenery.beacon.GrowingIoFormat;
import dev.scenery.beacon.Utm;
import dev.scenery.generator.Draws;
import dev.scenery.generator.NativeBodies;
import dev.scenery.generator.UtmChoice;
import dev.scenery.generator.Visit;
import dev.scenery.generator.VisitGenerator;
import dev.scenery.generator.VisitProfile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/**
 * Realistic beacon batches from the shared generator ({@link VisitGenerator}, this kit's profile): one batch
 * is what one mini-program session flushes (a visit with its scene and launch query, then page and custom
 * events). Sizes run from 1 to {@link LoadSettings#maxBatch}, skewed towards small batches; scenes follow a
 * Zipf-like distribution over the common WeChat scene values; a part of the visits carries UTM values (as a
 * launch query string or a {@code utm} object) or a Tencent ad click id; users are new or returning; most
 * sessions are fresh, the others up to 25 days old (an app resumed offline).
 *
 * <p>The same settings (seed, run tag, sizes) and salt give the same bodies. Each batch is rendered once, up
 * front, in the wire format the simulation sends.
 */
public final class BeaconBatches {

    /** Wire formats a batch can be rendered in. */
    public enum Wire { NATIVE, GROWINGIO }

    /** Common WeChat scene values, most frequent first (weights fall off as 1/rank^1.1). */
    static final int[] SCENES = {1001, 1089, 1047, 1007, 1008, 1011, 1036, 1035, 1038, 1037, 1043, 1058, 1067,
            1074, 1082, 1095, 1129, 1145, 1154, 1155, 1023, 1005, 1006, 1053, 1027, 1104, 1131, 1044, 1048, 1084};
    private static final String[][] UTM_VALUES = {
            {"wechat", "douyin", "xiaohongshu", "weibo", "bilibili", "newsletter", "partner_a", "zhihu", "baidu",
                    "partner_b", "kuaishou", "offline"},
            {"social", "cpc", "qrcode", "kol", "email", "banner", "poster"},
            {"spring_sale", "618", "double11", "member_day", "launch_v2", "new_user_gift", "back_to_school", "cny2026"},
            {"banner_a", "banner_b", "video_15s", "video_30s", "feed_card", "article_top"},
            {"coffee", "奶茶", "discount coupon", "会员", "delivery"}};
    private static final double[] UTM_PRESENCE = {1, 1, 0.7, 0.4, 0.15};
    /** Visits with only a Tencent ad click id, besides those with UTM values. */
    private static final double AD_CLICK_SHARE = 0.03;
    private static final long MINUTE = 60_000L;
    private static final long DAY = 24 * 60 * MINUTE;

    private final LoadSettings settings;
    private final Wire wire;
    private final long salt;
    private final Random random;
    private final Deque<Map<String, Object>> spare = new ArrayDeque<>();
    private int chunk;

    /**
     * @param salt distinguishes generators of one run (a different stream per salt, still deterministic)
     */
    public BeaconBatches(LoadSettings settings, Wire wire, long salt) {
        this.settings = settings;
        this.wire = wire;
        this.salt = salt;
        this.random = new Random(settings.seed * 31 + salt);
    }

    /**
     * {@code n} batches as feeder records: {@code size}, {@code retry}, and for the native wire {@code body}
     * (JSON text), {@code gzip} and {@code gz} (the gzip bytes of body, or an empty array); for GrowingIO
     * {@code body}, {@code format} ("cdp" or "saas") and {@code compressed}.
     */
    public synchronized List<Map<String, Object>> generate(int n) {
        List<Map<String, Object>> out = new ArrayList<>(n);
        for (Visit session : VisitGenerator.visits(profile(n, chunk++))) {
            out.add(record(session));
        }
        return out;
    }

    /** One more record, for a run that sends more than was generated up front (a chunk at a time). */
    public synchronized Map<String, Object> next() {
        if (spare.isEmpty()) {
            spare.addAll(generate(1000));
        }
        return spare.poll();
    }

    /** The sessions of one chunk; users and ids name the run, the salt and the chunk, so no two chunks share them. */
    private VisitProfile profile(int sessions, int chunkIndex) {
        String tag = "-" + settings.runTag + "-" + salt + "." + chunkIndex + "-";
        int[] scenes = Arrays.copyOf(SCENES, SCENES.length + 1); // and 0: no scene reported, 1 % of the visits
        double[] sceneWeights = Arrays.copyOf(Draws.zipf(SCENES.length, 1.1), SCENES.length + 1);
        sceneWeights[SCENES.length] = Arrays.stream(sceneWeights).sum() / 99;
        List<UtmChoice> combos = new ArrayList<>();
        for (UtmChoice c : UtmChoice.cross(UTM_VALUES, UTM_PRESENCE)) {
            combos.add(new UtmChoice(c.utm(), c.weight() * settings.utmShare, false));
        }
        combos.add(new UtmChoice(new Utm("tencent_ads", null, null, null, null), AD_CLICK_SHARE, true));
        // 90 % of the sessions send more than their visit: size 1 + maxBatch·u³ (median about an eighth of it)
        return new VisitProfile().seed((settings.seed * 31 + salt) * 1_000_003L + chunkIndex)
                .app(settings.app, settings.timeZone, settings.gioDomain, settings.returningUsers + sessions, sessions)
                .window(25 * DAY, System.currentTimeMillis()).recent(0.8, 10 * MINUTE).scenes(scenes, sceneWeights)
                .utm(settings.utmShare + AD_CLICK_SHARE, combos).launches(7, 0, 3)
                .newUsers(settings.newUserShare, 2).uids(tag).ids(1, tag.substring(1))
                .followUps(0.9, Math.max(1, settings.maxBatch - 1), 3);
    }

    private Map<String, Object> record(Visit session) {
        int size = 1 + session.followUps();
        Map<String, Object> record = new HashMap<>(8);
        record.put("size", size);
        record.put("retry", random.nextDouble() < settings.retryShare);
        if (wire == Wire.NATIVE) {
            String body = NativeBodies.body(NativeBodies.events(session));
            boolean gzip = size >= 10 && random.nextDouble() < settings.gzipShare;
            record.put("body", body);
            record.put("gzip", gzip);
            record.put("gz", gzip ? gzip(body) : new byte[0]);
        } else {
            boolean saas = random.nextDouble() < settings.gioSaasShare;
            boolean compressed = !saas && random.nextDouble() < settings.gioCompressShare;
            GrowingIoFormat format = saas ? GrowingIoFormat.SAAS : GrowingIoFormat.CDP;
            record.put("format", saas ? "saas" : "cdp");
            record.put("compressed", compressed);
            List<dev.scenery.beacon.Beacon> beacons = GrowingIoBodies.beacons(List.of(session));
            record.put("body", compressed
                    ? GrowingIoBodies.renderCompressed(beacons, format, settings.gioDomain, null)
                    : GrowingIoBodies.render(beacons, format, settings.gioDomain, null));
        }
        return record;
    }

    static byte[] gzip(String body) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(body.length() / 4 + 64);
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(body.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
