package dev.scenery.bench.micro;

import dev.scenery.embedded.model.Sketches;
import dev.scenery.sketch.Hll;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a visitor sketch costs on the write path (one {@code add} per visit, per bucket it lands in)
 * and on the read path (one {@code union} per bucket of a range), for sketches of each form:
 * {@code users} distinct users already in the sketch (explicit up to 2,560, then sparse, then full).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HllBenchmark {
    @Param({"100", "2000", "20000", "500000"})
    int users;

    private Hll sketch;
    private Hll other;
    private long[] hashes;
    private int next;

    @Setup(Level.Trial)
    public void fill() {
        sketch = Sketches.create();
        other = Sketches.create();
        for (int u = 0; u < users; u++) {
            sketch.add(Hll.hashOf("u" + u));
            other.add(Hll.hashOf("o" + u));
        }
        hashes = new long[4096];
        for (int i = 0; i < hashes.length; i++) {
            hashes[i] = Hll.hashOf("u" + (i * 7919 % Math.max(1, users))); // users already counted: the common case
        }
    }

    /** One visit of a user the bucket may already hold. */
    @Benchmark
    public Hll add() {
        sketch.add(hashes[next++ & (hashes.length - 1)]);
        return sketch;
    }

    /** One bucket merged into a range's rollup (a copy, so each call merges the same two sketches). */
    @Benchmark
    public Hll union() {
        Hll into = Hll.fromBytes(sketch.toBytes());
        into.union(other);
        return into;
    }

    /** The copy alone, to subtract from {@link #union()}. */
    @Benchmark
    public Hll copy() {
        return Hll.fromBytes(sketch.toBytes());
    }
}
