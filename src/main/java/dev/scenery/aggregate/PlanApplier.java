package dev.scenery.aggregate;

import dev.scenery.sketch.Hll;
import java.util.Map;

/**
 * Turns a {@link WritePlan} into the after-images of the entries it changes, and writes them.
 * Writing the same {@link RedoRecord} twice gives the same maps, so a replay is always safe.
 */
final class PlanApplier {
    private final ChronicleStore store;

    PlanApplier(ChronicleStore store) {
        this.store = store;
    }

    /** Reads the current values and computes the new ones; writes nothing. */
    RedoRecord materialize(WritePlan plan) {
        RedoRecord redo = new RedoRecord(plan.seq);
        for (Map.Entry<BucketKey, BucketDelta> e : plan.buckets.entrySet()) {
            byte[] key = e.getKey().encode();
            redo.bucketKeys.add(key);
            redo.bucketValues.add(next(store.buckets.get(key), e.getValue(), plan.seq));
        }
        for (Map.Entry<ByteKey, FirstVisit> e : plan.users.entrySet()) {
            redo.userKeys.add(e.getKey().bytes());
            redo.userValues.add(e.getValue().encode());
        }
        for (ByteKey event : plan.events.keySet()) {
            redo.eventKeys.add(event.bytes());
        }
        redo.eventAcceptedAt = plan.acceptedAt;
        return redo;
    }

    private static byte[] next(byte[] stored, BucketDelta delta, long seq) {
        BucketValue value = stored == null ? BucketValue.created(seq) : BucketValue.decode(stored);
        value.opens += delta.opens;
        value.newVisitors += delta.newVisitors;
        if (delta.hashCount > 0) {
            Hll hll = value.hll();
            for (int i = 0; i < delta.hashCount; i++) {
                hll.add(delta.hashes[i]);
            }
            value.sketch = hll.toBytes();
        }
        value.lastSeq = seq;
        return value.encode();
    }

    void apply(RedoRecord redo) {
        for (int i = 0; i < redo.bucketKeys.size(); i++) {
            byte[] key = redo.bucketKeys.get(i);
            store.buckets.put(key, redo.bucketValues.get(i));
            store.index.add(BucketKey.decode(key));
        }
        for (int i = 0; i < redo.userKeys.size(); i++) {
            store.users.put(redo.userKeys.get(i), redo.userValues.get(i));
        }
        Long at = redo.eventAcceptedAt;
        for (byte[] event : redo.eventKeys) {
            store.events.put(event, at);
        }
    }
}
