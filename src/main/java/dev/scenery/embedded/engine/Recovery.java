package dev.scenery.embedded.engine;

import dev.scenery.embedded.ChronicleStore;
import java.nio.ByteBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** At start: completes what a crash interrupted, the pending checkpoint, then the logged plans after it. */
final class Recovery {
    private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);

    private Recovery() {
    }

    /** @return the sequence number of the last write plan the store holds */
    static long run(ChronicleStore store, Checkpointer checkpointer, PlanApplier applier, EventExpiry expiry) {
        long seq = checkpointer.recover();
        int replayed = 0;
        for (ByteBuffer record : store.redoLog().records()) {
            WritePlan plan = WritePlan.decode(record);
            if (plan.seq <= seq) {
                continue; // in the maps since the last checkpoint
            }
            if (plan.seq != seq + 1) {
                LOG.warn("redo log skips from write {} to {}: ignoring the rest", seq, plan.seq);
                break;
            }
            applier.replay(plan);
            seq = plan.seq;
            replayed++;
        }
        if (replayed > 0) {
            LOG.info("applied again {} write plans left in the redo log by an unclean stop (up to write {})", replayed, seq);
        }
        expiry.run();
        store.usage().retainEventDays(store.events().days());
        checkpointer.usageChanged = true;
        checkpointer.run(seq);
        return seq;
    }
}
