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
 * writer takes every batch waiting (group commit) and plans them together ({@link WritePlan}). It
 * appends the plan to the redo log, writes its first-seen records and event ids to their maps,
 * adds its tallies to the on-heap {@link BucketCache}, and only then completes the batches'
 * futures. Every {@code checkpointMillis}, when a reader needs the maps current ({@link
 * #awaitSaved}), or when the cache or log grows past its bound, a checkpoint journals the
 * after-images of the changed buckets, writes them to the bucket map and empties the redo log.
 * A crash is completed at the next start: the pending checkpoint is written again, then the plans
 * in the redo log. See {@code docs/design.md}, "Write protocol".
 */
public final class AggregateWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AggregateWriter.class);
    private static final int MAX_GROUP = 64;
    /** A checkpoint starts once the redo log holds this many bytes. */
    private static final long MAX_LOG_BYTES = 32L << 20;
    /**
     * A checkpoint starts once the changed buckets' after-images reach about this many bytes (a
     * dense sketch is 20 KiB): the writer pauses while it writes them, so they are kept short.
     */
    private static final long MAX_CHECKPOINT_BYTES = 4L << 20;
    /** Checkpoints longer than this are logged with where their time went. */
    private static final long SLOW_CHECKPOINT_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final PendingBatch STOP = new PendingBatch("", null, List.of(), null);

    private final ChronicleStore store;
    private final BatchPlanner planner;
    private final BucketCache cache;
    private final PlanApplier applier;
    private final BlockingQueue<PendingBatch> queue;
    private final LongSupplier clock;
    private final long checkpointMillis;
    /** A checkpoint starts once this many buckets changed (a quarter of the cache: short pauses). */
    private final int checkpointBuckets;
    private final ByteSink encoded = new ByteSink(1 << 16);
    private final ByteSink checkpointBytes = new ByteSink(1 << 20);
    private final Thread thread;
    private long seq;
    private long lastCheckpointAt = System.nanoTime();
    private volatile boolean accepting = true;
    /** Readers waiting for the maps to hold every acknowledged write. */
    private final java.util.Queue<CompletableFuture<Void>> saveWaiters = new java.util.concurrent.ConcurrentLinkedQueue<>();
    /** Buckets changed in the cache and not yet in the maps (0 once a checkpoint wrote them). */
    private volatile int unsaved;
    private volatile long checkpoints;
    private volatile long lastCheckpointNanos;
    private volatile long maxCheckpointNanos;
    private volatile int lastCheckpointBuckets;

    // PostgreSQL mode: work run on this thread between two write plans, and the dirty set.
    /** Wakes the writer for {@link #tasks} and {@link #saveWaiters}; never equal to {@link #STOP}. */
    private static final PendingBatch WAKE = new PendingBatch("\u0000wake", null, List.of(), null);
    private final java.util.Queue<Runnable> tasks = new java.util.concurrent.ConcurrentLinkedQueue<>();
    /** Buckets written since the flusher last took them; touched by the writer thread only. */
    private final java.util.Set<BucketKey> dirty = new java.util.HashSet<>();
    private volatile boolean trackDirty;
    private volatile int dirtyCount;
    private volatile long appliedSeq;
    private volatile boolean stopped;

    /**
     * @param cacheBuckets     buckets kept decoded on heap between checkpoints (besides the changed ones)
     * @param checkpointMillis longest time a changed bucket waits in the cache before it is written to the map
     */
    public AggregateWriter(ChronicleStore store, int queueCapacity, int maxUtmValuesPerDay, LongSupplier clock,
                           int cacheBuckets, long checkpointMillis) {
        this.store = store;
        this.planner = new BatchPlanner(store, maxUtmValuesPerDay);
        this.cache = new BucketCache(store, cacheBuckets);
        this.applier = new PlanApplier(store, cache);
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.clock = clock;
        this.checkpointBuckets = Math.max(16, cacheBuckets / 4);
        this.checkpointMillis = checkpointMillis;
        recover();
        this.appliedSeq = seq;
        this.thread = new Thread(this::run, "scenery-writer");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Completes what a crash interrupted: the pending checkpoint, then the logged plans after it. */
    private void recover() {
        byte[] pending = store.journal.pending();
        if (pending != null) {
            RedoRecord redo = RedoRecord.deserialize(pending);
            LOG.info("writing again checkpoint {} left by an unclean stop ({} buckets)", redo.seq, redo.bucketKeys.size());
            applier.replay(redo);
            store.journal.done();
        }
        seq = store.journal.lastSeq();
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
            applier.apply(plan);
            seq = plan.seq;
            replayed++;
        }
        if (replayed > 0) {
            LOG.info("applied again {} write plans left in the redo log by an unclean stop (up to write {})", replayed, seq);
        }
        checkpoint();
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

    /**
     * Blocks until the maps hold every batch acknowledged before the call (a checkpoint, shared by
     * the readers waiting at the same time). For readers on worker threads, never an event loop.
     */
    public void awaitSaved() {
        if (unsaved == 0 || stopped) {
            return;
        }
        CompletableFuture<Void> saved = new CompletableFuture<>();
        saveWaiters.add(saved);
        queue.offer(WAKE); // a full queue means the writer is busy: it checks the waiters after its group
        try {
            saved.get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted waiting for a checkpoint", e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new StoreException("the writer did not save its changes: " + e, e);
        }
    }

    private void run() {
        List<PendingBatch> group = new ArrayList<>(MAX_GROUP);
        while (true) {
            try {
                PendingBatch first = queue.poll(checkpointMillis, TimeUnit.MILLISECONDS);
                boolean stop = false;
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
                if (stop) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.error("checkpoint failed; the changes stay in the redo log and the next one retries", e);
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
                plan.encode(encoded);
                store.redoLog.append(encoded.array(), encoded.size());
                seq = plan.seq;
                int changedBefore = cache.changedCount();
                applier.apply(plan);
                if (trackDirty) {
                    cache.forEachChangedKey(changedBefore, dirty::add);
                    dirtyCount = dirty.size();
                }
                unsaved = cache.changedCount();
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

    private void checkpointIfDue(boolean stopping) {
        boolean due = stopping || !saveWaiters.isEmpty() || cache.changedCount() >= checkpointBuckets
                || cache.changedBytes() >= MAX_CHECKPOINT_BYTES
                || store.redoLog.size() >= MAX_LOG_BYTES
                || System.nanoTime() - lastCheckpointAt >= TimeUnit.MILLISECONDS.toNanos(checkpointMillis);
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

    /** Journals the after-images of the changed buckets, writes them to the map, empties the redo log. */
    private void checkpoint() {
        long start = System.nanoTime();
        lastCheckpointAt = start;
        int buckets = cache.changedCount();
        long encoded = start;
        long journaled = start;
        long written = start;
        if (buckets > 0) {
            RedoRecord redo = cache.afterImages(seq);
            redo.serialize(checkpointBytes);
            encoded = System.nanoTime();
            store.journal.begin(seq, checkpointBytes.array(), checkpointBytes.size());
            journaled = System.nanoTime();
            applier.checkpoint(redo);
            written = System.nanoTime();
            store.journal.done();
            cache.saved();
        } else if (store.journal.lastSeq() < seq) {
            // plans without tallies (only ids, or nothing but duplicates): record how far the maps are
            new RedoRecord(seq).serialize(checkpointBytes);
            store.journal.begin(seq, checkpointBytes.array(), checkpointBytes.size());
            store.journal.done();
        } else {
            cache.trim();
        }
        store.redoLog.reset();
        unsaved = 0;
        long took = System.nanoTime() - start;
        if (took > SLOW_CHECKPOINT_NANOS) {
            LOG.info("slow checkpoint: {} buckets, {} bytes in {} ms (encode {} ms, journal {} ms, map puts {} ms, rest {} ms)",
                    buckets, checkpointBytes.size(), took / 1_000_000, (encoded - start) / 1_000_000,
                    (journaled - encoded) / 1_000_000, (written - journaled) / 1_000_000,
                    (System.nanoTime() - written) / 1_000_000);
        }
        checkpoints++;
        lastCheckpointNanos = took;
        lastCheckpointBuckets = buckets;
        maxCheckpointNanos = Math.max(maxCheckpointNanos, took);
    }

    /** Checkpoints since start. */
    public long checkpoints() {
        return checkpoints;
    }

    /** Seconds the last checkpoint took. */
    public double lastCheckpointSeconds() {
        return lastCheckpointNanos / 1e9;
    }

    /** Seconds the longest checkpoint since start took. */
    public double maxCheckpointSeconds() {
        return maxCheckpointNanos / 1e9;
    }

    /** Buckets the last checkpoint wrote. */
    public int lastCheckpointBuckets() {
        return lastCheckpointBuckets;
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
            checkpoint(); // the flusher reads the maps: they must hold every write up to the watermark
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
            checkpoint();
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
        return onWriterThread(() -> {
            checkpoint(); // nothing changed in the cache: every bucket's last write is in the map
            return store.evict(watermark, firstHourToKeep, max, cache::remove);
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
            CompletableFuture<Void> w;
            while ((w = saveWaiters.poll()) != null) {
                w.complete(null); // the last checkpoint has run: the maps hold everything acknowledged
            }
            runTasks(); // the writer thread has ended: nothing else touches the store's writes now
        }
    }
}
