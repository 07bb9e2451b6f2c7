package dev.scenery.embedded.model;

import dev.scenery.sketch.Hll;
import java.nio.ByteBuffer;

/**
 * Byte layout of an aggregate map value: opens (8 bytes), new visitors (8), the sequence number
 * of the last write plan applied to it (8), the layout marker {@value #LAYOUT_2} (1), the
 * generation (8: the sequence number of the write plan that created this entry), then the
 * visitors sketch in postgresql-hll storage format (the rest; absent while no visitor was added).
 * Values written before the generation existed have the sketch (or nothing) right after the first
 * 24 bytes; they read as generation 0. The marker byte can never start a sketch (whose first
 * byte carries schema version 1 in its high nibble), so the two layouts cannot be confused.
 */
public final class BucketValue {
    static final int HEADER = 24;
    static final byte LAYOUT_2 = 0x02;
    public static final int HEADER_2 = HEADER + 1 + 8;

    public long opens;
    public long newVisitors;
    public long lastSeq;
    /** Which incarnation of the bucket this is: a bucket evicted and created again gets a new one. */
    long generation;
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
        int sketchAt = HEADER;
        if (b.length > HEADER && b[HEADER] == LAYOUT_2) {
            v.generation = buf.getLong(HEADER + 1);
            sketchAt = HEADER_2;
        }
        if (b.length > sketchAt) {
            v.sketch = new byte[b.length - sketchAt];
            System.arraycopy(b, sketchAt, v.sketch, 0, v.sketch.length);
        }
        return v;
    }

    public byte[] encode() {
        int sketchLen = sketch == null ? 0 : sketch.length;
        ByteBuffer buf = ByteBuffer.allocate(HEADER_2 + sketchLen);
        buf.putLong(opens).putLong(newVisitors).putLong(lastSeq).put(LAYOUT_2).putLong(generation);
        if (sketch != null) {
            buf.put(sketch);
        }
        return buf.array();
    }

    Hll hll() {
        return sketch == null ? Sketches.create() : Hll.fromBytes(sketch);
    }
}
