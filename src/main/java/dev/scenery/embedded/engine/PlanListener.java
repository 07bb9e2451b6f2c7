package dev.scenery.embedded.engine;

import dev.scenery.embedded.model.FirstSeen;
import java.util.List;

/** Told, on the writer thread, of every write plan applied (PostgreSQL mode tracks what to flush). */
public interface PlanListener {
    /**
     * @param seq          the plan's sequence number
     * @param newlyChanged buckets the plan changed that no plan had changed since the last checkpoint
     * @param firstSeen    the first-seen records the plan wrote (each earlier than the one it replaces)
     */
    void applied(long seq, List<dev.scenery.embedded.model.BucketKey> newlyChanged, List<FirstSeen> firstSeen);
}
