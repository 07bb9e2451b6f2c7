package dev.scenery.beacon;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.scenery.beacon.GrowingIoFormat.Field;
import java.io.IOException;

/** Reads one GrowingIO event object and checks it; the first problem found is its rejection reason. */
final class GrowingIoEvent {

    /** The most characters of the event type, appId, data source id and channel. */
    static final int MAX_NAME = 128;
    private static final String SCENE_PREFIX = "scn:";

    private final GrowingIoFormat format;
    private final String[] values = new String[Field.values().length];
    private long timestamp;
    private String problem;
    private RejectReason reason;

    private GrowingIoEvent(GrowingIoFormat format) {
        this.format = format;
    }

    /** Reads the object the parser is at (its START_OBJECT is current) up to and including its END_OBJECT. */
    static GrowingIoEvent read(JsonParser p, GrowingIoFormat format) throws IOException {
        GrowingIoEvent event = new GrowingIoEvent(format);
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            Field field = format.field(p.currentName());
            JsonToken token = p.nextToken();
            if (field == null || token == JsonToken.VALUE_NULL) {
                p.skipChildren();
            } else {
                event.take(field, token, p);
            }
        }
        return event;
    }

    private void take(Field field, JsonToken token, JsonParser p) throws IOException {
        if (field == Field.TIMESTAMP) {
            takeTimestamp(token, p);
        } else if (token == JsonToken.VALUE_STRING
                || (field == Field.SEQUENCE_ID && token == JsonToken.VALUE_NUMBER_INT)) {
            values[field.ordinal()] = p.getText();
        } else {
            p.skipChildren();
            reject(RejectReason.BAD_TYPE, format.key(field) + " must be a string");
        }
    }

    private void takeTimestamp(JsonToken token, JsonParser p) throws IOException {
        String text = token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_STRING ? p.getText() : null;
        if (text == null || text.isEmpty() || text.length() > 18 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            p.skipChildren();
            reject(RejectReason.BAD_TS, format.key(Field.TIMESTAMP) + " must be a positive integer (epoch milliseconds)");
            return;
        }
        timestamp = Long.parseLong(text);
        values[Field.TIMESTAMP.ordinal()] = text;
    }

    /** Why this event must be dropped, or null when it is fine. */
    String problem() {
        if (problem == null) {
            check();
        }
        return problem;
    }

    private void check() {
        require(Field.EVENT_TYPE, MAX_NAME);
        require(Field.DEVICE_ID, BeaconLimits.MAX_UID);
        require(Field.TIMESTAMP, 18);
        if (problem == null && timestamp <= 0) {
            reject(RejectReason.BAD_TS, format.key(Field.TIMESTAMP) + " must be a positive integer (epoch milliseconds)");
        }
        if (problem == null && type() == BeaconType.VISIT) {
            require(Field.SESSION_ID, BeaconLimits.MAX_SID);
        }
        limit(Field.SESSION_ID, BeaconLimits.MAX_SID);
        limit(Field.SEQUENCE_ID, BeaconLimits.MAX_ID);
        limit(Field.DOMAIN, MAX_NAME);
        limit(Field.DATA_SOURCE_ID, MAX_NAME);
        limit(Field.CHANNEL, MAX_NAME);
        limit(Field.QUERY, BeaconLimits.MAX_QUERY);
    }

    private void require(Field field, int maxChars) {
        if (problem == null && isBlank(value(field))) {
            String key = format.key(field);
            reject(RejectReason.MISSING_FIELD, key + (field == Field.SESSION_ID ? " is required for a visit" : " is required"));
        }
        limit(field, maxChars);
    }

    private void limit(Field field, int maxChars) {
        String value = value(field);
        if (problem == null && value != null && value.length() > maxChars) {
            reject(RejectReason.TOO_LONG, format.key(field) + " is longer than " + maxChars + " characters");
        }
    }

    private void reject(RejectReason why, String message) {
        if (problem == null) {
            problem = message;
            reason = why;
        }
    }

    /** The code of {@link #problem()}; call it after that. */
    RejectReason reason() {
        return reason;
    }

    /** The accepted entry; only call it when {@link #problem()} is null. */
    GrowingIoBatch.Entry toEntry(String adSource) {
        String eventType = value(Field.EVENT_TYPE);
        String uid = value(Field.DEVICE_ID);
        String sid = isBlank(value(Field.SESSION_ID)) ? null : value(Field.SESSION_ID);
        String sequence = value(Field.SEQUENCE_ID);
        String dedupeId = isBlank(sequence) ? null
                : "gio|" + eventType + "|" + uid + "|" + (sid == null ? "" : sid) + "|" + sequence;
        Beacon beacon = new Beacon(type(), uid, sid, timestamp, scene(value(Field.CHANNEL)),
                utm(value(Field.QUERY), adSource), dedupeId);
        return new GrowingIoBatch.Entry(beacon, eventType, blankToNull(value(Field.DOMAIN)),
                blankToNull(value(Field.DATA_SOURCE_ID)));
    }

    /** The UTM values of the launch query, each cut to {@link BeaconLimits#MAX_UTM_VALUE} like native beacons. */
    private static Utm utm(String query, String adSource) {
        Utm utm = LaunchQuery.utmOf(query, adSource);
        String[] values = new String[UtmDimension.all().length];
        boolean cut = false;
        for (UtmDimension d : UtmDimension.all()) {
            String v = utm.get(d);
            cut |= v != null && v.length() > BeaconLimits.MAX_UTM_VALUE;
            values[d.ordinal()] = v == null || v.length() <= BeaconLimits.MAX_UTM_VALUE
                    ? v : v.substring(0, BeaconLimits.MAX_UTM_VALUE);
        }
        return cut ? Utm.of(values) : utm;
    }

    private BeaconType type() {
        return format.beaconType(value(Field.EVENT_TYPE));
    }

    /**
     * The scene of an {@code appChannel} / {@code ch} value such as "scn:1047"; 0 for "scn:NA", a value past
     * {@link BeaconLimits#MAX_SCENE} or anything else.
     */
    static int scene(String channel) {
        if (channel == null) {
            return 0;
        }
        int start = channel.startsWith(SCENE_PREFIX) ? SCENE_PREFIX.length() : 0;
        int len = channel.length() - start;
        if (len < 1 || len > 5) {
            return 0;
        }
        int scene = 0;
        for (int i = start; i < channel.length(); i++) {
            char c = channel.charAt(i);
            if (c < '0' || c > '9') {
                return 0;
            }
            scene = scene * 10 + (c - '0');
        }
        return scene <= BeaconLimits.MAX_SCENE ? scene : 0;
    }

    private String value(Field field) {
        return values[field.ordinal()];
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    private static String blankToNull(String s) {
        return isBlank(s) ? null : s;
    }
}
