package dev.scenery.http;

/** An answer other than success, with its HTTP status and a message naming what is wrong. */
public final class ApiException extends RuntimeException {
    private final int status;
    private final String retryAfterSeconds;

    public ApiException(int status, String message) {
        this(status, message, null);
    }

    public ApiException(int status, String message, String retryAfterSeconds) {
        super(message, null, false, false);
        this.status = status;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int status() {
        return status;
    }

    public String retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
