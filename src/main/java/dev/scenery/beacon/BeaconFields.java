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
    boolean test;
    final String[] queryValues = new String[5];
    final String[] utmValues = new String[5];
    String error;
    RejectReason reason;

    void reset() {
        type = uid = sid = id = path = query = error = null;
        reason = null;
        ts = 0;
        hasTs = false;
        scene = 0;
        queryIsObject = queryAdClick = hasUtm = test = false;
        java.util.Arrays.fill(queryValues, null);
        java.util.Arrays.fill(utmValues, null);
    }

    /** Records the first problem only: the message and code a client and the metrics see. */
    void fail(RejectReason why, String message) {
        if (error == null) {
            error = message;
            reason = why;
        }
    }

    /** Records the first rule this beacon breaks with {@link #fail}; {@link #error} stays null when it is valid. */
    void validate() {
        if (type == null) {
            fail(RejectReason.MISSING_FIELD, "type is required (visit, page or custom)");
            return;
        }
        BeaconType t = BeaconType.ofWireName(type);
        if (t == null) {
            fail(RejectReason.UNKNOWN_TYPE, "type must be visit, page or custom");
            return;
        }
        length("uid", uid, BeaconLimits.MAX_UID, true);
        length("sid", sid, BeaconLimits.MAX_SID, t == BeaconType.VISIT);
        length("id", id, BeaconLimits.MAX_ID, false);
        if (path != null && path.length() > BeaconLimits.MAX_PATH) {
            fail(RejectReason.TOO_LONG, "path is longer than " + BeaconLimits.MAX_PATH + " characters");
        }
        if (query != null && query.length() > BeaconLimits.MAX_QUERY) {
            fail(RejectReason.TOO_LONG, "query is longer than " + BeaconLimits.MAX_QUERY + " characters");
        }
        if (!hasTs) {
            fail(RejectReason.MISSING_FIELD, "ts is required (epoch milliseconds)");
        }
        if (scene < 0 || scene > BeaconLimits.MAX_SCENE) {
            fail(RejectReason.BAD_SCENE, "scene must be from 0 to " + BeaconLimits.MAX_SCENE);
        }
        utmLengths(utmValues, "utm.");
        utmLengths(queryValues, "query.utm_");
    }

    private void utmLengths(String[] values, String prefix) {
        for (UtmDimension d : UtmDimension.all()) {
            String v = values[d.ordinal()];
            if (v != null && v.length() > BeaconLimits.MAX_UTM_VALUE) {
                fail(RejectReason.TOO_LONG, prefix + d.wireName() + " is longer than " + BeaconLimits.MAX_UTM_VALUE + " characters");
                return;
            }
        }
    }

    private void length(String field, String value, int max, boolean required) {
        if (value == null) {
            if (required) {
                fail(RejectReason.MISSING_FIELD, field + " is required");
            }
        } else if (value.isEmpty()) {
            fail(RejectReason.EMPTY_FIELD, field + " must not be empty");
        } else if (value.length() > max) {
            fail(RejectReason.TOO_LONG, field + " is longer than " + max + " characters");
        }
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
        return new Beacon(BeaconType.ofWireName(type), uid, sid, ts, scene, utm, id, test);
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
