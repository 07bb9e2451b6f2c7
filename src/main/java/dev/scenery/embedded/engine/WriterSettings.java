package dev.scenery.embedded.engine;

import dev.scenery.config.SceneryConfig;

/**
 * What the writer needs of the configuration.
 *
 * @param queueCapacity      batches queued before ingest sheds load
 * @param maxUtmValuesPerDay budget of distinct values per app, UTM dimension and day
 * @param maxScenesPerDay    budget of distinct scene values per app and day
 * @param cacheBuckets       buckets kept decoded on heap between checkpoints (besides the changed ones)
 * @param checkpointMillis   longest time a changed bucket waits in the cache before it is written to the map
 * @param lateWindowMillis   oldest beacon accepted: event ids of older beacons are forgotten
 * @param futureToleranceMillis how far ahead of now a beacon may be
 * @param appShare           share of the store's capacity one app may hold (1: no per-app limit)
 * @param stopMillis         longest wait for the writer at a stop
 */
public record WriterSettings(int queueCapacity, int maxUtmValuesPerDay, int maxScenesPerDay, int cacheBuckets,
                             long checkpointMillis, long lateWindowMillis, long futureToleranceMillis, double appShare,
                             long stopMillis) {

    public static WriterSettings of(SceneryConfig config) {
        return new WriterSettings(config.limits().writeQueueBatches(), config.limits().maxUtmValuesPerDay(),
                config.limits().maxScenesPerDay(), config.store().cacheBuckets(), config.store().checkpointMillis(),
                config.limits().lateWindowMillis(), config.limits().futureToleranceMillis(), config.store().appShare(), 3000);
    }
}
