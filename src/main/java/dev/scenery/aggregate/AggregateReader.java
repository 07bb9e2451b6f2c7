package dev.scenery.aggregate;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;

/**
 * Reads merged figures out of the embedded store. Blocking (it walks memory-mapped maps, and first
 * waits for the writer to save what it has acknowledged): call it from a worker thread, never from
 * an event loop.
 */
public final class AggregateReader {
    private final ChronicleStore store;
    private final AggregateWriter writer;

    public AggregateReader(ChronicleStore store, AggregateWriter writer) {
        this.store = store;
        this.writer = writer;
    }

    /** Per value of {@code d}: its figures merged over the buckets [from, to] of granularity g. */
    public Map<String, Figures> totals(String app, Granularity g, Dimension d, int from, int to) {
        writer.awaitSaved();
        Map<String, Figures> out = new HashMap<>();
        merged(app, g, d, from, to).forEach((value, rollup) -> out.put(value, rollup.figures()));
        return out;
    }

    /** Like {@link #totals} but with the merged sketches, for callers that merge further. */
    public Map<String, Rollup> rollups(String app, Granularity g, Dimension d, int from, int to) {
        writer.awaitSaved();
        return merged(app, g, d, from, to);
    }

    private Map<String, Rollup> merged(String app, Granularity g, Dimension d, int from, int to) {
        Map<String, Rollup> out = new HashMap<>();
        for (Map.Entry<Integer, Set<String>> e : store.index.range(app, g, d, from, to).entrySet()) {
            for (String value : e.getValue()) {
                merge(out.computeIfAbsent(value, v -> new Rollup()), new BucketKey(app, g, e.getKey(), d, value));
            }
        }
        return out;
    }

    /** Per value in {@code values}, per time index in [from, to] that has data: its figures. */
    public Map<String, Map<Integer, Figures>> series(String app, Granularity g, Dimension d, int from, int to,
                                                    Collection<String> values) {
        writer.awaitSaved();
        Map<String, Map<Integer, Figures>> out = new HashMap<>();
        NavigableMap<Integer, Set<String>> range = store.index.range(app, g, d, from, to);
        for (String value : values) {
            Map<Integer, Figures> points = new HashMap<>();
            for (Map.Entry<Integer, Set<String>> e : range.entrySet()) {
                if (e.getValue().contains(value)) {
                    Rollup r = new Rollup();
                    merge(r, new BucketKey(app, g, e.getKey(), d, value));
                    points.put(e.getKey(), r.figures());
                }
            }
            out.put(value, points);
        }
        return out;
    }

    /** Every stored bucket of (app, g, d) with a time index in [from, to], for the PostgreSQL read overlay. */
    public java.util.List<StoredBucket> buckets(String app, Granularity g, Dimension d, int from, int to) {
        writer.awaitSaved();
        java.util.List<StoredBucket> out = new java.util.ArrayList<>();
        for (Map.Entry<Integer, Set<String>> e : store.index.range(app, g, d, from, to).entrySet()) {
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
     * (never written, or evicted). Does not wait: {@link AggregateWriter#takeDirty} checkpoints.
     */
    public StoredBucket bucket(BucketKey key) {
        byte[] stored = store.buckets.get(key.encode());
        return stored == null ? null : StoredBucket.of(key, stored);
    }

    private void merge(Rollup into, BucketKey key) {
        byte[] stored = store.buckets.get(key.encode());
        if (stored != null) {
            BucketValue v = BucketValue.decode(stored);
            into.add(v.opens, v.newVisitors, v.sketch == null ? null : dev.scenery.sketch.Hll.fromBytes(v.sketch));
        }
    }
}
