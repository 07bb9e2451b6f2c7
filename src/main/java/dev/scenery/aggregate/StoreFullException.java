package dev.scenery.aggregate;

/** The data directory's disk is nearly full: the batch was not written (HTTP 507, retry later). */
public final class StoreFullException extends RuntimeException {
    public StoreFullException(String message) {
        super(message, null, false, false);
    }
}
