package dev.scenery.postgres;

import dev.scenery.embedded.model.Figures;
import dev.scenery.embedded.model.Rollup;
import dev.scenery.embedded.model.StoredBucket;
import dev.scenery.sketch.Hll;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import java.util.Map;

/** How {@link PostgresFigureReader} merges rollup rows and this node's held buckets into figures. */
final class ReadRows {
    private ReadRows() {
    }

    /** The figures with the new visitors of every node's first visits (PostgreSQL's registry). */
    static Figures withNew(Figures f, long newVisitors) {
        return new Figures(f.opens(), f.visitors(), newVisitors, f.visitorsExact());
    }

    static long sum(Map<Integer, Long> perBucket) {
        return perBucket == null ? 0 : perBucket.values().stream().mapToLong(Long::longValue).sum();
    }

    static void add(Rollup into, StoredBucket b) {
        into.add(b.opens(), b.newVisitors(), b.sketch() == null ? null : Hll.fromBytes(b.sketch()));
    }

    /** Adds a result row whose opens, new visitors and sketch start at column {@code first + 0..2}. */
    static void add(Rollup into, Row r, int first) {
        Buffer sketch = r.getBuffer(first + 2);
        into.add(r.getLong(first), r.getLong(first + 1), sketch == null ? null : Hll.fromBytes(sketch.getBytes()));
    }
}
