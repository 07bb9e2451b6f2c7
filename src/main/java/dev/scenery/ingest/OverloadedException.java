package dev.scenery.ingest;

/** The store's write queue is full or closing: the request is shed and may be retried. */
public final class OverloadedException extends RuntimeException {
    public OverloadedException() {
        super("the service is overloaded; retry later", null, false, false);
    }
}
