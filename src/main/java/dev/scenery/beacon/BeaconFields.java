package dev.scenery.beacon;

/** Mutable holder for one native beacon's fields while it is streamed; reused across a batch. */
final class BeaconFields {
    String type;
    String uid;
    String sid;
    String id;
    String path;
    long ts;
    boolean hasTs;
    int scene;
    String query;
    boolean queryIsObject;
    boolean queryAdClick;
    boolean hasUtm;
    final String[] queryValues = new String[5];
    final String[] utmValues = new String[5];
    String error;

    void reset() {
        type = uid = sid = id = path = query = error = null;
        ts = 0;
        hasTs = false;
        scene = 0;
        queryIsObject = queryAdClick = hasUtm = false;
        java.util.Arrays.fill(queryValues, null);
        java.util.Arrays.fill(utmValues, null);
    }

    void fail(String message) {
        if (error == null) {
            error = message;
        }
    }

    /** Returns the first rule this beacon breaks, or null when it is valid. */
    String validate() {
        if (type == null) {
            return "type is required (visit, page or custom)";
        }
        BeaconType t = BeaconType.ofWireName(type);
        if (t == null) {
            return "type must be visit, page or custom";
        }
        String e = length("uid", uid, BeaconLimits.MAX_UID, true);
        if (e == null) {
            e = length("sid", sid, BeaconLimits.MAX_SID, t == BeaconType.VISIT);
        }
        if (e == null) {
            e = length("id", id, BeaconLimits.MAX_ID, false);
        }
        if (e == null && path != null && path.length() > BeaconLimits.MAX_PATH) {
            e = "path is longer than " + BeaconLimits.MAX_PATH + " characters";
        }
        if (e == null && query != null && query.length() > BeaconLimits.MAX_QUERY) {
            e = "query is longer than " + BeaconLimits.MAX_QUERY + " characters";
        }
        if (e == null && !hasTs) {
            e = "ts is required (epoch milliseconds)";
        }
        if (e == null && (scene < 0 || scene > BeaconLimits.MAX_SCENE)) {
            e = "scene must be from 0 to " + BeaconLimits.MAX_SCENE;
        }
        if (e == null) {
            e = utmLengths(utmValues, "utm.");
        }
        if (e == null) {
            e = utmLengths(queryValues, "query.utm_");
        }
        return e;
    }

    private static String utmLengths(String[] values, String prefix) {
        for (UtmDimension d : UtmDimension.all()) {
            String v = values[d.ordinal()];
            if (v != null && v.length() > BeaconLimits.MAX_UTM_VALUE) {
                return prefix + d.wireName() + " is longer than " + BeaconLimits.MAX_UTM_VALUE + " characters";
            }
        }
        return null;
    }

    private static String length(String field, String value, int max, boolean required) {
        if (value == null) {
            return required ? field + " is required" : null;
        }
        if (value.isEmpty()) {
            return field + " must not be empty";
        }
        if (value.length() > max) {
            return field + " is longer than " + max + " characters";
        }
        return null;
    }

    Beacon toBeacon(String adSource) {
        Utm utm;
        if (hasUtm) {
            utm = Utm.of(utmValues);
        } else if (queryIsObject) {
            if (queryAdClick && adSource != null && Utm.blankToNull(queryValues[0]) == null) {
                queryValues[0] = adSource;
            }
            utm = Utm.of(queryValues);
        } else {
            utm = LaunchQuery.utmOf(query, adSource);
            for (UtmDimension d : UtmDimension.all()) {
                String v = utm.get(d);
                if (v != null && v.length() > BeaconLimits.MAX_UTM_VALUE) {
                    utm = truncate(utm);
                    break;
                }
            }
        }
        return new Beacon(BeaconType.ofWireName(type), uid, sid, ts, scene, utm, id);
    }

    private static Utm truncate(Utm utm) {
        String[] v = new String[5];
        for (UtmDimension d : UtmDimension.all()) {
            String s = utm.get(d);
            v[d.ordinal()] = s != null && s.length() > BeaconLimits.MAX_UTM_VALUE ? s.substring(0, BeaconLimits.MAX_UTM_VALUE) : s;
        }
        return Utm.of(v);
    }
}
