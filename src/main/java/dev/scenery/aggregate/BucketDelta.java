package dev.scenery.aggregate;

import java.util.Arrays;

/** What one write plan adds to one bucket: opens, new visitors (may be negative) and visitor hashes. */
final class BucketDelta {
    long opens;
    long newVisitors;
    long[] hashes = new long[4];
    int hashCount;

    void addHash(long hash) {
        if (hashCount == hashes.length) {
            hashes = Arrays.copyOf(hashes, hashCount * 2);
        }
        hashes[hashCount++] = hash;
    }
}
