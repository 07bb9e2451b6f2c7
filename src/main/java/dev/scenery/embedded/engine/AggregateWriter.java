package dev.scenery.embedded.engine;

import dev.scenery.beacon.Beacon;
import dev.scenery.embedded.ChronicleStore;
import dev.scenery.embedded.StoreException;
import dev.scenery.embedded.StoreFullException;
import dev.scenery.embedded.model.AppClock;
import dev.scenery.embedded.model.BucketKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single thread that writes the embedded store, and the one entry point for writes. Request
 * handlers {@link #submit} batches; the writer takes every batch waiting (group commit) and
 * writes them as one plan ({@link GroupWriter}: refuses what the store cannot hold whole, plans
 * the rest, logs the plan, applies it whole, and only then completes the batches' futures). Checkpoints ({@link Checkpointer}) run every {@code
 * checkpointMillis}, when a reader needs the maps current ({@link #awaitSaved}), or when the cache
 * or log grows past its bound. A crash is completed at the next start: the pending checkpoint is
 * written again, then the plans in the redo log. Other work on the store (PostgreSQL mode's
 * flushes, eviction and scans) runs between two plans through {@link #onWriterThread}. See
 * {@code docs/design.md}, "Write protocol".
 */
public final class AggregateWriter {
    private static final Logger LOG = LoggerFactory.getLogger(AggregateWriter.class);
    private static final int MAX_GROUP = 64;
    /** A checkpoint starts once the redo log holds this many bytes. */
    private static final long MAX_LOG_BYTES = 32L << 20;
    /** A checkpoint starts once the changed buckets' after-images reach about this many bytes. */
    private static final long MAX_CHECKPOINT_BYTES = 4L << 20;
    private static final PendingBatch STOP = new PendingBatch("", null, List.of(), null);
    /** Wakes the writer for its tasks and {@link #saveWaiters}; never equal to {@link #STOP}. */
    private static final PendingBatch WAKE = new PendingBatch("\u0000wake", null, List.of(), null);

    private final ChronicleStore store;
    private final BucketCache cache;
    private final Checkpointer checkpointer;
    private final GroupWriter groups;
    private final EventExpiry expiry;
    private final WriterTasks tasks;
    private final WriterStatus status = new WriterStatus();
    private final BlockingQueue<PendingBatch> queue;
    private final WriterSettings settings;
    private final int checkpointBuckets;
    private final Thread thread;
    private final Queue<CompletableFuture<Void>> saveWaiters = new ConcurrentLinkedQueue<>();
    /** Writer thread only. */
    private long seq;
    /** {@link #seq} for other threads. */
    private volatile long appliedSeq;
    private long lastCheckpointAt = System.nanoTime();
    private volatile boolean accepting = true;
    /** Buckets changed in the cache and not yet in the maps (0 once a checkpoint wrote them). */
    private volatile int unsaved;
    private volatile boolean stopped;
    private volatile boolean cleanStop;

    public AggregateWriter(ChronicleStore store, WriterSettings settings, LongSupplier clock,
                           BatchPlanner.BudgetListener overflow) {
        this.store = store;
        this.settings = settings;
        this.cache = new BucketCache(store, settings.cacheBuckets());
        PlanApplier applier = new PlanApplier(store, cache);
        this.checkpointer = new Checkpointer(store, cache, applier);
        this.groups = new GroupWriter(store, new BatchPlanner(store, settings.maxUtmValuesPerDay(), settings.maxScenesPerDay(), overflow),
                cache, applier, new Admission(store, settings.appShare()), status, clock);
        this.expiry = new EventExpiry(store, checkpointer, clock, settings.lateWindowMillis() + settings.futureToleranceMillis());
        this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
        this.tasks = new WriterTasks(new OnThread(), () -> queue.offer(WAKE));
        this.checkpointBuckets = Math.max(16, settings.cacheBuckets() / 4);
        try {
            seq = Recovery.run(store, checkpointer, applier, expiry);
            appliedSeq = seq;
        } catch (StoreException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new StoreException("cannot complete what the last run left in " + store.dataDir() + ": " + e, e);
        }
        this.thread = new Thread(this::run, "scenery-writer");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /**
     * Queues a batch for writing.
     *
     * @return a future completed once the batch is in the store (failed with {@link
     *         StoreFullException} when it was refused whole), or null when the queue is full or the
     *         writer is stopping (the caller sheds load)
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

    /**
     * Blocks until the maps hold every batch acknowledged before the call (a checkpoint, shared by
     * the readers waiting at the same time). For readers on worker threads, never an event loop.
     * While checkpoints fail it does not wait: readers get what the maps hold.
     */
    public void awaitSaved() {
        // the writer itself (a plan listener, a task between plans) reads its own state: it cannot wait for itself
        if (unsaved == 0 || stopped || status.checkpointsFail() || Thread.currentThread() == thread) {
            return;
        }
        CompletableFuture<Void> saved = new CompletableFuture<>();
        saveWaiters.add(saved);
        queue.offer(WAKE); // a full queue means the writer is busy: it checks the waiters after its group
        try {
            saved.get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            LOG.warn("reading without the latest writes: the checkpoint did not complete ({})", e.toString());
        }
    }

    private void run() {
        List<PendingBatch> group = new ArrayList<>(MAX_GROUP);
        boolean stop = false;
        while (!stop) {
            try {
                PendingBatch first = queue.poll(settings.checkpointMillis(), TimeUnit.MILLISECONDS);
                if (first != null) {
                    group.add(first);
                    queue.drainTo(group, MAX_GROUP - 1);
                    stop = group.remove(STOP);
                    group.removeIf(b -> b == WAKE);
                    if (!group.isEmpty()) {
                        // set before the write acknowledges anything: a reader that saw a 202 must find
                        // unsaved changes and wait for their checkpoint (set after, it could read 0 in between)
                        unsaved = cache.changedCount() + 1;
                        seq = groups.write(group, seq);
                        appliedSeq = seq;
                        unsaved = cache.changedCount();
                    }
                    group.clear();
                }
                checkpointIfDue(stop);
                tasks.runAll();
                expiry.runIfDue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                if (status.checkpointFailed(e)) {
                    LOG.error("checkpoint failed: writes are refused until one succeeds; the changes stay in the redo log", e);
                }
                if (stop) {
                    return; // closed without a complete checkpoint: the next start recovers from the logs
                }
                pause(); // retried at the next turn
            }
        }
        cleanStop = !status.checkpointsFail() && !status.isBroken();
    }

    private void pause() {
        try {
            Thread.sleep(Math.min(1000, settings.checkpointMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void checkpointIfDue(boolean stopping) {
        boolean due = stopping || !saveWaiters.isEmpty() || cache.changedCount() >= checkpointBuckets
                || cache.changedBytes() >= MAX_CHECKPOINT_BYTES
                || store.redoLog().size() >= MAX_LOG_BYTES
                || status.checkpointsFail()
                || System.nanoTime() - lastCheckpointAt >= TimeUnit.MILLISECONDS.toNanos(settings.checkpointMillis());
        if (!due) {
            return;
        }
        List<CompletableFuture<Void>> waiting = new ArrayList<>();
        CompletableFuture<Void> w;
        while ((w = saveWaiters.poll()) != null) {
            waiting.add(w);
        }
        try {
            checkpoint();
        } catch (RuntimeException e) {
            waiting.forEach(f -> f.completeExceptionally(e));
            throw e;
        }
        waiting.forEach(f -> f.complete(null));
    }

    private void checkpoint() {
        lastCheckpointAt = System.nanoTime();
        checkpointer.run(seq);
        unsaved = 0;
        if (status.checkpointSucceeded()) {
            LOG.info("checkpoints succeed again: writes are accepted");
        }
    }

    // ------------------------------------------------------------------ other work on the writer thread

    /** Tells {@code l} of every plan applied from now on (call before the first write). */
    public void listen(PlanListener l) {
        groups.listen(l);
    }

    /** The sequence number of the last write plan applied (any thread). */
    public long lastSeq() {
        return appliedSeq;
    }

    /** Runs {@code task} on the writer thread between two write plans; its result or failure completes the future. */
    public <T> CompletableFuture<T> onWriterThread(Function<WriterThread, T> task) {
        return tasks.submit(task, stopped);
    }

    /** The writer's state as a task on its thread sees it. */
    private final class OnThread implements WriterThread {
        @Override
        public ChronicleStore store() {
            return store;
        }

        @Override
        public long lastSeq() {
            return seq;
        }

        @Override
        public void checkpoint() {
            AggregateWriter.this.checkpoint();
        }

        @Override
        public void forgetCached(BucketKey key) {
            cache.remove(key);
        }

        @Override
        public void usageChanged() {
            checkpointer.usageChanged = true;
        }
    }

    // ------------------------------------------------------------------ state for /ready and /metrics

    /** Why the writer refuses writes, and what it refused. */
    public WriterStatus status() {
        return status;
    }

    /** Checkpoint counts and durations. */
    public CheckpointStats checkpointStats() {
        return checkpointer.stats();
    }

    /**
     * Stops taking batches, writes those already queued with a last checkpoint, and ends the
     * thread, waiting at most {@code settings.stopMillis}.
     *
     * @return whether the writer ended after a complete checkpoint (the store may be closed clean)
     */
    public boolean stop() {
        accepting = false;
        try {
            if (!queue.offer(STOP, settings.stopMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("the writer's queue stayed full: stopping without a last checkpoint");
            }
            thread.join(settings.stopMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("the writer did not stop within {} ms: the next start recovers from the logs", settings.stopMillis());
            return false;
        }
        stopped = true;
        CompletableFuture<Void> w;
        while ((w = saveWaiters.poll()) != null) {
            w.complete(null);
        }
        tasks.runAll(); // the writer thread has ended: nothing else touches the store's writes now
        return cleanStop;
    }
}
