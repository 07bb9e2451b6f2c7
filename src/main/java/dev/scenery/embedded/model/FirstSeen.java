package dev.scenery.embedded.model;

import dev.scenery.beacon.Utm;

/**
 * A first-seen record as PostgreSQL mode sends it to {@code scenery_first_visits}: the app, the
 * 16-byte registry key ({@link Keys#user}), and the first visit as this node counted it (its
 * scene and UTM values after the per-day budgets, so that moving it moves the same buckets).
 */
public record FirstSeen(String app, byte[] uidKey, long ts, int scene, Utm utm) {
    public static FirstSeen of(byte[] key, FirstVisit v) {
        return new FirstSeen(v.app(), key, v.ts(), v.scene(), v.utm());
    }
}
