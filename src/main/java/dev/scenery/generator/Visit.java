package dev.scenery.generator;

import dev.scenery.beacon.Utm;

/**
 * One generated visit (a mini-program launch) and what follows it.
 *
 * @param app       the app the visit belongs to
 * @param user      the user's index within the app (0 is the app's first user)
 * @param uid       the user id as sent
 * @param sid       the session id as sent
 * @param eventId   the dedupe id as sent, or null when the visit is sent without one
 * @param ts        epoch millis
 * @param scene     the WeChat scene value, 0 when none is reported
 * @param utm       the promotion values the service must derive ({@link Utm#NONE} when none)
 * @param launch    how the launch carries {@code utm} (a writer renders it accordingly)
 * @param followUps page and custom events the session sends after the launch (they never count as visits)
 */
public record Visit(String app, int user, String uid, String sid, String eventId, long ts, int scene, Utm utm,
                    Launch launch, int followUps) {
    /** The time between the events of a session. */
    public static final long FOLLOW_UP_GAP = 5_000L;

    /** The time of follow-up {@code k} (0 is the first after the launch). */
    public long followUpTs(int k) {
        return ts + (k + 1) * FOLLOW_UP_GAP;
    }

    /** The event id of follow-up {@code k}, or null when the visit has none. */
    public String followUpId(int k) {
        return eventId == null ? null : eventId + "." + (k + 1);
    }

    /** The shapes a launch can carry promotion values in. */
    public enum Launch {
        /** No promotion values. */
        PLAIN,
        /** {@code utm_*} parameters in the launch query string. */
        QUERY_STRING,
        /** {@code utm_*} keys in the launch query given as an object. */
        QUERY_OBJECT,
        /** A {@code utm} object (it overrides any {@code utm_*} of the query). */
        UTM_OBJECT,
        /** Only a Tencent ad click id: the service names the source itself. */
        AD_CLICK
    }
}
