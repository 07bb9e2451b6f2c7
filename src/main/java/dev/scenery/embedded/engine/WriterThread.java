package dev.scenery.embedded.engine;

import dev.scenery.embedded.ChronicleStore;
import dev.scenery.embedded.model.BucketKey;

/**
 * What a task run on the writer thread ({@link AggregateWriter#onWriterThread}) may do, between
 * two write plans: nothing else writes the store meanwhile.
 */
public interface WriterThread {
    ChronicleStore store();

    /** The sequence number of the last write plan applied. */
    long lastSeq();

    /** Writes every change the writer holds on heap to the maps: they then hold every write up to {@link #lastSeq}. */
    void checkpoint();

    /** Drops the writer's cached copy of a bucket the task removed from the store (it must be saved: {@link #checkpoint} first). */
    void forgetCached(BucketKey key);

    /** Tells the writer that the task changed the apps' usage: the next checkpoint saves it. */
    void usageChanged();
}
