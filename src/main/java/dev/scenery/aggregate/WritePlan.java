package dev.scenery.aggregate;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one group of batches changes, computed before anything is written: deltas per bucket, new
 * first-seen records, and accepted event ids. {@link PlanApplier} turns it into after-images.
 */
final class WritePlan {
    final long seq;
    final long acceptedAt;
    final Map<BucketKey, BucketDelta> buckets = new LinkedHashMap<>();
    final Map<ByteKey, FirstVisit> users = new HashMap<>();
    final Map<ByteKey, Boolean> events = new LinkedHashMap<>();
    /** UTM values this plan adds to a day, per (app, DAY, day, dimension, ""): for the per-day cap. */
    final Map<BucketKey, java.util.Set<String>> newUtmValues = new HashMap<>();

    WritePlan(long seq, long acceptedAt) {
        this.seq = seq;
        this.acceptedAt = acceptedAt;
    }

    BucketDelta delta(BucketKey key) {
        return buckets.computeIfAbsent(key, k -> new BucketDelta());
    }

    boolean isEmpty() {
        return buckets.isEmpty() && users.isEmpty() && events.isEmpty();
    }
}
