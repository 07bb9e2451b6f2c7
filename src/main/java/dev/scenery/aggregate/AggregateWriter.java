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

    // PostgreSQL mode: work run on this thread between two write plans, and the dirty set.
    /** Wakes the writer for {@link #tasks}; never equal to {@link #STOP}. */
    private static final PendingBatch WAKE = new PendingBatch("\u0000wake", null, List.of(), null);
    private final java.util.Queue<Runnable> tasks = new java.util.concurrent.ConcurrentLinkedQueue<>();
    /** Buckets written since the flusher last took them; touched by the writer thread only. */
    private final java.util.Set<BucketKey> dirty = new java.util.HashSet<>();
    private volatile boolean trackDirty;
    private volatile int dirtyCount;
    private volatile long appliedSeq;
    private volatile boolean stopped;

    public AggregateWriter(ChronicleStore store, int queueCapacity, int maxUtmValuesPerDay, LongSupplier clock) {
        this.store = store;
        this.planner = new BatchPlanner(store, maxUtmValuesPerDay);
        this.applier = new PlanApplier(store);
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.clock = clock;
        this.seq = store.journal.lastSeq();
        replayPending();
        this.appliedSeq = seq;
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
                group.removeIf(b -> b == WAKE);
                if (!group.isEmpty()) {
                    write(group);
                }
                group.clear();
                runTasks();
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
        if (!store.hasRoom()) {
            StoreFullException full = new StoreFullException("the data directory's disk is nearly full ("
                    + store.freeBytes() + " bytes free); nothing was written, retry later");
            group.forEach(b -> b.done().completeExceptionally(full));
            return;
        }
        try {
            WritePlan plan = new WritePlan(seq + 1, clock.getAsLong());
            int[] duplicates = new int[group.size()];
            for (int i = 0; i < group.size(); i++) {
                duplicates[i] = planner.add(plan, group.get(i));
            }
            if (!plan.isEmpty()) {
                seq = plan.seq;
                if (trackDirty) {
                    dirty.addAll(plan.buckets.keySet());
                    dirtyCount = dirty.size();
                }
                RedoRecord redo = applier.materialize(plan);
                byte[] payload = redo.serialize();
                store.journal.begin(plan.seq, payload, payload.length);
                applier.apply(redo);
                store.journal.done();
                appliedSeq = seq;
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

    // ------------------------------------------------------------------ PostgreSQL mode

    /** Keeps the set of buckets written since the last flush (PostgreSQL mode); call before the first write. */
    public void trackDirtyBuckets() {
        trackDirty = true;
    }

    /** Buckets written and not yet taken by a flush. */
    public int dirtyBuckets() {
        return dirtyCount;
    }

    /** The sequence number of the last write plan applied. */
    public long lastSeq() {
        return appliedSeq;
    }

    /**
     * Takes the dirty set, between two write plans, with the last applied sequence number: every
     * write up to it changed only buckets in this set or in sets taken before.
     */
    public CompletableFuture<DirtyBuckets> takeDirty() {
        return onWriterThread(() -> {
            DirtyBuckets out = new DirtyBuckets(List.copyOf(dirty), seq);
            dirty.clear();
            dirtyCount = 0;
            return out;
        });
    }

    /** Puts keys back into the dirty set (their flush failed). */
    public CompletableFuture<Integer> restoreDirty(java.util.Collection<BucketKey> keys) {
        return onWriterThread(() -> {
            dirty.addAll(keys);
            dirtyCount = dirty.size();
            return dirtyCount;
        });
    }

    /**
     * At start: marks dirty every bucket written after {@code watermark} (one scan of the store),
     * and returns the last applied sequence number.
     *
     * @throws StoreException (through the future) when the watermark is ahead of this store: the
     *         data directory is not the one that flushed under this node id
     */
    public CompletableFuture<Long> markDirtyAfter(long watermark) {
        return onWriterThread(() -> {
            if (watermark > seq) {
                throw new StoreException("PostgreSQL has flushed this node up to write " + watermark
                        + " but the data directory " + store.dataDir() + " has only written up to " + seq
                        + ": it is not the data directory that flushed under this node id");
            }
            store.buckets.forEachEntry(e -> {
                byte[] value = e.value().get();
                if (BucketValue.decode(value).lastSeq > watermark) {
                    dirty.add(BucketKey.decode(e.key().get()));
                }
            });
            dirtyCount = dirty.size();
            return seq;
        });
    }

    /**
     * Removes from the embedded store at most {@code max} buckets that ended before the first hour
     * to keep of their app and whose every write is flushed (last write at most {@code watermark}).
     *
     * @param firstHourToKeep per app id: the local hour index before which buckets may go
     * @return how many buckets were removed
     */
    public CompletableFuture<Integer> evict(long watermark, java.util.function.ToIntFunction<String> firstHourToKeep, int max) {
        return onWriterThread(() -> store.evict(watermark, firstHourToKeep, max));
    }

    /** Runs {@code task} on the writer thread between two write plans. */
    private <T> CompletableFuture<T> onWriterThread(java.util.function.Supplier<T> task) {
        CompletableFuture<T> done = new CompletableFuture<>();
        if (stopped) {
            done.completeExceptionally(new IllegalStateException("the writer is stopped"));
            return done;
        }
        tasks.add(() -> {
            try {
                done.complete(task.get());
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        // a full queue means the writer is busy: it runs the task after its current group
        queue.offer(WAKE);
        return done;
    }

    private void runTasks() {
        Runnable task;
        while ((task = tasks.poll()) != null) {
            task.run();
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
        if (!thread.isAlive()) {
            stopped = true;
            runTasks(); // the writer thread has ended: nothing else touches the store's writes now
        }
    }
}
