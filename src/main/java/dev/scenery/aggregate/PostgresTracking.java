package dev.scenery.aggregate;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * PostgreSQL mode's view of the writer (writer thread only, except the volatile counters): the
 * buckets written since the flusher last took them, and the last write plan applied.
 */
final class PostgresTracking {
    volatile boolean track;
    volatile int dirtyCount;
    volatile long appliedSeq;
    private final Set<BucketKey> dirty = new HashSet<>();

    /** After a plan: the buckets it changed are those changed in the cache from {@code changedBefore} on. */
    void applied(BucketCache cache, int changedBefore, long seq) {
        if (track) {
            cache.forEachChangedKey(changedBefore, dirty::add);
            dirtyCount = dirty.size();
        }
        appliedSeq = seq;
    }

    DirtyBuckets take(long seq) {
        DirtyBuckets out = new DirtyBuckets(List.copyOf(dirty), seq);
        dirty.clear();
        dirtyCount = 0;
        return out;
    }

    int restore(java.util.Collection<BucketKey> keys) {
        dirty.addAll(keys);
        dirtyCount = dirty.size();
        return dirtyCount;
    }

    /** Marks dirty every stored bucket whose last write is after the watermark (one scan). */
    void markAfter(ChronicleStore store, long watermark) {
        store.buckets.forEach((k, v) -> {
            if (BucketValue.decode(v).lastSeq > watermark) {
                dirty.add(BucketKey.decode(k));
            }
        });
        dirtyCount = dirty.size();
    }
}
