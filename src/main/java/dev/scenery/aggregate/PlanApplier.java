package dev.scenery.aggregate;

import java.util.Map;

/**
 * Applies write plans and checkpoints. A plan's first-seen records and event ids go straight to
 * their maps (whole values: writing them again is harmless); its tallies go to the
 * {@link BucketCache}. A checkpoint writes the after-images of the changed buckets to the bucket
 * map; writing the same {@link RedoRecord} twice gives the same map, so replaying it is safe.
 */
final class PlanApplier {
    private final ChronicleStore store;
    private final BucketCache cache;

    PlanApplier(ChronicleStore store, BucketCache cache) {
        this.store = store;
        this.cache = cache;
    }

    void apply(WritePlan plan) {
        for (Map.Entry<ByteKey, FirstVisit> e : plan.users.entrySet()) {
            store.users.put(e.getKey().bytes(), e.getValue().encode());
        }
        Long at = plan.acceptedAt;
        for (ByteKey event : plan.events.keySet()) {
            store.events.put(event.bytes(), at);
        }
        cache.apply(plan);
    }

    /** Writes a checkpoint's after-images (their keys are in the index already). */
    void checkpoint(RedoRecord redo) {
        for (int i = 0; i < redo.bucketKeys.size(); i++) {
            store.buckets.put(redo.bucketKeys.get(i), redo.bucketValues.get(i));
        }
    }

    /** Writes again a record the journal held at start, indexing its buckets. */
    void replay(RedoRecord redo) {
        for (int i = 0; i < redo.bucketKeys.size(); i++) {
            byte[] key = redo.bucketKeys.get(i);
            store.buckets.put(key, redo.bucketValues.get(i));
            store.index.add(BucketKey.decode(key));
        }
        // records written before checkpoints existed also carry the plan's users and event ids
        for (int i = 0; i < redo.userKeys.size(); i++) {
            store.users.put(redo.userKeys.get(i), redo.userValues.get(i));
        }
        Long at = redo.eventAcceptedAt;
        for (byte[] event : redo.eventKeys) {
            store.events.put(event, at);
        }
    }
}
