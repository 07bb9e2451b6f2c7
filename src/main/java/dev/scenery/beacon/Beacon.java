package dev.scenery.beacon;

/**
 * One validated event from a mini-program, whatever wire format it came in.
 *
 * @param type     what kind of event it is; only {@link BeaconType#VISIT} feeds the acquisition figures
 * @param uid      the device or user id (never empty)
 * @param sid      the session id (never empty for a visit; may be null for other types)
 * @param ts       when it happened, epoch milliseconds
 * @param scene    the WeChat scene value, 0 when unknown
 * @param utm      the promotion parameters, {@link Utm#NONE} when the visit carries none
 * @param dedupeId a key that is the same for every retry of this event, or null when the client sent none
 * @param test     test traffic ({@link TestTraffic}): marked by the client, or from one of the app's test scenes;
 *                 counted apart from the app's figures
 */
public record Beacon(BeaconType type, String uid, String sid, long ts, int scene, Utm utm, String dedupeId, boolean test) {

    public Beacon {
        if (utm == null) {
            utm = Utm.NONE;
        }
    }

    /** A beacon that is not marked as test traffic. */
    public Beacon(BeaconType type, String uid, String sid, long ts, int scene, Utm utm, String dedupeId) {
        this(type, uid, sid, ts, scene, utm, dedupeId, false);
    }

    public boolean isVisit() {
        return type == BeaconType.VISIT;
    }

    /** This beacon as test traffic. */
    public Beacon asTest() {
        return test ? this : new Beacon(type, uid, sid, ts, scene, utm, dedupeId, true);
    }
}
