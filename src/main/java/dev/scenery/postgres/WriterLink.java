package dev.scenery.postgres;

import dev.scenery.embedded.StoreException;
import dev.scenery.embedded.engine.AggregateWriter;
import dev.scenery.embedded.model.FirstSeen;
import dev.scenery.embedded.model.FirstVisit;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.ToIntFunction;

/**
 * PostgreSQL mode's hold on the writer: what it wrote since the last flush ({@link
 * UnflushedWrites}, told of every plan), and the work a flush does on the store, run on the
 * writer thread between two plans ({@link AggregateWriter#onWriterThread}).
 */
final class WriterLink {
    private final AggregateWriter writer;
    private final UnflushedWrites unflushed = new UnflushedWrites();

    /** Starts tracking: call before the first write. */
    WriterLink(AggregateWriter writer) {
        this.writer = writer;
        writer.listen(unflushed);
    }

    int dirtyBuckets() {
        return unflushed.dirtyCount;
    }

    /** The sequence number of the last write plan applied. */
    long lastSeq() {
        return writer.lastSeq();
    }

    /**
     * Takes the dirty set, between two write plans, with the last applied sequence number: every
     * write up to it changed only buckets in this set or in sets taken before.
     */
    CompletableFuture<DirtyBuckets> takeDirty() {
        return writer.onWriterThread(w -> {
            w.checkpoint(); // the flusher reads the maps: they must hold every write up to the watermark
            return unflushed.take(w.lastSeq());
        });
    }

    /** Puts keys and first-seen records back into the dirty sets (their flush failed). */
    CompletableFuture<Integer> restoreDirty(DirtyBuckets taken) {
        return writer.onWriterThread(w -> unflushed.restore(taken.keys(), taken.users()));
    }

    /** After a flush committed: its first-seen records no longer need the read overlay (any thread). */
    void committed(DirtyBuckets flushed) {
        unflushed.committed(flushed.users());
    }

    /**
     * The app's first-seen records written here and not known to be in PostgreSQL yet (any
     * thread): reads add what PostgreSQL would make of them, so they see this node's writes.
     */
    List<FirstSeen> pendingFirstVisits(String app) {
        return unflushed.pendingOf(app);
    }

    /**
     * At start: marks dirty every bucket written after {@code watermark} (one scan of the store),
     * and returns the last applied sequence number.
     *
     * @throws StoreException (through the future) when the watermark is ahead of this store: the
     *         data directory is not the one that flushed under this node id
     */
    CompletableFuture<Long> markDirtyAfter(long watermark) {
        return writer.onWriterThread(w -> {
            if (watermark > w.lastSeq()) {
                throw new StoreException("PostgreSQL has flushed this node up to write " + watermark
                        + " but the data directory " + w.store().dataDir() + " has only written up to " + w.lastSeq()
                        + ": it is not the data directory that flushed under this node id");
            }
            w.checkpoint();
            unflushed.markAfter(w.store(), watermark);
            return w.lastSeq();
        });
    }

    /**
     * Removes from the embedded store at most {@code max} buckets that ended before the first hour
     * to keep of their app and whose every write is flushed (last write at most {@code watermark}).
     */
    CompletableFuture<Integer> evict(long watermark, ToIntFunction<String> firstHourToKeep, int max) {
        return writer.onWriterThread(w -> {
            w.checkpoint(); // nothing changed in the cache: every bucket's last write is in the map
            int removed = Eviction.run(w.store(), watermark, firstHourToKeep, max, w::forgetCached);
            if (removed > 0) {
                w.usageChanged();
            }
            return removed;
        });
    }

    /**
     * Removes the first-seen records that are in PostgreSQL (written at or before the committed
     * {@code watermark}) and whose first visit is before {@code cutoffMillis}. The registry is
     * then a cache bounded by the users first seen since the cutoff: PostgreSQL decides first
     * visits, the local record only makes the node's own rows' new visitors (read only when
     * PostgreSQL does not answer). Returns how many were removed.
     */
    CompletableFuture<Integer> pruneFirstSeen(long watermark, long cutoffMillis) {
        return writer.onWriterThread(w -> {
            int removed = w.store().users().removeIf((k, v) -> {
                FirstVisit f = FirstVisit.decode(v);
                if (f.seq() > watermark || f.ts() >= cutoffMillis) {
                    return false;
                }
                w.store().usage().addUsers(f.app(), -1);
                return true;
            });
            if (removed > 0) {
                w.usageChanged();
            }
            return removed;
        });
    }
}
