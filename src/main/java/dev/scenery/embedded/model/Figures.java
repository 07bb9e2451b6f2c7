package dev.scenery.embedded.model;

/**
 * The three acquisition figures of one dimension value over some range.
 *
 * @param opens         visit beacons (exact)
 * @param visitors      distinct users (exact when {@code visitorsExact}, else an estimate within
 *                      {@link Sketches#MAX_RELATIVE_ERROR})
 * @param newVisitors   users whose first-ever visit is in the range (exact)
 * @param visitorsExact whether {@code visitors} is an exact count
 */
public record Figures(long opens, long visitors, long newVisitors, boolean visitorsExact) {
    public static final Figures ZERO = new Figures(0, 0, 0, true);
}
