package dev.scenery.embedded.read;

import com.github.benmanes.caffeine.cache.Cache;
import dev.scenery.config.ReadCacheConfig;
import dev.scenery.metrics.ReadCacheName;
import dev.scenery.embedded.ChronicleStore;
import dev.scenery.embedded.Versions;
import dev.scenery.embedded.engine.AggregateWriter;
import dev.scenery.embedded.model.BucketKey;
import dev.scenery.embedded.model.BucketValue;
import dev.scenery.embedded.model.Dimension;
import dev.scenery.embedded.model.Figures;
import dev.scenery.embedded.model.Granularity;
import dev.scenery.embedded.model.Rollup;
import dev.scenery.embedded.model.StoredBucket;
import dev.scenery.sketch.Hll;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;

/**
 * Reads merged figures out of the embedded store: the one entry point for reads ({@link
 * EmbeddedFigureReader} and PostgreSQL mode both read through it). Blocking (it walks
 * memory-mapped maps, and first waits for the writer to save what it has acknowledged): call it
 * from a worker thread, never from an event loop.
 *
 * <p>Caches keep dashboards fast, all checked against {@link Versions} (read before the map, so
 * an entry computed from a map changing under it is stale at once): the figures of a whole range
 * (the past 7 or 30 days do not change while only today gets data), the merged rollups of a range
 * without its last day (a range that ends today merges one cached rollup per value with today's
 * buckets instead of every day's sketches), and the figures of single buckets (trend points).
 */
public final class AggregateReader {
    private final ChronicleStore store;
    private final AggregateWriter writer;
    /** Weighs its rollups ({@code readCache.rangeRollups}); a whole range's figures weigh 1. */
    private final Cache<RangeKey, CachedRange> ranges;
    private final Cache<BucketKey, CachedPoint> points;

    public AggregateReader(ChronicleStore store, AggregateWriter writer, ReadCacheConfig sizes, ReadCaches caches) {
        this.store = store;
        this.writer = writer;
        this.ranges = caches.create(ReadCacheName.EMBEDDED_RANGES, sizes.rangeRollups(),
                (RangeKey k, CachedRange r) -> r.rollups == null ? 1 : Math.max(1, r.rollups.size()));
        this.points = caches.create(ReadCacheName.EMBEDDED_POINTS, sizes.trendPoints(), (BucketKey k, CachedPoint p) -> 1);
    }

    /** Per value of {@code d}: its figures merged over the buckets [from, to] of granularity g. */
    public Map<String, Figures> totals(String app, Granularity g, Dimension d, int from, int to) {
        writer.awaitSaved();
        long version = store.versions().max(app, g, from, to);
        RangeKey key = new RangeKey(app, g, d, from, to, false);
        CachedRange whole = ranges.getIfPresent(key);
        if (whole != null && whole.version == version) {
            return new HashMap<>(whole.figures);
        }
        Map<String, Figures> out = to <= from ? figuresOf(merged(app, g, d, from, to)) : headAndLast(app, g, d, from, to);
        ranges.put(key, new CachedRange(version, null, Map.copyOf(out)));
        return out;
    }

    private static <K> Map<K, Figures> figuresOf(Map<K, Rollup> rollups) {
        Map<K, Figures> out = new HashMap<>();
        rollups.forEach((value, r) -> out.put(value, r.figures()));
        return out;
    }

    /** [from, to - 1] from the cache (past days rarely change), merged with the last time. */
    private Map<String, Figures> headAndLast(String app, Granularity g, Dimension d, int from, int to) {
        Map<String, Figures> out = new HashMap<>();
        CachedRange head = head(app, g, d, from, to - 1);
        Map<String, Rollup> last = merged(app, g, d, to, to);
        for (Map.Entry<String, Rollup> e : last.entrySet()) {
            Rollup r = e.getValue();
            Rollup h = head.rollups.get(e.getKey());
            if (h != null) {
                r.add(h.opens(), h.newVisitors(), null);
                if (h.sketch() != null) {
                    r.addUnowned(h.sketch());
                }
            }
            out.put(e.getKey(), r.figures());
        }
        head.figures.forEach(out::putIfAbsent);
        return out;
    }

    /** The rollups of [from, to], from the cache while no bucket of those times changed. */
    private CachedRange head(String app, Granularity g, Dimension d, int from, int to) {
        long version = store.versions().max(app, g, from, to);
        RangeKey key = new RangeKey(app, g, d, from, to, true);
        CachedRange cached = ranges.getIfPresent(key);
        if (cached != null && cached.version == version) {
            return cached;
        }
        Map<String, Rollup> rollups = merged(app, g, d, from, to);
        cached = new CachedRange(version, rollups, figuresOf(rollups));
        ranges.put(key, cached);
        return cached;
    }

    private Map<String, Rollup> merged(String app, Granularity g, Dimension d, int from, int to) {
        Map<String, Rollup> out = new HashMap<>();
        for (Map.Entry<Integer, Set<String>> e : store.index().range(app, g, d, from, to).entrySet()) {
            for (String value : e.getValue()) {
                merge(out.computeIfAbsent(value, v -> new Rollup()), new BucketKey(app, g, e.getKey(), d, value));
            }
        }
        return out;
    }

