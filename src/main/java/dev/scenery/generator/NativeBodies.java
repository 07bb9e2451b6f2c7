package dev.scenery.generator;

import dev.scenery.beacon.Utm;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders generated visits in the native batch format ({@code POST /v1/apps/{app}/beacons}): each
 * visit as its visit beacon, then its follow-up page and custom events. Plain Java (the load kit and
 * the bench compile this package), so the JSON is written here; the service's parser reads it back.
 */
public final class NativeBodies {
    private static final String[] PATHS = {"pages/item/item", "pages/cart/cart", "pages/member/member"};
    private static final String[] CUSTOM_EVENTS = {"add_to_cart", "share", "coupon_claim"};

    private NativeBodies() {
    }

    /** The visits as JSON array bodies of at most {@code maxEvents} events (a visit stays with its follow-ups). */
    public static List<String> batches(List<Visit> visits, int maxEvents) {
        List<String> out = new ArrayList<>();
        List<String> batch = new ArrayList<>();
        for (Visit v : visits) {
            List<String> events = events(v);
            if (!batch.isEmpty() && batch.size() + events.size() > maxEvents) {
                out.add(body(batch));
                batch = new ArrayList<>();
            }
            batch.addAll(events);
        }
        if (!batch.isEmpty()) {
            out.add(body(batch));
        }
        return out;
    }

    /** A JSON array of the given event objects. */
    public static String body(List<String> events) {
        return "[" + String.join(",", events) + "]";
    }

    /** The events of one visit, each a JSON object: the visit, then its follow-ups (page, custom, page...). */
    public static List<String> events(Visit v) {
        List<String> out = new ArrayList<>(1 + v.followUps());
        StringBuilder e = start("visit", v.uid(), v.sid(), v.ts(), v.eventId());
        if (v.scene() != 0) {
            e.append(",\"scene\":").append(v.scene());
        }
        e.append(",\"path\":\"pages/index/index\"");
        launch(e, v);
        out.add(e.append('}').toString());
        for (int k = 0; k < v.followUps(); k++) {
            boolean page = k % 2 == 0;
            StringBuilder f = start(page ? "page" : "custom", v.uid(), v.sid(), v.followUpTs(k), v.followUpId(k));
            String path = page ? PATHS[(k / 2) % PATHS.length] : CUSTOM_EVENTS[(k / 2) % CUSTOM_EVENTS.length];
            out.add(f.append(",\"path\":").append(quote(path)).append('}').toString());
        }
        return out;
    }

    private static StringBuilder start(String type, String uid, String sid, long ts, String id) {
        StringBuilder e = new StringBuilder(160).append("{\"type\":\"").append(type).append("\",\"uid\":").append(quote(uid))
                .append(",\"sid\":").append(quote(sid)).append(",\"ts\":").append(ts);
        if (id != null) {
            e.append(",\"id\":").append(quote(id));
        }
        return e;
    }

    private static void launch(StringBuilder e, Visit v) {
        Utm u = v.utm();
        String[] names = {"source", "medium", "campaign", "content", "term"};
        String[] values = {u.source(), u.medium(), u.campaign(), u.content(), u.term()};
        switch (v.launch()) {
            case PLAIN -> {
            }
            case AD_CLICK -> e.append(",\"query\":\"gdt_vid=wx0").append(Long.toString(Math.abs((long) v.uid().hashCode() * 31 + v.ts()), 36))
                    .append("&weixinadinfo=").append(100000 + Math.floorMod(v.ts(), 900000)).append(".0.0.0\"");
            case QUERY_STRING -> {
                StringBuilder q = new StringBuilder("from=share");
                for (int d = 0; d < 5; d++) {
                    if (values[d] != null) {
                        q.append("&utm_").append(names[d]).append('=').append(URLEncoder.encode(values[d], StandardCharsets.UTF_8));
                    }
                }
                e.append(",\"query\":").append(quote(q.toString()));
            }
            case QUERY_OBJECT -> {
                e.append(",\"query\":{\"shareTicket\":\"x\"");
                for (int d = 0; d < 5; d++) {
                    if (values[d] != null) {
                        e.append(",\"utm_").append(names[d]).append("\":").append(quote(values[d]));
                    }
                }
                e.append('}');
            }
            case UTM_OBJECT -> {
                // the SDK may send both: the utm object must win over the query's utm_source
                e.append(",\"query\":\"utm_source=overridden_by_the_utm_object\",\"utm\":{");
                String sep = "";
                for (int d = 0; d < 5; d++) {
                    if (values[d] != null) {
                        e.append(sep).append('"').append(names[d]).append("\":").append(quote(values[d]));
                        sep = ",";
                    }
                }
                e.append('}');
            }
        }
    }

    /** A JSON string literal. */
    static String quote(String s) {
        StringBuilder q = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                q.append('\\').append(c);
            } else if (c < 0x20) {
                q.append(String.format("\\u%04x", (int) c));
            } else {
                q.append(c);
            }
        }
        return q.append('"').toString();
    }
}
