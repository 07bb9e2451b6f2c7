package dev.scenery.embedded;

/**
 * A write that the store cannot hold whole: refused before anything of it was stored (HTTP 507,
 * retry later). {@link #limit} names the limit that was met, from a fixed set (a metric tag).
 */
public final class StoreFullException extends RuntimeException {
    private final StoreLimit limit;

    public StoreFullException(String message, StoreLimit limit) {
        super(message);
        this.limit = limit;
    }

    public StoreLimit limit() {
        return limit;
    }
}
