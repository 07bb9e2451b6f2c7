package dev.scenery.embedded.engine;

import dev.scenery.embedded.StoreFullException;
import dev.scenery.embedded.StoreLimit;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Why the writer refuses writes, and what it refused (for {@code /ready} and {@code /metrics}).
 * Written by the writer thread, read by any.
 */
public final class WriterStatus {
    /** A refusal keeps {@code /ready} degraded this long. */
    private static final long REFUSAL_SHOWN_NANOS = TimeUnit.SECONDS.toNanos(10);

    /** Why the last checkpoint failed, or null: writes are refused and reads do not wait until one succeeds. */
    private volatile String checkpointFailure;
    private volatile long checkpointFailures;
    /** Set when a refused plan could not be taken back: every write is refused until a restart. */
    private volatile String broken;
    private volatile String lastRefusal;
    private volatile long lastRefusalAt;
    private final Map<StoreLimit, long[]> refusals = new EnumMap<>(StoreLimit.class);

    /** Why every write is refused now, or null when writes may go ahead. */
    String refusal() {
        return broken != null ? broken : checkpointFailure != null
                ? "the store cannot save its changes (" + checkpointFailure + "); nothing was written, retry later" : null;
    }

    boolean checkpointsFail() {
        return checkpointFailure != null;
    }

    /** @return whether it is the first failure in a row (to log it once) */
    boolean checkpointFailed(RuntimeException e) {
        boolean first = checkpointFailure == null;
        checkpointFailure = String.valueOf(e.getMessage());
        checkpointFailures++;
        return first;
    }

    /** @return whether checkpoints failed until now */
    boolean checkpointSucceeded() {
        boolean recovered = checkpointFailure != null;
        checkpointFailure = null;
        return recovered;
    }

    void broken(String why) {
        broken = why;
    }

    boolean isBroken() {
        return broken != null;
    }

    void refused(StoreFullException e) {
        lastRefusal = e.getMessage();
        lastRefusalAt = System.nanoTime();
        synchronized (refusals) {
            refusals.computeIfAbsent(e.limit(), k -> new long[1])[0]++;
        }
    }

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

    /** Batches refused whole since start at this limit. */
    public long refusedCount(StoreLimit limit) {
        synchronized (refusals) {
            long[] n = refusals.get(limit);
            return n == null ? 0 : n[0];
        }
    }

    /** Checkpoints that failed since start (each is retried; writes are refused meanwhile). */
    public long checkpointFailures() {
        return checkpointFailures;
    }
}
