package dev.scenery.bench;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Latencies of one load phase or one repeated question, recorded in an HdrHistogram (1 ns to 10
 * minutes at 3 significant digits, constant memory however many requests) from any thread.
 */
final class Latency {
    private static final long MAX_NANOS = TimeUnit.MINUTES.toNanos(10);
    private final Histogram histogram = new ConcurrentHistogram(MAX_NANOS, 3);

    void add(long nanos) {
        histogram.recordValue(Math.min(Math.max(0, nanos), MAX_NANOS));
    }

    Timing timing() {
        return new Timing(histogram.copy());
    }

    /** What the bench needs to run a question the same way each time. */
    interface Op {
        void run() throws Exception;
    }

    /** Runs {@code op} sequentially: {@code warm} untimed runs, then until {@code maxIter} runs or the budget. */
    static Timing time(Op op, int warm, int minIter, int maxIter, long budgetMs) throws Exception {
        long warmEnd = System.currentTimeMillis() + budgetMs;
        for (int i = 0; i < warm && System.currentTimeMillis() < warmEnd; i++) {
            op.run();
        }
        Latency lat = new Latency();
        long end = System.currentTimeMillis() + budgetMs;
        for (int i = 0; i < maxIter && (i < minIter || System.currentTimeMillis() < end); i++) {
            long t0 = System.nanoTime();
            op.run();
            lat.add(System.nanoTime() - t0);
            if (System.currentTimeMillis() > end + 5 * budgetMs) {
                break; // a runaway minimum
            }
        }
        return lat.timing();
    }
}
