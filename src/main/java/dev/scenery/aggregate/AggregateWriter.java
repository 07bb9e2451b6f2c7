package dev.scenery.aggregate;

import dev.scenery.beacon.Beacon;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single thread that writes the embedded store. Request handlers {@link #submit} batches; the
 * writer takes every batch waiting (group commit), plans them together, computes the new value of
 * every entry they change, journals those after-images, writes them, and only then completes the
 * batches' futures: a batch is acknowledged once it is in the maps, and a crash in between is
 * completed at the next start by replaying the journal.
 */
public final class AggregateWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AggregateWriter.class);
    private static final int MAX_GROUP = 64;
    private static final PendingBatch STOP = new PendingBatch("", null, List.of(), null);

    private final ChronicleStore store;
    private final BatchPlanner planner;
    private final PlanApplier applier;
    private final BlockingQueue<PendingBatch> queue;
    private final LongSupplier clock;
    private final Thread thread;
    private long seq;
    private volatile boolean accepting = true;

    public AggregateWriter(ChronicleStore store, int queueCapacity, int maxUtmValuesPerDay, LongSupplier clock) {
        this.store = store;
        this.planner = new BatchPlanner(store, maxUtmValuesPerDay);
        this.applier = new PlanApplier(store);
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.clock = clock;
        this.seq = store.journal.lastSeq();
        replayPending();
        this.thread = new Thread(this::run, "scenery-writer");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void replayPending() {
        byte[] pending = store.journal.pending();
        if (pending != null) {
            RedoRecord redo = RedoRecord.deserialize(pending);
            LOG.info("replaying write {} left by an unclean stop ({} buckets)", redo.seq, redo.bucketKeys.size());
            applier.apply(redo);
            store.journal.done();
            seq = Math.max(seq, redo.seq);
        }
    }

    /**
     * Queues a batch for writing.
     *
     * @return a future completed once the batch is in the store, or null when the queue is full
     *         or the writer is stopping (the caller sheds load)
     */
    public CompletableFuture<WriteOutcome> submit(String app, AppClock clock, List<Beacon> beacons) {
        if (!accepting) {
            return null;
        }
        CompletableFuture<WriteOutcome> done = new CompletableFuture<>();
        return queue.offer(new PendingBatch(app, clock, beacons, done)) ? done : null;
    }

    public int queued() {
        return queue.size();
    }

    private void run() {
        List<PendingBatch> group = new ArrayList<>(MAX_GROUP);
        while (true) {
            try {
                PendingBatch first = queue.take();
                if (first == STOP) {
                    return;
                }
                group.add(first);
                queue.drainTo(group, MAX_GROUP - 1);
                boolean stop = group.remove(STOP);
                write(group);
                group.clear();
                if (stop) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void write(List<PendingBatch> group) {
        try {
            WritePlan plan = new WritePlan(seq + 1, clock.getAsLong());
            int[] duplicates = new int[group.size()];
            for (int i = 0; i < group.size(); i++) {
                duplicates[i] = planner.add(plan, group.get(i));
            }
            if (!plan.isEmpty()) {
                seq = plan.seq;
                RedoRecord redo = applier.materialize(plan);
                byte[] payload = redo.serialize();
                store.journal.begin(plan.seq, payload, payload.length);
                applier.apply(redo);
                store.journal.done();
            }
            for (int i = 0; i < group.size(); i++) {
                PendingBatch b = group.get(i);
                b.done().complete(new WriteOutcome(b.beacons().size() - duplicates[i], duplicates[i]));
            }
        } catch (RuntimeException e) {
            LOG.error("writing {} batches failed", group.size(), e);
            for (PendingBatch b : group) {
                b.done().completeExceptionally(e);
            }
        }
    }

    /** Stops taking batches, writes those already queued, and ends the thread. */
    @Override
    public void close() {
        accepting = false;
        try {
            queue.put(STOP);
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
