package dev.scenery.embedded;

import dev.scenery.embedded.model.BucketKey;
import dev.scenery.embedded.model.Granularity;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A version per app, granularity and time index, raised each time the bucket map changes a bucket
 * of that time (a checkpoint or an eviction, after the change). A reader that reads the versions
 * before the map can cache what it computed and reuse it while the versions stay the same.
 */
public final class Versions {
    private record Slot(String app, Granularity granularity, int time) {
    }

    private final ConcurrentHashMap<Slot, Long> versions = new ConcurrentHashMap<>();
    private final AtomicLong clock = new AtomicLong();

    /** Marks the buckets of one time changed; call after the map holds the change. */
    public void changed(BucketKey key) {
        versions.put(new Slot(key.app(), key.granularity(), key.time()), clock.incrementAndGet());
    }

    public long of(String app, Granularity g, int time) {
        Long v = versions.get(new Slot(app, g, time));
        return v == null ? 0 : v;
    }

    /** The highest version over the times [from, to]. */
    public long max(String app, Granularity g, int from, int to) {
        long max = 0;
        for (int t = from; t <= to; t++) {
            max = Math.max(max, of(app, g, t));
        }
        return max;
    }
}
