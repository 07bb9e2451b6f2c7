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
 */
public record StoreConfig(Path dataDir, long maxBuckets, long maxUsers, long maxDedupeIds, long minFreeBytes) {
}
