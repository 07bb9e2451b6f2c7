package dev.scenery.config;

import java.nio.file.Path;

/**
 * Where and how large the embedded Chronicle Map store is.
 *
 * @param dataDir        folder of the map files
 * @param maxBuckets     capacity of the per-hour and per-day aggregate map (entries)
 * @param maxUsers       capacity of the first-seen registry (distinct users over all apps)
 * @param maxDedupeIds   capacity of the retry-dedupe map (client event ids alive within the TTL)
 * @param minFreeBytes   free disk space below which the store refuses to start or to take writes
 * @param cacheBuckets   buckets the writer keeps decoded on heap (recently written ones)
 * @param checkpointMillis longest time a written bucket stays in the redo log and on heap only
 *                       before a checkpoint writes it to the bucket map
 */
public record StoreConfig(Path dataDir, long maxBuckets, long maxUsers, long maxDedupeIds, long minFreeBytes,
                          int cacheBuckets, long checkpointMillis) {
}
