package dev.scenery.embedded.model;

/**
 * One bucket as the embedded store holds it, with what a flush to PostgreSQL and the read
 * overlay need.
 *
 * @param key         which bucket
 * @param opens       visits counted in it
 * @param newVisitors first visits counted in it (may be negative in a bucket created again after
 *                    eviction, when a first visit moved away from it)
 * @param lastSeq     sequence number of the last write plan that changed it
 * @param generation  sequence number of the write plan that created this incarnation of it
 * @param sketch      visitors sketch (postgresql-hll storage format), or null when no visitor was added
 */
public record StoredBucket(BucketKey key, long opens, long newVisitors, long lastSeq, long generation, byte[] sketch) {

    public static StoredBucket of(BucketKey key, byte[] stored) {
        BucketValue v = BucketValue.decode(stored);
        return new StoredBucket(key, v.opens, v.newVisitors, v.lastSeq, v.generation, v.sketch);
    }
}