    /**
     * Per group of the values of {@code d} ({@code groupOf}: value to group): the figures of its
     * values merged over [from, to]: opens and new visitors summed, visitors one union of the
     * values' sketches (a visitor of several values of a group counts once). Reuses the cached
     * head rollups of {@link #totals}.
     */
    public Map<String, Figures> groupTotals(String app, Granularity g, Dimension d, int from, int to,
                                            java.util.function.Function<String, String> groupOf) {
        writer.awaitSaved();
        Map<String, Rollup> groups = new HashMap<>();
        if (to > from) {
            head(app, g, d, from, to - 1).rollups.forEach((value, r) -> addUnowned(groups, groupOf.apply(value), r));
        }
        merged(app, g, d, to > from ? to : from, to).forEach((value, r) -> addUnowned(groups, groupOf.apply(value), r));
        return figuresOf(groups);
    }

    /** Per group, per time index in [from, to] that has data: the figures of its values in that bucket. */
    public Map<String, Map<Integer, Figures>> groupSeries(String app, Granularity g, Dimension d, int from, int to,
                                                         java.util.function.Function<String, String> groupOf) {
        writer.awaitSaved();
        Map<String, Map<Integer, Rollup>> groups = new HashMap<>();
        for (Map.Entry<Integer, Set<String>> e : store.index().range(app, g, d, from, to).entrySet()) {
            for (String value : e.getValue()) {
                merge(groups.computeIfAbsent(groupOf.apply(value), k -> new HashMap<>()).computeIfAbsent(e.getKey(), t -> new Rollup()),
                        new BucketKey(app, g, e.getKey(), d, value));
            }
        }
        Map<String, Map<Integer, Figures>> out = new HashMap<>();
        groups.forEach((group, series) -> out.put(group, new HashMap<>(figuresOf(series))));
        return out;
    }

    /** Merges a rollup someone else keeps (cached) into a group's, leaving it as it is. */
    private static void addUnowned(Map<String, Rollup> groups, String group, Rollup r) {
        Rollup into = groups.computeIfAbsent(group, k -> new Rollup());
        into.add(r.opens(), r.newVisitors(), null);
        if (r.sketch() != null) {
            into.addUnowned(r.sketch());
        }
    }

    /** Per value in {@code values}, per time index in [from, to] that has data: its figures. */
    public Map<String, Map<Integer, Figures>> series(String app, Granularity g, Dimension d, int from, int to,
                                                    Collection<String> values) {
        writer.awaitSaved();
        Map<String, Map<Integer, Figures>> out = new HashMap<>();
        NavigableMap<Integer, Set<String>> range = store.index().range(app, g, d, from, to);
        for (String value : values) {
            Map<Integer, Figures> series = new HashMap<>();
            for (Map.Entry<Integer, Set<String>> e : range.entrySet()) {
                if (e.getValue().contains(value)) {
                    Figures f = point(new BucketKey(app, g, e.getKey(), d, value));
                    if (f != null) {
                        series.put(e.getKey(), f);
                    }
                }
            }
            out.put(value, series);
        }
        return out;
    }

    /** One bucket's figures, from the cache while no bucket of its time changed. */
    private Figures point(BucketKey key) {
        long version = store.versions().of(key.app(), key.granularity(), key.time());
        CachedPoint cached = points.getIfPresent(key);
        if (cached != null && cached.version == version) {
            return cached.figures;
        }
        Rollup r = new Rollup();
        if (!merge(r, key)) {
            return null;
        }
        Figures f = r.figures();
        points.put(key, new CachedPoint(version, f));
        return f;
    }

    /**
     * A number that changes whenever a bucket of (app, g) with a time in [from, to] changes in the
     * map (never decreases); read it before reading the buckets to cache what they give.
     */
    public long version(String app, Granularity g, int from, int to) {
        return store.versions().max(app, g, from, to);
    }

    /** Every stored bucket of (app, g, d) with a time index in [from, to], for the PostgreSQL read overlay. */
    public java.util.List<StoredBucket> buckets(String app, Granularity g, Dimension d, int from, int to) {
        writer.awaitSaved();
        java.util.List<StoredBucket> out = new java.util.ArrayList<>();
        for (Map.Entry<Integer, Set<String>> e : store.index().range(app, g, d, from, to).entrySet()) {
            for (String value : e.getValue()) {
                StoredBucket b = bucket(new BucketKey(app, g, e.getKey(), d, value));
                if (b != null) {
                    out.add(b);
                }
            }
        }
        return out;
    }

    /**
     * One stored bucket as of the writer's last checkpoint, or null when the store does not hold it
     * (never written, or evicted). Does not wait: the flusher checkpoints before it reads ({@code WriterLink.takeDirty}).
     */
    public StoredBucket bucket(BucketKey key) {
        byte[] stored = store.buckets().get(key.encode());
        return stored == null ? null : StoredBucket.of(key, stored);
    }

    private boolean merge(Rollup into, BucketKey key) {
        byte[] stored = store.buckets().get(key.encode());
        if (stored == null) {
            return false;
        }
        BucketValue v = BucketValue.decode(stored);
        into.add(v.opens, v.newVisitors, v.sketch == null ? null : Hll.fromBytes(v.sketch));
        return true;
    }

    /** @param withRollups whether the entry keeps the rollups (the head of a longer range) or only figures */
    private record RangeKey(String app, Granularity g, Dimension d, int from, int to, boolean withRollups) {
    }

    /**
     * Figures of a range, and for the head of a longer range its rollups (null for a whole range's
     * result); never changed once cached (merging copies out of them).
     */
    private record CachedRange(long version, Map<String, Rollup> rollups, Map<String, Figures> figures) {
    }

    private record CachedPoint(long version, Figures figures) {
    }
}
