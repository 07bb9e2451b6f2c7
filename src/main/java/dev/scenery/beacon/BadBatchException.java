package dev.scenery.beacon;

/**
 * The body as a whole cannot be taken: not a JSON array, unreadable, empty or over a limit.
 * {@link #tooLarge()} tells a size limit (HTTP 413) from a malformed body (HTTP 400).
 */
public final class BadBatchException extends RuntimeException {
    private final boolean tooLarge;

    public BadBatchException(String message, boolean tooLarge) {
        super(message, null, false, false);
        this.tooLarge = tooLarge;
    }

    public static BadBatchException malformed(String message) {
        return new BadBatchException(message, false);
    }

    public static BadBatchException tooLarge(String message) {
        return new BadBatchException(message, true);
    }

    public boolean tooLarge() {
        return tooLarge;
    }
}
