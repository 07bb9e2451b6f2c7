package dev.scenery.config;

import java.nio.file.Path;

/**
 * Where the embedded Chronicle Map store lives, where its files start, and what it may take.
 *
 * @param dataDir            folder of the store's files
 * @param initialBuckets     entries of the first bucket map file; more files are added as it fills (not a ceiling)
 * @param initialUsers       entries of the first first-seen registry file (not a ceiling)
 * @param initialEventIdsPerDay entries of a day's first event-id file (not a ceiling)
 * @param maxDiskBytes       most bytes of files under the data directory (0: no budget besides minFreeBytes)
 * @param appShare           share of the store's capacity one app may hold (0.01 to 1)
 * @param minFreeBytes       free disk space below which the store refuses to start or to take writes
 * @param cacheBuckets       buckets the writer keeps decoded on heap (recently written ones)
 * @param checkpointMillis   longest time a written bucket stays in the redo log and on heap only
 *                           before a checkpoint writes it to the bucket map
 * @param sync               what a 202 promises: survives a process crash, or also power loss
 */
public record StoreConfig(Path dataDir, long initialBuckets, long initialUsers, long initialEventIdsPerDay,
                          long maxDiskBytes, double appShare, long minFreeBytes, int cacheBuckets, long checkpointMillis,
                          Sync sync) {

    /** When an acknowledged write is safe. */
    public enum Sync {
        /** In the page cache before the 202: survives a crash or kill of the process, not power loss. */
        PROCESS,
        /** Forced to disk before the 202 (one force per group of batches): survives power loss too. */
        DURABLE
    }
}
