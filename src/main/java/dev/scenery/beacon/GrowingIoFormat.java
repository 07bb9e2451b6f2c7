package dev.scenery.beacon;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * The two event layouts the GrowingIO mini-program SDK (3.8) posts: CDP, with long keys
 * ({@code eventType: "VISIT"}, {@code deviceId}, ...), and SaaS, with short keys ({@code t: "vst"}, {@code u}, ...).
 */
public enum GrowingIoFormat {

    /** CDP / 4.x: {@code POST /v3/projects/{accountId}/collect}, optionally LZString-compressed. */
    CDP(new String[] {"eventType", "deviceId", "sessionId", "timestamp", "eventSequenceId", "domain", "dataSourceId",
            "appChannel", "query"},
            "VISIT", "PAGE", "CUSTOM"),

    /** SaaS 3.8: {@code POST /projects/{projectId}/apps/{appId}/collect}, never compressed. */
    SAAS(new String[] {"t", "u", "s", "tm", "esid", "d", null, "ch", "q"},
            "vst", "page", "cstm");

    /** The event fields Scenery reads; everything else is skipped. */
    enum Field {
        EVENT_TYPE, DEVICE_ID, SESSION_ID, TIMESTAMP, SEQUENCE_ID, DOMAIN, DATA_SOURCE_ID, CHANNEL, QUERY
    }

    private final Map<String, Field> fieldsByKey = new HashMap<>();
    private final Map<Field, String> keysByField = new EnumMap<>(Field.class);
    private final String[] typeNames; // in BeaconType order

    GrowingIoFormat(String[] keys, String... typeNames) {
        Field[] fields = Field.values();
        for (int i = 0; i < fields.length; i++) {
            if (keys[i] != null) {
                fieldsByKey.put(keys[i], fields[i]);
                keysByField.put(fields[i], keys[i]);
            }
        }
        this.typeNames = typeNames;
    }

    /** The field a JSON key holds in this format, or null when Scenery ignores it. */
    Field field(String key) {
        return fieldsByKey.get(key);
    }

    /** The JSON key of a field in this format, or null when the format has no such field. */
    String key(Field field) {
        return keysByField.get(field);
    }

    /** The beacon type of an event type name; any other GrowingIO event (close, click, ...) is CUSTOM. */
    BeaconType beaconType(String typeName) {
        for (BeaconType type : BeaconType.values()) {
            if (typeNames[type.ordinal()].equals(typeName)) {
                return type;
            }
        }
        return BeaconType.CUSTOM;
    }

    /** This format's name of a beacon type ("VISIT" or "vst", ...). */
    String typeName(BeaconType type) {
        return typeNames[type.ordinal()];
    }
}
