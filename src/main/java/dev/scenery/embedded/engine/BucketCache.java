package dev.scenery.embedded.engine;

import dev.scenery.embedded.AppUsage;
import dev.scenery.embedded.ChronicleStore;
import dev.scenery.embedded.log.CheckpointImage;
import dev.scenery.embedded.model.BucketKey;
import dev.scenery.embedded.model.BucketValue;
import dev.scenery.embedded.model.Granularity;
import dev.scenery.embedded.model.Sketches;
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
    /** The entries the last {@link #load} found, in the order {@link #apply} adds to them. */
    private final List<Entry> loaded = new ArrayList<>();
    /** Buckets the last {@link #load} created. */
    private final List<BucketKey> created = new ArrayList<>();
    /** Roughly the bytes of the changed buckets' after-images (sketch sizes as of their first change). */
    private long changedBytes;

    BucketCache(ChronicleStore store, int capacity) {
        this.store = store;
        this.capacity = capacity;
    }

    /**
     * Loads every bucket a plan's tallies count in (reading the map for those not cached; a new
     * bucket is indexed, empty). This is the part of applying a plan that can fail, and it changes
     * no figure: call it before the plan's first-seen records and event ids are stored.
     */
    void load(WritePlan plan) {
        created.clear();
        loaded.clear();
        for (Tally t : plan.tallies) {
            BucketKey.forEachOfVisit(t.app(), t.hour(), t.scene(), t.utm(), key -> loaded.add(entry(key, plan.seq)));
        }
    }

    /**
     * Adds a plan's tallies to the buckets {@link #load} found for them, in the same order (memory
     * only: no key is built or looked up twice).
     */
    void apply(WritePlan plan) {
        int at = 0;
        for (Tally t : plan.tallies) {
            for (int n = bucketsOf(t); n > 0; n--) {
                add(loaded.get(at++), t, plan.seq);
            }
        }
        loaded.clear();
    }

    /** How many buckets {@link BucketKey#forEachOfVisit} gives a tally: all and scene, plus each UTM and combined value, per hour and day. */
    private static int bucketsOf(Tally t) {
        int values = 2;
        for (dev.scenery.beacon.UtmDimension u : dev.scenery.beacon.UtmDimension.all()) {
            if (t.utm().get(u) != null) {
                values++;
            }
        }
        for (dev.scenery.beacon.UtmCombo c : dev.scenery.beacon.UtmCombo.all()) {
            if (t.utm().get(c) != null) {
                values++;
            }
        }
        return values * Granularity.all().length;
    }

    private void add(Entry e, Tally t, long seq) {
        if (!e.changed) {
            e.changed = true;
            changed.add(e);
            changedBytes += BucketKey.HEADER + BucketValue.HEADER + e.keyBytes.length
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
            byte[] stored = store.buckets().get(keyBytes);
            BucketValue value = stored == null ? BucketValue.created(seq) : BucketValue.decode(stored);
            e = new Entry(key, keyBytes, value);
            e.storedBytes = stored == null ? 0 : keyBytes.length + stored.length;
            if (value.sketch != null) {
                e.hll = Hll.fromBytes(value.sketch);
                value.sketch = null;
            }
            if (stored == null) {
                created.add(key);
                store.index().add(key);
                store.addUnsavedNewBuckets(1); // volatile, written by this thread only
            }
            entries.put(key, e);
        }
        return e;
    }

    /** Takes back the new, still empty buckets the last {@link #load} created (its plan was refused). */
    void unload() {
        loaded.clear();
        for (BucketKey key : created) {
            entries.remove(key);
            store.index().remove(key);
            store.addUnsavedNewBuckets(-1);
        }
        created.clear();
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

    /** Changed buckets that are not in the map yet (a checkpoint reserves room for them). */
    int changedNewCount() {
        int n = 0;
        for (Entry e : changed) {
            if (e.storedBytes == 0) {
                n++;
            }
        }
        return n;
    }

    /** The after-image of every changed bucket, for a checkpoint; adds their growth to each app's usage. */
    CheckpointImage afterImages(long seq, AppUsage usage) {
        CheckpointImage image = new CheckpointImage(seq);
        for (Entry e : changed) {
            e.value.sketch = e.hll == null ? null : e.hll.toBytes();
            byte[] value = e.value.encode();
            e.value.sketch = null;
            image.add(e.keyBytes, value);
            long bytes = e.keyBytes.length + value.length;
            usage.addBucketBytes(e.key.app(), bytes - e.storedBytes);
            e.storedBytes = bytes;
        }
        return image;
    }

    /** The checkpoint holding {@link #afterImages} is in the maps: forget the changes, trim to capacity. */
    void saved() {
        for (Entry e : changed) {
            e.changed = false;
            store.versions().changed(e.key);
        }
        changed.clear();
        changedBytes = 0;
        store.clearUnsavedNewBuckets();
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

    private static final class Entry {
        final BucketKey key;
        final byte[] keyBytes;
        final BucketValue value;
        Hll hll;
        boolean changed;
        /** Key and value bytes of the bucket in the map (0: not in the map yet). */
        long storedBytes;

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
