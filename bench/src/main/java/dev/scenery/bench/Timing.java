package dev.scenery.bench;

import org.HdrHistogram.Histogram;

/** Percentiles of some latencies, in milliseconds (NaN when nothing was recorded). */
final class Timing {
    static final Timing NONE = new Timing(new Histogram(3));

    final double p50;
    final double p99;
    final double max;
    final long n;

    Timing(Histogram h) {
        n = h.getTotalCount();
        p50 = n == 0 ? Double.NaN : h.getValueAtPercentile(50) / 1e6;
        p99 = n == 0 ? Double.NaN : h.getValueAtPercentile(99) / 1e6;
        max = n == 0 ? Double.NaN : h.getMaxValue() / 1e6;
    }
}
