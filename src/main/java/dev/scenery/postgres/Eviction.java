package dev.scenery.postgres;

import dev.scenery.embedded.ChronicleStore;
import dev.scenery.embedded.model.AppClock;
import dev.scenery.embedded.model.BucketKey;
import dev.scenery.embedded.model.BucketValue;
import dev.scenery.embedded.model.Dimension;
import dev.scenery.embedded.model.Granularity;

/** PostgreSQL mode keeps only recent buckets in the embedded store: older ones are read from their rows. */
final class Eviction {
    private Eviction() {
    }

    /**
     * PostgreSQL mode, on the writer thread: removes buckets that ended before the first hour to
     * keep of their app and whose last write is flushed ({@code lastSeq <= watermark}). A day goes
     * once all its hours are before that hour. Late data for a removed bucket creates it again with
     * a new generation, so that its flushed row is never overwritten.
     */
    static int run(ChronicleStore store, long watermark, java.util.function.ToIntFunction<String> firstHourToKeep, int max,
              java.util.function.Consumer<BucketKey> onRemoved) {
        int removed = 0;
        for (String app : java.util.List.copyOf(store.index().apps())) {
            int hour = firstHourToKeep.applyAsInt(app);
            for (Granularity g : Granularity.values()) {
                int before = g == Granularity.HOUR ? hour : AppClock.dayOfHour(hour);
                for (Dimension d : Dimension.values()) {
                    for (java.util.Map.Entry<Integer, java.util.Set<String>> e
                            : java.util.List.copyOf(store.index().before(app, g, d, before).entrySet())) {
                        for (String value : java.util.List.copyOf(e.getValue())) {
                            if (removed >= max) {
                                return removed;
                            }
                            BucketKey key = new BucketKey(app, g, e.getKey(), d, value);
                            byte[] k = key.encode();
                            byte[] stored = store.buckets().get(k);
                            if (stored == null) {
                                store.index().remove(key);
                            } else if (BucketValue.decode(stored).lastSeq <= watermark) {
                                store.buckets().remove(k);
                                store.index().remove(key);
                                store.versions().changed(key);
                                store.usage().addBucketBytes(app, -(k.length + stored.length));
                                onRemoved.accept(key);
                                removed++;
                                dev.scenery.fault.Faults.at(dev.scenery.fault.Faults.Step.EVICT_REMOVED);
                            }
                        }
                    }
                }
            }
        }
        return removed;
    }
}
