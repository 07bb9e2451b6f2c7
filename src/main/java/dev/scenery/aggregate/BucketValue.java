package dev.scenery.aggregate;

import dev.scenery.sketch.Hll;
import java.nio.ByteBuffer;

/**
 * Byte layout of an aggregate map value: opens (8 bytes), new visitors (8), the sequence number
 * of the last write plan applied to it (8), then the visitors sketch in postgresql-hll storage
 * format (the rest; absent while no visitor was added).
 */
final class BucketValue {
    static final int HEADER = 24;

    long opens;
    long newVisitors;
    long lastSeq;
    byte[] sketch;

    static BucketValue decode(byte[] b) {
        ByteBuffer buf = ByteBuffer.wrap(b);
        BucketValue v = new BucketValue();
        v.opens = buf.getLong();
        v.newVisitors = buf.getLong();
        v.lastSeq = buf.getLong();
        if (b.length > HEADER) {
            v.sketch = new byte[b.length - HEADER];
            System.arraycopy(b, HEADER, v.sketch, 0, v.sketch.length);
        }
        return v;
    }

    byte[] encode() {
        int sketchLen = sketch == null ? 0 : sketch.length;
        ByteBuffer buf = ByteBuffer.allocate(HEADER + sketchLen);
        buf.putLong(opens).putLong(newVisitors).putLong(lastSeq);
        if (sketch != null) {
            buf.put(sketch);
        }
        return buf.array();
    }

    Hll hll() {
        return sketch == null ? Sketches.create() : Hll.fromBytes(sketch);
    }
}
