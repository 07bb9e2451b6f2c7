package dev.scenery.embedded.model;

import java.nio.ByteBuffer;

/**
 * Byte layout of an aggregate map value: opens (8 bytes), new visitors (8), the sequence number
 * of the last write plan applied to it (8), the layout version {@value #LAYOUT} (1), the
 * generation (8: the sequence number of the write plan that created this entry), then the
 * visitors sketch in postgresql-hll storage format (the rest; absent while no visitor was added).
 */
public final class BucketValue {
    static final byte LAYOUT = 0x02;
    /** Bytes before the sketch. */
    public static final int HEADER = 8 + 8 + 8 + 1 + 8;

    public long opens;
    public long newVisitors;
    public long lastSeq;
    /** Which incarnation of the bucket this is: a bucket evicted and created again gets a new one. */
    public long generation;
    public byte[] sketch;

    /** A new, empty bucket created by the write plan {@code seq}. */
    public static BucketValue created(long seq) {
        BucketValue v = new BucketValue();
        v.generation = seq;
        return v;
    }

    public static BucketValue decode(byte[] b) {
        ByteBuffer buf = ByteBuffer.wrap(b);
        BucketValue v = new BucketValue();
        v.opens = buf.getLong();
        v.newVisitors = buf.getLong();
        v.lastSeq = buf.getLong();
        if (buf.get() != LAYOUT) {
            throw new IllegalStateException("a bucket value of an unknown layout (" + b[24] + ")");
        }
        v.generation = buf.getLong();
        if (b.length > HEADER) {
            v.sketch = new byte[b.length - HEADER];
            System.arraycopy(b, HEADER, v.sketch, 0, v.sketch.length);
        }
        return v;
    }

    public byte[] encode() {
        int sketchLen = sketch == null ? 0 : sketch.length;
        ByteBuffer buf = ByteBuffer.allocate(HEADER + sketchLen);
        buf.putLong(opens).putLong(newVisitors).putLong(lastSeq).put(LAYOUT).putLong(generation);
        if (sketch != null) {
            buf.put(sketch);
        }
        return buf.array();
    }
}
