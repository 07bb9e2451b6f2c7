package dev.scenery.embedded.model;

import dev.scenery.sketch.Hll;

/**
 * The sketch parameters of every visitors sketch Scenery writes: postgresql-hll {@code hll(15, 5,
 * -1, 1)}. With 2^15 registers the relative standard error is 0.57%, so the 2% bound the API
 * reports is 3.5 standard errors; up to 2,560 distinct users (explicit form) counts are exact.
 */
public final class Sketches {
    public static final int LOG2M = 15;
    public static final int REGWIDTH = 5;
    /** The error bound reported for estimated visitor counts. */
    public static final double MAX_RELATIVE_ERROR = 0.02;

    private Sketches() {
    }

    public static Hll create() {
        return Hll.create(LOG2M, REGWIDTH);
    }

    public static double relativeStandardError() {
        return Hll.relativeStandardError(LOG2M);
    }

    /** Largest distinct count the explicit (exact) form holds: full size in bytes / 8. */
    public static int exactUpTo() {
        return (1 << LOG2M) * REGWIDTH / 8 / 8;
    }
}
