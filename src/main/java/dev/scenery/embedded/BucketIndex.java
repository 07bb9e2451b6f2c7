package dev.scenery.embedded;

import dev.scenery.embedded.model.BucketKey;
import dev.scenery.embedded.model.Dimension;
import dev.scenery.embedded.model.Granularity;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * On-heap index of which bucket keys exist, per app, granularity and dimension, ordered by time,
 * so that a query reads only the entries of its range. Rebuilt from the map at start; the writer
 * adds keys as it creates them. Holds one small entry per bucket.
 */
public final class BucketIndex {
    private final Map<String, NavigableMap<Integer, Set<String>>[]> apps = new ConcurrentHashMap<>();

    public void add(BucketKey key) {
        NavigableMap<Integer, Set<String>>[] slots = apps.computeIfAbsent(key.app(), a -> newSlots());
        slots[slot(key.granularity(), key.dimension())]
                .computeIfAbsent(key.time(), t -> ConcurrentHashMap.newKeySet())
                .add(key.value());
    }

    public void remove(BucketKey key) {
        NavigableMap<Integer, Set<String>>[] slots = apps.get(key.app());
        if (slots == null) {
            return;
        }
        NavigableMap<Integer, Set<String>> times = slots[slot(key.granularity(), key.dimension())];
        Set<String> values = times.get(key.time());
        if (values != null) {
            values.remove(key.value());
            if (values.isEmpty()) {
                times.remove(key.time(), values);
            }
        }
    }

    /** The values of a dimension present in one bucket (empty when none). */
    public Set<String> values(String app, Granularity g, Dimension d, int time) {
        NavigableMap<Integer, Set<String>>[] slots = apps.get(app);
        Set<String> values = slots == null ? null : slots[slot(g, d)].get(time);
        return values == null ? Set.of() : values;
    }

    /** The app ids that have buckets. */
    public Set<String> apps() {
        return apps.keySet();
    }

    /** Time index to the dimension values present, for times before {@code before}. */
    public NavigableMap<Integer, Set<String>> before(String app, Granularity g, Dimension d, int before) {
        NavigableMap<Integer, Set<String>>[] slots = apps.get(app);
        if (slots == null) {
            return new ConcurrentSkipListMap<>();
        }
        return slots[slot(g, d)].headMap(before, false);
    }

    /** Time index to the dimension values present, for times in [from, to]. */
    public NavigableMap<Integer, Set<String>> range(String app, Granularity g, Dimension d, int from, int to) {
        NavigableMap<Integer, Set<String>>[] slots = apps.get(app);
        if (slots == null) {
            return new ConcurrentSkipListMap<>();
        }
        return slots[slot(g, d)].subMap(from, true, to, true);
    }

    private static int slot(Granularity g, Dimension d) {
        return g.ordinal() * Dimension.COUNT + d.ordinal();
    }

    @SuppressWarnings("unchecked")
    private static NavigableMap<Integer, Set<String>>[] newSlots() {
        NavigableMap<Integer, Set<String>>[] slots = new NavigableMap[Granularity.values().length * Dimension.values().length];
        for (int i = 0; i < slots.length; i++) {
            slots[i] = new ConcurrentSkipListMap<>();
        }
        return slots;
    }
}
