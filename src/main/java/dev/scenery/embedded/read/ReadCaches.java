package dev.scenery.embedded.read;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Weigher;
import dev.scenery.metrics.ReadCacheName;
import java.util.function.BiConsumer;

/** Builds the read caches: bounded by weight, with statistics that {@code /metrics} publishes. */
public final class ReadCaches {
    private final BiConsumer<ReadCacheName, Cache<?, ?>> monitor;

    /** @param monitor registers a cache's statistics (its hit rate) under its name */
    public ReadCaches(BiConsumer<ReadCacheName, Cache<?, ?>> monitor) {
        this.monitor = monitor;
    }

    public <K, V> Cache<K, V> create(ReadCacheName name, long maxWeight, Weigher<K, V> weigher) {
        Cache<K, V> cache = Caffeine.newBuilder().maximumWeight(maxWeight).weigher(weigher).recordStats().build();
        monitor.accept(name, cache);
        return cache;
    }
}
