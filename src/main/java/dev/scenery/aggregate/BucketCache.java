package dev.scenery.aggregate;

import dev.scenery.sketch.Hll;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * The writer's on-heap copy of the buckets it wrote recently, with their visitor sketches kept
 * decoded. Write plans change these copies only; a checkpoint writes every changed one to the
 * maps. So a hot bucket (this hour and day of the big scenes) is decoded once and re-encoded
 * once per checkpoint, not once per batch. Holds at most about {@code capacity} buckets besides
 * those changed since the last checkpoint, evicting the least recently written. Writer thread only.
 */
final class BucketCache {
    private final ChronicleStore store;
    private final int capacity;
    private final LinkedHashMap<BucketKey, Entry> entries = new LinkedHashMap<>(1024, 0.75f, true);
    /** Entries changed since the last checkpoint, in the order they were first changed. */
    private final List<Entry> changed = new ArrayList<>();
    /** Roughly the bytes of the changed buckets' after-images (sketch sizes as of their first change). */
    private long changedBytes;

    BucketCache(ChronicleStore store, int capacity) {
        this.store = store;
        this.capacity = capacity;
    }

    /** Adds a plan's tallies to the buckets they count in. */
    void apply(WritePlan plan) {
        for (Tally t : plan.tallies) {
            BatchPlanner.forEachBucket(t.app(), t.hour(), t.scene(), t.utm(), key -> add(entry(key, plan.seq), t, plan.seq));
        }
    }

    private void add(Entry e, Tally t, long seq) {
        if (!e.changed) {
            e.changed = true;
            changed.add(e);
            changedBytes += BucketKey.HEADER + BucketValue.HEADER_2 + e.keyBytes.length
                    + (e.hll == null ? 0 : e.hll.storageBytes());
        }
        if (t.visit()) {
            e.value.opens++;
            if (e.hll == null) {
                e.hll = Sketches.create();
            }
            e.hll.add(t.uidHash());
        }
        e.value.newVisitors += t.newVisitors();
        e.value.lastSeq = seq;
    }

    private Entry entry(BucketKey key, long seq) {
        Entry e = entries.get(key);
        if (e == null) {
            byte[] keyBytes = key.encode();
            byte[] stored = store.buckets.get(keyBytes);
            BucketValue value = stored == null ? BucketValue.created(seq) : BucketValue.decode(stored);
            e = new Entry(key, keyBytes, value);
            if (value.sketch != null) {
                e.hll = Hll.fromBytes(value.sketch);
                value.sketch = null;
            }
            if (stored == null) {
                store.index.add(key);
                store.unsavedNewBuckets++; // volatile, written by this thread only
            }
            entries.put(key, e);
        }
        return e;
    }

    /** Buckets changed since the last checkpoint. */
    int changedCount() {
        return changed.size();
    }

    long changedBytes() {
        return changedBytes;
    }

    /** The keys of the buckets changed since the last checkpoint, from position {@code from} on. */
    void forEachChangedKey(int from, java.util.function.Consumer<BucketKey> action) {
        for (int i = from; i < changed.size(); i++) {
            action.accept(changed.get(i).key);
        }
    }

    /** The after-image of every changed bucket, for a checkpoint. */
    RedoRecord afterImages(long seq) {
        RedoRecord redo = new RedoRecord(seq);
        for (Entry e : changed) {
            e.value.sketch = e.hll == null ? null : e.hll.toBytes();
            redo.bucketKeys.add(e.keyBytes);
            redo.bucketValues.add(e.value.encode());
            e.value.sketch = null;
        }
        return redo;
    }

    /** The checkpoint holding {@link #afterImages} is in the maps: forget the changes, trim to capacity. */
    void saved() {
        for (Entry e : changed) {
            e.changed = false;
            store.versions.changed(e.key);
        }
        changed.clear();
        changedBytes = 0;
        store.unsavedNewBuckets = 0;
        trim();
    }

    /** Drops unchanged entries, least recently written first, down to the capacity. */
    void trim() {
        Iterator<Entry> it = entries.values().iterator();
        while (entries.size() > capacity && it.hasNext()) {
            if (!it.next().changed) {
                it.remove();
            }
        }
    }

    /** Forgets a bucket removed from the store (it must not be changed since the last checkpoint). */
    void remove(BucketKey key) {
        Entry e = entries.get(key);
        if (e != null && !e.changed) {
            entries.remove(key);
        }
    }

    int size() {
        return entries.size();
    }

    private static final class Entry {
        final BucketKey key;
        final byte[] keyBytes;
        final BucketValue value;
        Hll hll;
        boolean changed;

        Entry(BucketKey key, byte[] keyBytes, BucketValue value) {
            this.key = key;
            this.keyBytes = keyBytes;
            this.value = value;
        }
    }

    @Override
    public String toString() {
        return "BucketCache[" + entries.size() + " entries, " + changed.size() + " changed]";
    }
}
