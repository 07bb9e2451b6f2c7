package dev.scenery.embedded.engine;

import dev.scenery.embedded.ChronicleStore;
import dev.scenery.embedded.EventIds;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Drops the days of client event ids whose beacons are past the late window (writer thread). */
final class EventExpiry {
    private static final Logger LOG = LoggerFactory.getLogger(EventExpiry.class);
    /** How often the writer drops expired days of event ids. */
    private static final long EVERY_NANOS = TimeUnit.MINUTES.toNanos(10);

    private final ChronicleStore store;
    private final Checkpointer checkpointer;
    private final LongSupplier clock;
    /** The late window plus the future tolerance: no beacon older than this is accepted. */
    private final long keptMillis;
    private long lastRunAt;

    EventExpiry(ChronicleStore store, Checkpointer checkpointer, LongSupplier clock, long keptMillis) {
        this.store = store;
        this.checkpointer = checkpointer;
        this.clock = clock;
        this.keptMillis = keptMillis;
    }

    void runIfDue() {
        if (System.nanoTime() - lastRunAt > EVERY_NANOS) {
            run();
        }
    }

    void run() {
        lastRunAt = System.nanoTime();
        long oldest = clock.getAsLong() - keptMillis;
        long removed = store.events().expireBefore(oldest);
        if (removed > 0) {
            store.usage().expireEventsBefore(EventIds.dayOf(oldest));
            checkpointer.usageChanged = true;
            LOG.info("forgot {} client event ids of beacons older than the late window", removed);
        }
    }
}
