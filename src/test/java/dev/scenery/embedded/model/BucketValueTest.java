package dev.scenery.embedded.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scenery.sketch.Hll;
import org.junit.jupiter.api.Test;

/** Bucket values carry a generation through their byte layout. */
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
}
