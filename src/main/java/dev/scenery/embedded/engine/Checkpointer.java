package dev.scenery.embedded.engine;

import dev.scenery.embedded.ChronicleStore;
import dev.scenery.embedded.StoreException;
import dev.scenery.embedded.log.ByteSink;
import dev.scenery.embedded.log.CheckpointImage;
import dev.scenery.config.StoreConfig;
import dev.scenery.fault.Faults;
import dev.scenery.fault.Faults.Step;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the bucket cache's changes to the bucket map (writer thread only): encodes the
 * after-images of the changed buckets with each app's usage ({@link CheckpointImage}), journals
 * them as pending, puts them into the map, marks the journal done and empties the redo log. In
 * durable mode the map files are forced before the journal is marked done, so the log is emptied
 * only once its plans are on disk in the maps. See {@code docs/design.md}, "Write protocol".
 */
final class Checkpointer implements CheckpointStats {
    private static final Logger LOG = LoggerFactory.getLogger(Checkpointer.class);
    /** Checkpoints longer than this are logged with where their time went. */
    private static final long SLOW_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final ChronicleStore store;
    private final BucketCache cache;
    private final PlanApplier applier;
    private final boolean durable;
    private final ByteSink bytes = new ByteSink(1 << 20);
    private final ByteSink usageBytes = new ByteSink(1 << 12);
    /** Usage changed outside write plans (expiry, eviction): the next checkpoint saves an image even without buckets. */
    boolean usageChanged;
    private volatile long count;
    private volatile long lastNanos;
    private volatile long maxNanos;
    private volatile int lastBuckets;

    Checkpointer(ChronicleStore store, BucketCache cache, PlanApplier applier) {
        this.store = store;
        this.cache = cache;
        this.applier = applier;
        this.durable = store.config().sync() == StoreConfig.Sync.DURABLE;
    }

    /** Saves every change up to the write plan {@code seq}. */
    void run(long seq) {
        if (store.checkpointJournal().isPending()) {
            // an earlier attempt failed after journaling its image: the map may hold part of it, so
            // it is completed as it was before anything else (a new image over it could be torn)
            completePending();
        }
        long start = System.nanoTime();
        int buckets = cache.changedCount();
        long encoded = start;
        long journaled = start;
        long written = start;
        if (buckets > 0 || usageChanged || store.checkpointJournal().lastSeq() < seq) {
            // room for the new buckets first: a tier added here may use the reserve the writer keeps
            store.buckets().reserve(cache.changedNewCount());
            CheckpointImage image = cache.afterImages(seq, store.usage());
            usageBytes.clear();
            store.usage().encode(usageBytes);
            image.usage(java.util.Arrays.copyOf(usageBytes.array(), usageBytes.size()));
            image.serialize(bytes);
            Faults.at(Step.CHECKPOINT_ENCODED);
            encoded = System.nanoTime();
            store.checkpointJournal().begin(seq, bytes.array(), bytes.size());
            Faults.at(Step.CHECKPOINT_JOURNALED);
            journaled = System.nanoTime();
            applier.checkpoint(image);
            if (durable) {
                store.force();
            }
            Faults.at(Step.CHECKPOINT_WRITTEN);
            written = System.nanoTime();
            store.checkpointJournal().done();
            Faults.at(Step.CHECKPOINT_DONE);
            cache.saved();
            usageChanged = false;
            store.redoLog().reset();
            Faults.at(Step.CHECKPOINT_RESET);
        } else {
            cache.trim(); // nothing to save: the log holds no plan past the last image
        }
        long took = System.nanoTime() - start;
        if (took > SLOW_NANOS) {
            LOG.info("slow checkpoint: {} buckets, {} bytes in {} ms (encode {} ms, journal {} ms, map puts {} ms, rest {} ms)",
                    buckets, bytes.size(), took / 1_000_000, (encoded - start) / 1_000_000,
                    (journaled - encoded) / 1_000_000, (written - journaled) / 1_000_000,
                    (System.nanoTime() - written) / 1_000_000);
        }
        count++;
        lastNanos = took;
        lastBuckets = buckets;
        maxNanos = Math.max(maxNanos, took);
    }

    /**
     * At start, after a crash: restores the usage of the last image, writes again a pending one.
     *
     * @return the last write plan the maps hold
     */
    long recover() {
        byte[] last = store.checkpointJournal().last();
        if (last != null) {
            store.usage().decode(java.nio.ByteBuffer.wrap(CheckpointImage.deserialize(last).usage()));
        }
        completePending();
        return store.checkpointJournal().lastSeq();
    }

    private void completePending() {
        byte[] pending = store.checkpointJournal().pending();
        if (pending == null) {
            if (store.checkpointJournal().isPending()) {
                throw new StoreException("the journal holds a pending checkpoint whose checksum does not match: "
                        + "it cannot be completed, and the redo log cannot be replayed over it");
            }
            return;
        }
        CheckpointImage image = CheckpointImage.deserialize(pending);
        LOG.info("writing again checkpoint {} left unfinished ({} buckets)", image.seq(), image.bucketCount());
        applier.replay(image);
        if (durable) {
            store.force();
        }
        store.checkpointJournal().done();
    }

    CheckpointStats stats() {
        return this;
    }

    @Override
    public long count() {
        return count;
    }

    @Override
    public double lastSeconds() {
        return lastNanos / 1e9;
    }

    @Override
    public double maxSeconds() {
        return maxNanos / 1e9;
    }

    @Override
    public int lastBuckets() {
        return lastBuckets;
    }
}
