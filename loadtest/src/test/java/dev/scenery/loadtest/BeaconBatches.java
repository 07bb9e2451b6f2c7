package dev.scenery.loadtest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.scenery.beacon.Beacon;
import dev.scenery.beacon.BeaconType;
import dev.scenery.beacon.GrowingIoBodies;
import dev.scenery.beacon.GrowingIoFormat;
import dev.scenery.beacon.Utm;
import dev.scenery.generator.Draws;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/**
 * Deterministic generator of realistic beacon batches: one batch is what one mini-program session flushes
 * (a visit with its scene and launch query, then page and custom events, now and then a re-launch).
 * Sizes run from 1 to {@link LoadSettings#maxBatch}, skewed towards small batches; scenes follow a Zipf-like
 * distribution over the common WeChat scene values; a part of the visits carries UTM values (as a launch query
 * string or a {@code utm} object) or a Tencent ad click id; users are new or returning.
 *
 * <p>The same settings (seed, run tag, sizes) give the same bodies, batch after batch. Each batch is
 * rendered once, up front, in the wire format the simulation sends.
 */
public final class BeaconBatches {

    /** Wire formats a batch can be rendered in. */
    public enum Wire { NATIVE, GROWINGIO }

    /** Common WeChat scene values, most frequent first (weights fall off as 1/rank^1.1). */
    static final int[] SCENES = {1001, 1089, 1047, 1007, 1008, 1011, 1036, 1035, 1038, 1037, 1043, 1058, 1067,
            1074, 1082, 1095, 1129, 1145, 1154, 1155, 1023, 1005, 1006, 1053, 1027, 1104, 1131, 1044, 1048, 1084};
    private static final String[] SOURCES = {"wechat", "douyin", "xiaohongshu", "weibo", "bilibili", "newsletter",
            "partner_a", "zhihu", "baidu", "partner_b", "kuaishou", "offline"};
    private static final String[] MEDIUMS = {"social", "cpc", "qrcode", "kol", "email", "banner", "poster"};
    private static final String[] CAMPAIGNS = {"spring_sale", "618", "double11", "member_day", "launch_v2",
            "new_user_gift", "back_to_school", "cny2026"};
    private static final String[] CONTENTS = {"banner_a", "banner_b", "video_15s", "video_30s", "feed_card",
            "article_top"};
    private static final String[] TERMS = {"coffee", "奶茶", "discount coupon", "会员", "delivery"};
    private static final String[] PATHS = {"pages/index/index", "pages/goods/detail", "pages/cart/cart",
            "pages/order/confirm", "pages/user/center", "pages/search/search", "pages/activity/landing"};
    private static final String[] CUSTOM_EVENTS = {"add_to_cart", "share", "search", "pay_success", "coupon_claim"};

    private static final JsonFactory JSON = new JsonFactory();
    private static final long MINUTE = 60_000L;
    private static final long HOUR = 60 * MINUTE;
    private static final long DAY = 24 * HOUR;

    private final LoadSettings settings;
    private final Wire wire;
    private final Random random;
    private final double[] sceneCdf;
    private final long now;
    private int next;

    /**
     * @param salt distinguishes generators of one run (a different stream per salt, still deterministic)
     */
    public BeaconBatches(LoadSettings settings, Wire wire, long salt) {
        this.settings = settings;
        this.wire = wire;
        this.random = new Random(settings.seed * 31 + salt);
        this.sceneCdf = Draws.zipfCdf(SCENES.length, 1.1);
        this.now = System.currentTimeMillis();
    }

