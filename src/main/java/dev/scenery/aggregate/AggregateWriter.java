package dev.scenery.aggregate;

import dev.scenery.beacon.Beacon;
import dev.scenery.fault.Faults;
import dev.scenery.fault.Faults.Step;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single thread that writes the embedded store. Request handlers {@link #submit} batches; the
 * writer takes every batch waiting (group commit), refuses what the store cannot hold whole (disk
 * budget, an app past its share: HTTP 507, nothing stored), plans the rest together
 * ({@link WritePlan}), makes room for the plan's new entries, appends it to the redo log, applies
 * it whole ({@link PlanApplier}) and only then completes the batches' futures. Checkpoints
 * ({@link Checkpointer}) run every {@code checkpointMillis}, when a reader needs the maps current
 * ({@link #awaitSaved}), or when the cache or log grows past its bound. A crash is completed at
 * the next start: the pending checkpoint is written again, then the plans in the redo log.
 * See {@code docs/design.md}, "Write protocol".
 */
public final class AggregateWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AggregateWriter.class);
    private static final int MAX_GROUP = 64;
    /** A checkpoint starts once the redo log holds this many bytes. */
    private static final long MAX_LOG_BYTES = 32L << 20;
    /** A checkpoint starts once the changed buckets' after-images reach about this many bytes. */
    private static final long MAX_CHECKPOINT_BYTES = 4L << 20;
    /** How often the writer drops expired days of event ids. */
    private static final long EXPIRY_NANOS = TimeUnit.MINUTES.toNanos(10);
    /** A refusal keeps {@code /ready} degraded this long. */
    private static final long REFUSAL_SHOWN_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final PendingBatch STOP = new PendingBatch("", null, List.of(), null);
    /** Wakes the writer for {@link #tasks} and {@link #saveWaiters}; never equal to {@link #STOP}. */
    private static final PendingBatch WAKE = new PendingBatch("\u0000wake", null, List.of(), null);

    private final ChronicleStore store;
    private final BatchPlanner planner;
    private final BucketCache cache;
    private final PlanApplier applier;
    private final Checkpointer checkpointer;
    private final BlockingQueue<PendingBatch> queue;
    private final LongSupplier clock;
    private final WriterSettings settings;
    private final int checkpointBuckets;
    private final ByteSink encoded = new ByteSink(1 << 16);
    private final Thread thread;
    private long seq;
    private long lastCheckpointAt = System.nanoTime();
    private long lastExpiryAt;
    private volatile boolean accepting = true;
    private final java.util.Queue<CompletableFuture<Void>> saveWaiters = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final java.util.Queue<Runnable> tasks = new java.util.concurrent.ConcurrentLinkedQueue<>();
    /** Buckets changed in the cache and not yet in the maps (0 once a checkpoint wrote them). */
    private volatile int unsaved;
    /** Why the last checkpoint failed, or null: writes are refused and reads do not wait until one succeeds. */
    private volatile String checkpointFailure;
    private volatile long checkpointFailures;
    /** Set when a refused plan could not be taken back: every write is refused until a restart. */
    private volatile String broken;
    private volatile String lastRefusal;
    private volatile long lastRefusalAt;
    private final Map<String, long[]> refusals = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile boolean stopped;
    private volatile boolean cleanStop;
    private final PostgresTracking postgres = new PostgresTracking();

    public AggregateWriter(ChronicleStore store, WriterSettings settings, LongSupplier clock,
                           BatchPlanner.BudgetListener overflow) {
        this.store = store;
        this.settings = settings;
        this.planner = new BatchPlanner(store, settings.maxUtmValuesPerDay(), settings.maxScenesPerDay(), overflow);
        this.cache = new BucketCache(store, settings.cacheBuckets());
        this.applier = new PlanApplier(store, cache);
        this.checkpointer = new Checkpointer(store, cache, applier);
        this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
        this.clock = clock;
        this.checkpointBuckets = Math.max(16, settings.cacheBuckets() / 4);
        try {
            recover();
        } catch (StoreException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new StoreException("cannot complete what the last run left in " + store.dataDir() + ": " + e, e);
        }
        this.thread = new Thread(this::run, "scenery-writer");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Completes what a crash interrupted: the pending checkpoint, then the logged plans after it. */
    private void recover() {
        seq = checkpointer.recover();
        int replayed = 0;
        for (java.nio.ByteBuffer record : store.redoLog.records()) {
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
        expireEventIds();
        store.usage.retainEventDays(store.events.days());
        checkpointer.usageChanged = true;
        checkpointer.run(seq);
        postgres.appliedSeq = seq;
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
        if (unsaved == 0 || stopped || checkpointFailure != null) {
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
                        write(group);
                    }
                    group.clear();
                }
                checkpointIfDue(stop);
                runTasks();
                if (System.nanoTime() - lastExpiryAt > EXPIRY_NANOS) {
                    expireEventIds();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                if (checkpointFailure == null) {
                    LOG.error("checkpoint failed: writes are refused until one succeeds; the changes stay in the redo log", e);
                }
                checkpointFailure = String.valueOf(e.getMessage());
                checkpointFailures++;
                if (stop) {
                    return; // closed without a complete checkpoint: the next start recovers from the logs
                }
                pause(); // retried at the next turn
            }
        }
        cleanStop = checkpointFailure == null && broken == null;
    }

    private void pause() {
        try {
            Thread.sleep(Math.min(1000, settings.checkpointMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void write(List<PendingBatch> group) {
        String refusal = broken != null ? broken : checkpointFailure != null
                ? "the store cannot save its changes (" + checkpointFailure + "); nothing was written, retry later" : null;
        if (refusal != null) {
            refuseAll(group, new StoreFullException(refusal, "store"));
            return;
        }
        try {
            // room the store keeps so that a checkpoint never fails at the budget: one more bucket tier
            store.budget.claimHeadroom("new writes", store.buckets.nextTierBytes());
        } catch (StoreFullException full) {
            refuseAll(group, full);
            return;
        }
        List<PendingBatch> admitted = admitByShare(group);
        if (admitted.isEmpty()) {
            return;
        }
        WritePlan plan = new WritePlan(seq + 1, clock.getAsLong());
        int[] duplicates = new int[admitted.size()];
        int mark = -1;
        try {
            for (int i = 0; i < admitted.size(); i++) {
                duplicates[i] = planner.add(plan, admitted.get(i));
            }
            if (!plan.isEmpty()) {
                reserve(plan);
                Faults.at(Step.WRITE_PLANNED);
                plan.encode(encoded);
                store.budget.claim("the redo log", store.redoLog.growthFor(encoded.size()));
                mark = store.redoLog.append(encoded.array(), encoded.size());
                Faults.at(Step.WRITE_LOGGED);
                int changedBefore = cache.changedCount();
                applier.apply(plan);
                seq = plan.seq;
                postgres.applied(cache, changedBefore, seq, plan);
                unsaved = cache.changedCount();
            }
        } catch (PlanApplier.UndoFailedException e) {
            broken = "a refused write could not be taken back (" + e.getMessage() + "); restart the node";
            LOG.error("refusing every write until a restart replays the redo log", e);
            refuseAll(admitted, new StoreFullException(broken, "store"));
            return;
        } catch (RuntimeException e) {
            if (mark >= 0) {
                store.redoLog.truncate(mark); // nothing of the plan is stored: it never happened
            }
            LOG.warn("refused {} batches: {}", admitted.size(), e.toString());
            refuseAll(admitted, e instanceof StoreFullException full ? full
                    : new StoreFullException("the store could not take the batch whole (" + e.getMessage() + "); nothing was written, retry later", "store"));
            return;
        }
        try {
            Faults.at(Step.WRITE_APPLIED);
        } catch (RuntimeException e) {
            // stored whole, but unanswered: like an answer lost on the way, a retry with ids is a duplicate
            admitted.forEach(b -> b.done().completeExceptionally(e));
            return;
        }
        for (int i = 0; i < admitted.size(); i++) {
            PendingBatch b = admitted.get(i);
            b.done().complete(new WriteOutcome(b.beacons().size() - duplicates[i], duplicates[i]));
        }
    }

    /** Batches of apps within their share of the store; the others are refused. */
    private List<PendingBatch> admitByShare(List<PendingBatch> group) {
        long share = (long) (store.budget.capacity() * settings.appShare());
        List<PendingBatch> admitted = new ArrayList<>(group.size());
        for (PendingBatch b : group) {
            // with its test traffic (TestTraffic: a shadow app the planner writes to), which takes room too
            long holds = store.usage.bytes(b.app()) + store.usage.bytes(dev.scenery.beacon.TestTraffic.shadowOf(b.app()));
            if (settings.appShare() < 1.0 && holds > share) {
                refuse(b, new StoreFullException("app '" + b.app() + "' holds about " + holds + " bytes of the store, past its share of "
                        + share + " (store.appSharePercent); nothing was written", "app-share"));
            } else {
                admitted.add(b);
            }
        }
        return admitted;
    }

    /** Room for the plan's new first-seen records and event ids, before anything is written. */
    private void reserve(WritePlan plan) {
        long newUsers = plan.users.values().stream().filter(WritePlan.User::isNew).count();
        store.users.reserve(newUsers);
        Map<Integer, long[]> perDay = new HashMap<>();
        for (WritePlan.Event e : plan.events.values()) {
            perDay.computeIfAbsent(e.day(), d -> new long[1])[0]++;
        }
        perDay.forEach((day, n) -> store.events.reserve(day, n[0]));
    }

    private void refuseAll(List<PendingBatch> batches, StoreFullException e) {
        batches.forEach(b -> refuse(b, e));
    }

    private void refuse(PendingBatch b, StoreFullException e) {
        lastRefusal = e.getMessage();
        lastRefusalAt = System.nanoTime();
        refusals.computeIfAbsent(e.limit(), k -> new long[1])[0]++;
        b.done().completeExceptionally(e);
    }

    private void checkpointIfDue(boolean stopping) {
        boolean due = stopping || !saveWaiters.isEmpty() || cache.changedCount() >= checkpointBuckets
                || cache.changedBytes() >= MAX_CHECKPOINT_BYTES
                || store.redoLog.size() >= MAX_LOG_BYTES
                || checkpointFailure != null
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
        if (checkpointFailure != null) {
            LOG.info("checkpoints succeed again: writes are accepted");
            checkpointFailure = null;
        }
    }

    /** Drops the days of event ids older than the late window (writer thread). */
    private void expireEventIds() {
        lastExpiryAt = System.nanoTime();
        long oldest = clock.getAsLong() - settings.lateWindowMillis() - settings.futureToleranceMillis();
        long removed = store.events.expireBefore(oldest);
        if (removed > 0) {
            store.usage.expireEventsBefore(EventIds.dayOf(oldest));
            checkpointer.usageChanged = true;
            LOG.info("forgot {} client event ids of beacons older than the late window", removed);
        }
    }

    // ------------------------------------------------------------------ state for /ready and /metrics

    /** Why the writer refuses or refused writes lately (for {@code /ready}: degraded), or null. */
    public String degradedReason() {
        if (broken != null) {
            return broken;
        }
        if (checkpointFailure != null) {
            return "checkpoints fail: " + checkpointFailure;
        }
        String refusal = lastRefusal;
        return refusal != null && System.nanoTime() - lastRefusalAt < REFUSAL_SHOWN_NANOS ? refusal : null;
    }

    /** Batches refused whole since start, per limit ({@code disk}, {@code budget}, {@code app-share}, {@code store}). */
    public long refused(String limit) {
        long[] n = refusals.get(limit);
        return n == null ? 0 : n[0];
    }

    /** Checkpoints that failed since start (each is retried; writes are refused meanwhile). */
    public long checkpointFailures() {
        return checkpointFailures;
    }

    public long checkpoints() {
        return checkpointer.count();
    }

    public double lastCheckpointSeconds() {
        return checkpointer.lastSeconds();
    }

    public double maxCheckpointSeconds() {
        return checkpointer.maxSeconds();
    }

    public int lastCheckpointBuckets() {
        return checkpointer.lastBuckets();
    }

    /** Forces of the redo log to disk since start (durable mode: one per group of batches). */
    public long redoForces() {
        return store.redoLog.forces();
    }

    // ------------------------------------------------------------------ PostgreSQL mode

    /** Keeps the set of buckets written since the last flush (PostgreSQL mode); call before the first write. */
    public void trackDirtyBuckets() {
        postgres.track = true;
    }

    public int dirtyBuckets() {
        return postgres.dirtyCount;
    }

    /** The sequence number of the last write plan applied. */
    public long lastSeq() {
        return postgres.appliedSeq;
    }

    /**
     * Takes the dirty set, between two write plans, with the last applied sequence number: every
     * write up to it changed only buckets in this set or in sets taken before.
     */
    public CompletableFuture<DirtyBuckets> takeDirty() {
        return onWriterThread(() -> {
            checkpoint(); // the flusher reads the maps: they must hold every write up to the watermark
            return postgres.take(seq);
        });
    }

    /** Puts keys and first-seen records back into the dirty sets (their flush failed). */
    public CompletableFuture<Integer> restoreDirty(DirtyBuckets taken) {
        return onWriterThread(() -> postgres.restore(taken.keys(), taken.users()));
    }

    /** After a flush committed: its first-seen records no longer need the read overlay (any thread). */
    public void committed(DirtyBuckets flushed) {
        postgres.committed(flushed.users());
    }

    /**
     * The app's first-seen records written here and not known to be in PostgreSQL yet (any
     * thread): reads add what PostgreSQL would make of them, so they see this node's writes.
     */
    public java.util.List<FirstSeen> pendingFirstVisits(String app) {
        return postgres.pendingOf(app);
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
            checkpoint();
            postgres.markAfter(store, watermark);
            return seq;
        });
    }

    /**
     * Removes from the embedded store at most {@code max} buckets that ended before the first hour
     * to keep of their app and whose every write is flushed (last write at most {@code watermark}).
     */
    public CompletableFuture<Integer> evict(long watermark, java.util.function.ToIntFunction<String> firstHourToKeep, int max) {
        return onWriterThread(() -> {
            checkpoint(); // nothing changed in the cache: every bucket's last write is in the map
            int removed = store.evict(watermark, firstHourToKeep, max, cache::remove);
            checkpointer.usageChanged |= removed > 0;
            return removed;
        });
    }

    /**
     * PostgreSQL mode: removes the first-seen records that are in PostgreSQL (written at or before
     * the committed {@code watermark}) and whose first visit is before {@code cutoffMillis}. The
     * registry is then a cache bounded by the users first seen since the cutoff: PostgreSQL decides
     * first visits, the local record only makes the node's own rows' new visitors (read only when
     * PostgreSQL does not answer). Records from before records kept their seq stay: they were
     * never sent one by one. Returns how many were removed.
     */
    public CompletableFuture<Integer> pruneFirstSeen(long watermark, long cutoffMillis) {
        return onWriterThread(() -> {
            int removed = store.users.removeIf((k, v) -> {
                FirstVisit f = FirstVisit.decode(v);
                if (f.seq() == FirstVisit.NO_SEQ || f.seq() > watermark || f.ts() >= cutoffMillis) {
                    return false;
                }
                store.usage.addUsers(f.app(), -1);
                return true;
            });
            checkpointer.usageChanged |= removed > 0;
            return removed;
        });
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
        queue.offer(WAKE); // a full queue means the writer is busy: it runs the task after its current group
        return done;
    }

    private void runTasks() {
        Runnable task;
        while ((task = tasks.poll()) != null) {
            task.run();
        }
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
        runTasks(); // the writer thread has ended: nothing else touches the store's writes now
        return cleanStop;
    }

    @Override
    public void close() {
        stop();
    }
}
