package dev.scenery.aggregate;

import dev.scenery.beacon.Utm;

/**
 * A first-seen record as PostgreSQL mode sends it to {@code scenery_first_visits}: the app, the
 * 16-byte registry key ({@link Keys#user}), and the first visit as this node counted it (its
 * scene and UTM values after the per-day budgets, so that moving it moves the same buckets).
 */
public record FirstSeen(String app, byte[] uidKey, long ts, int scene, Utm utm) {
    /** Every new-visitor bucket a first visit at local hour {@code hour} counts in (as the node's own buckets). */
    public static void forEachBucket(String app, int hour, int scene, Utm utm, java.util.function.Consumer<BucketKey> action) {
        BatchPlanner.forEachBucket(app, hour, scene, utm, action);
    }

    static FirstSeen of(byte[] key, FirstVisit v) {
        return new FirstSeen(v.app(), key, v.ts(), v.scene(), v.utm());
    }
}