    /** Generates the next {@code n} batches as feeder records. */
    public List<Map<String, Object>> generate(int n) {
        List<Map<String, Object>> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(next());
        }
        return out;
    }

    /**
     * The next batch as a feeder record: {@code size}, {@code retry}, and for the native wire {@code body}
     * (JSON text), {@code gzip} and {@code gz} (the gzip bytes of body, or an empty array); for GrowingIO
     * {@code body}, {@code format} ("cdp" or "saas") and {@code compressed}.
     */
    public synchronized Map<String, Object> next() {
        int index = next++;
        int size = batchSize();
        boolean newUser = random.nextDouble() < settings.newUserShare;
        String uid = newUser ? "nu-" + settings.runTag + "-" + index
                : "ru-" + (int) (settings.returningUsers * Math.pow(random.nextDouble(), 2)); // active users recur more
        String sid = "s-" + settings.runTag + "-" + index;
        // most batches are fresh, some come late (an app resumed offline), a few are days old
        double age = random.nextDouble();
        long end = now - (age < 0.8 ? (long) (random.nextDouble() * 10 * MINUTE)
                : age < 0.95 ? (long) (random.nextDouble() * 2 * DAY)
                : 2 * DAY + (long) (random.nextDouble() * 23 * DAY));
        long gap = 1_000 + random.nextInt(9_000);

        List<Beacon> beacons = new ArrayList<>(size);
        List<String> rawQueries = new ArrayList<>(size); // the native launch query or null
        List<Boolean> utmAsObject = new ArrayList<>(size);
        List<String> paths = new ArrayList<>(size);
        int scene = scene();
        for (int i = 0; i < size; i++) {
            BeaconType type;
            if (i == 0) {
                type = BeaconType.VISIT;
            } else {
                double t = random.nextDouble();
                type = t < 0.65 ? BeaconType.PAGE : t < 0.95 ? BeaconType.CUSTOM : BeaconType.VISIT;
            }
            long ts = end - (long) (size - 1 - i) * gap;
            String id = settings.runTag + "-" + index + "-" + i;
            Utm utm = Utm.NONE;
            String rawQuery = null;
            boolean asObject = false;
            String path = null;
            if (type == BeaconType.VISIT) {
                if (i > 0) {
                    scene = scene(); // a re-launch from another entry
                }
                double u = random.nextDouble();
                if (u < settings.utmShare) {
                    utm = utm();
                    asObject = random.nextDouble() < 0.3;
                    rawQuery = asObject ? null : launchQuery(utm);
                } else if (u < settings.utmShare + 0.03) {
                    rawQuery = "gdt_vid=wx0" + Long.toString(random.nextLong() & Long.MAX_VALUE, 36) + "&from=ad";
                } else if (u < settings.utmShare + 0.2) {
                    rawQuery = "id=" + random.nextInt(5000); // a launch query without UTM
                }
            } else {
                path = type == BeaconType.PAGE ? PATHS[random.nextInt(PATHS.length)]
                        : CUSTOM_EVENTS[random.nextInt(CUSTOM_EVENTS.length)];
            }
            beacons.add(new Beacon(type, uid, sid, ts, type == BeaconType.VISIT ? scene : 0, utm, id));
            rawQueries.add(rawQuery);
            utmAsObject.add(asObject);
            paths.add(path);
        }

        Map<String, Object> record = new HashMap<>(8);
        record.put("size", size);
        record.put("retry", random.nextDouble() < settings.retryShare);
        if (wire == Wire.NATIVE) {
            String body = renderNative(beacons, rawQueries, utmAsObject, paths);
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
            record.put("body", compressed
                    ? GrowingIoBodies.renderCompressed(beacons, format, settings.gioDomain, null)
                    : GrowingIoBodies.render(beacons, format, settings.gioDomain, null));
        }
        return record;
    }

    /** 1..maxBatch, most batches small: median about an eighth of the maximum, mean about a quarter. */
    private int batchSize() {
        double u = random.nextDouble();
        return 1 + (int) ((settings.maxBatch - 1) * u * u * u + 0.5);
    }

    private int scene() {
        if (random.nextDouble() < 0.01) {
            return 0; // no scene reported
        }
        return SCENES[Draws.rank(sceneCdf, random.nextDouble())];
    }

    private Utm utm() {
        String source = skewed(SOURCES);
        String medium = skewed(MEDIUMS);
        String campaign = random.nextDouble() < 0.7 ? skewed(CAMPAIGNS) : null;
        String content = random.nextDouble() < 0.4 ? CONTENTS[random.nextInt(CONTENTS.length)] : null;
        String term = random.nextDouble() < 0.15 ? TERMS[random.nextInt(TERMS.length)] : null;
        return new Utm(source, medium, campaign, content, term);
    }

    private String skewed(String[] values) {
        double u = random.nextDouble();
        return values[(int) (values.length * u * u)];
    }

    private String launchQuery(Utm utm) {
        StringBuilder q = new StringBuilder();
        q.append("shareTicket=").append(random.nextInt(100_000));
        append(q, "utm_source", utm.source());
        append(q, "utm_medium", utm.medium());
        append(q, "utm_campaign", utm.campaign());
        append(q, "utm_content", utm.content());
        append(q, "utm_term", utm.term());
        return q.toString();
    }

    private static void append(StringBuilder q, String name, String value) {
        if (value != null) {
            q.append('&').append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
    }

    private static String renderNative(List<Beacon> beacons, List<String> rawQueries, List<Boolean> utmAsObject,
                                       List<String> paths) {
        StringWriter out = new StringWriter(beacons.size() * 180 + 2);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartArray();
            for (int i = 0; i < beacons.size(); i++) {
                Beacon b = beacons.get(i);
                g.writeStartObject();
                g.writeStringField("type", b.type().name().toLowerCase(java.util.Locale.ROOT));
                g.writeStringField("uid", b.uid());
                g.writeStringField("sid", b.sid());
                g.writeNumberField("ts", b.ts());
                if (b.isVisit()) {
                    g.writeNumberField("scene", b.scene());
                }
                if (paths.get(i) != null) {
                    g.writeStringField("path", paths.get(i));
                }
                if (rawQueries.get(i) != null) {
                    g.writeStringField("query", rawQueries.get(i));
                } else if (utmAsObject.get(i)) {
                    Utm u = b.utm();
                    g.writeObjectFieldStart("utm");
                    field(g, "source", u.source());
                    field(g, "medium", u.medium());
                    field(g, "campaign", u.campaign());
                    field(g, "content", u.content());
                    field(g, "term", u.term());
                    g.writeEndObject();
                }
                g.writeStringField("id", b.dedupeId());
                g.writeEndObject();
            }
            g.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void field(JsonGenerator g, String name, String value) throws IOException {
        if (value != null) {
            g.writeStringField(name, value);
        }
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
