package dev.scenery.embedded.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scenery.sketch.Hll;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** Bucket values carry a generation, and values written before it existed still read. */
class BucketValueTest {
    @Test
    void roundTripsWithItsGeneration() {
        BucketValue v = BucketValue.created(42);
        v.opens = 3;
        v.newVisitors = -1;
        v.lastSeq = 57;
        Hll hll = Sketches.create();
        hll.add(Hll.hashOf("u"));
        v.sketch = hll.toBytes();
        BucketValue back = BucketValue.decode(v.encode());
        assertThat(back.opens).isEqualTo(3);
        assertThat(back.newVisitors).isEqualTo(-1);
        assertThat(back.lastSeq).isEqualTo(57);
        assertThat(back.generation).isEqualTo(42);
        assertThat(back.sketch).isEqualTo(v.sketch);
        assertThat(BucketValue.decode(BucketValue.created(7).encode()).sketch).isNull();
    }

    @Test
    void readsTheLayoutWithoutGeneration() {
        Hll hll = Sketches.create();
        hll.add(Hll.hashOf("u"));
        byte[] sketch = hll.toBytes();
        byte[] old = ByteBuffer.allocate(24 + sketch.length).putLong(5).putLong(2).putLong(9).put(sketch).array();
        BucketValue v = BucketValue.decode(old);
        assertThat(v.opens).isEqualTo(5);
        assertThat(v.newVisitors).isEqualTo(2);
        assertThat(v.lastSeq).isEqualTo(9);
        assertThat(v.generation).isZero();
        assertThat(v.sketch).isEqualTo(sketch);
        BucketValue empty = BucketValue.decode(ByteBuffer.allocate(24).putLong(1).putLong(1).putLong(1).array());
        assertThat(empty.sketch).isNull();
        assertThat(empty.generation).isZero();
    }
}
