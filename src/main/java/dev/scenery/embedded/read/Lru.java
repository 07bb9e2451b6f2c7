package dev.scenery.embedded.read;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.function.ToIntFunction;

/**
 * A synchronized least-recently-used map that holds at most {@code capacity} in total weight
 * (each value weighs what the weigher says; a value heavier than the capacity is not kept).
 * The read caches use it.
 */
public final class Lru<K, V> {
    private final LinkedHashMap<K, V> map = new LinkedHashMap<>(16, 0.75f, true);
    private final int capacity;
    private final ToIntFunction<V> weigher;
    private long weight;

    public Lru(int capacity, ToIntFunction<V> weigher) {
        this.capacity = capacity;
        this.weigher = weigher;
    }

    public synchronized V get(K key) {
        return map.get(key);
    }

    public synchronized void put(K key, V value) {
        int w = weigher.applyAsInt(value);
        if (w > capacity) {
            return;
        }
        V old = map.put(key, value);
        weight += w - (old == null ? 0 : weigher.applyAsInt(old));
        Iterator<V> it = map.values().iterator();
        while (weight > capacity && it.hasNext()) {
            weight -= weigher.applyAsInt(it.next());
            it.remove();
        }
    }
}
