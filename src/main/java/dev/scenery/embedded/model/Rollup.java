package dev.scenery.embedded.model;

import dev.scenery.sketch.Hll;

/**
 * Figures of one dimension value merged over some buckets: opens and new visitors summed, the
 * visitors sketch unioned. Mutable while it is being merged.
 */
public final class Rollup {
    private long opens;
    private long newVisitors;
    private Hll visitors;

    public void add(long opens, long newVisitors, Hll sketch) {
        this.opens += opens;
        this.newVisitors += newVisitors;
        if (sketch != null) {
            if (visitors == null) {
                visitors = sketch;
            } else {
                visitors.union(sketch);
            }
        }
    }

    /** Unions a sketch someone else keeps into this rollup's visitors, leaving that sketch as it is. */
    public void addUnowned(Hll sketch) {
        if (visitors == null) {
            visitors = Sketches.create(); // every sketch Scenery keeps has its parameters: a union of others throws
        }
        visitors.union(sketch);
    }

    public long opens() {
        return opens;
    }

    public long newVisitors() {
        return newVisitors;
    }

    public long visitors() {
        // not cardinality() (postgresql-hll's estimator): it is biased by up to +3.5% around 82,000 users
        return visitors == null ? 0 : visitors.improvedCardinality();
    }

    /** True while the sketch still holds every hash (explicit form): the visitor count is exact. */
    public boolean visitorsExact() {
        return visitors == null || visitors.representation() == Hll.Representation.EMPTY
                || visitors.representation() == Hll.Representation.EXPLICIT;
    }

    public Hll sketch() {
        return visitors;
    }

    public Figures figures() {
        return new Figures(opens, visitors(), newVisitors, visitorsExact());
    }
}
