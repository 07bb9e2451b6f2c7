package dev.scenery.embedded.engine;

import dev.scenery.embedded.ChronicleStore;
import dev.scenery.embedded.StoreFullException;
import dev.scenery.embedded.StoreLimit;
import dev.scenery.embedded.log.ByteSink;
import dev.scenery.embedded.model.BucketKey;
import dev.scenery.embedded.model.ByteKey;
import dev.scenery.embedded.model.FirstSeen;
import dev.scenery.fault.Faults;
import dev.scenery.fault.Faults.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one group of batches as one write plan, whole or not at all (writer thread): refuses
 * what the store cannot take ({@link Admission}), plans the rest ({@link BatchPlanner}), makes
 * room for the plan, appends it to the redo log, applies it ({@link PlanApplier}), tells the
 * {@link PlanListener}, and only then completes the batches' futures.
 */
final class GroupWriter {
    private static final Logger LOG = LoggerFactory.getLogger(GroupWriter.class);

    private final ChronicleStore store;
    private final BatchPlanner planner;
    private final BucketCache cache;
    private final PlanApplier applier;
    private final Admission admission;
    private final WriterStatus status;
    private final LongSupplier clock;
    private final ByteSink encoded = new ByteSink(1 << 16);
    private volatile PlanListener listener;

    GroupWriter(ChronicleStore store, BatchPlanner planner, BucketCache cache, PlanApplier applier, Admission admission,
                WriterStatus status, LongSupplier clock) {
        this.store = store;
        this.planner = planner;
        this.cache = cache;
        this.applier = applier;
        this.admission = admission;
        this.status = status;
        this.clock = clock;
    }

    void listen(PlanListener l) {
        this.listener = l;
    }

    /**
     * Writes the group after the plan {@code seq}.
     *
     * @return the sequence number of the last plan applied: {@code seq + 1} when the group changed
     *         the store, {@code seq} when it was refused or changed nothing
     */
    long write(List<PendingBatch> group, long seq) {
        String refusal = status.refusal();
        if (refusal != null) {
            group.forEach(b -> refuse(b, new StoreFullException(refusal, StoreLimit.STORE)));
            return seq;
        }
        try {
            // room the store keeps so that a checkpoint never fails at the budget: one more bucket tier
            store.budget().claimHeadroom("new writes", store.buckets().nextTierBytes());
        } catch (StoreFullException full) {
            group.forEach(b -> refuse(b, full));
            return seq;
        }
        List<PendingBatch> admitted = admission.withinShare(group, this::refuse);
        if (admitted.isEmpty()) {
            return seq;
        }
        WritePlan plan = new WritePlan(seq + 1, clock.getAsLong());
        int[] duplicates = new int[admitted.size()];
        int mark = -1;
        try {
            for (int i = 0; i < admitted.size(); i++) {
                duplicates[i] = planner.add(plan, admitted.get(i));
            }
            if (!plan.isEmpty()) {
                admission.reserve(plan);
                Faults.at(Step.WRITE_PLANNED);
                plan.encode(encoded);
                store.budget().claim("the redo log", store.redoLog().growthFor(encoded.size()));
                mark = store.redoLog().append(encoded.array(), encoded.size());
                Faults.at(Step.WRITE_LOGGED);
                int changedBefore = cache.changedCount();
                applier.apply(plan);
                tell(changedBefore, plan);
            }
        } catch (PlanApplier.UndoFailedException e) {
            String broken = "a refused write could not be taken back (" + e.getMessage() + "); restart the node";
            status.broken(broken);
            LOG.error("refusing every write until a restart replays the redo log", e);
            admitted.forEach(b -> refuse(b, new StoreFullException(broken, StoreLimit.STORE)));
            return seq;
        } catch (RuntimeException e) {
            if (mark >= 0) {
                store.redoLog().truncate(mark); // nothing of the plan is stored: it never happened
            }
            LOG.warn("refused {} batches: {}", admitted.size(), e.toString());
            StoreFullException refused = e instanceof StoreFullException full ? full
                    : new StoreFullException("the store could not take the batch whole (" + e.getMessage() + "); nothing was written, retry later", StoreLimit.STORE);
            admitted.forEach(b -> refuse(b, refused));
            return seq;
        }
        long applied = plan.isEmpty() ? seq : plan.seq;
        try {
            Faults.at(Step.WRITE_APPLIED);
        } catch (RuntimeException e) {
            // stored whole, but unanswered: like an answer lost on the way, a retry with ids is a duplicate
            admitted.forEach(b -> b.done().completeExceptionally(e));
            return applied;
        }
        for (int i = 0; i < admitted.size(); i++) {
            PendingBatch b = admitted.get(i);
            b.done().complete(new WriteOutcome(b.beacons().size() - duplicates[i], duplicates[i]));
        }
        return applied;
    }

    private void refuse(PendingBatch b, StoreFullException e) {
        status.refused(e);
        b.done().completeExceptionally(e);
    }

    /** Tells the listener what an applied plan changed: the buckets changed in the cache from {@code changedBefore} on. */
    private void tell(int changedBefore, WritePlan plan) {
        PlanListener l = listener;
        if (l == null) {
            return;
        }
        List<BucketKey> changed = new ArrayList<>();
        cache.forEachChangedKey(changedBefore, changed::add);
        List<FirstSeen> firstSeen = new ArrayList<>(plan.users.size());
        for (Map.Entry<ByteKey, WritePlan.User> e : plan.users.entrySet()) {
            firstSeen.add(FirstSeen.of(e.getKey().bytes(), e.getValue().visit()));
        }
        l.applied(plan.seq, changed, firstSeen);
    }
}
