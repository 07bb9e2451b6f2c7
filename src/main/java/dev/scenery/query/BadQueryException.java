package dev.scenery.query;

/** A query parameter is missing or wrong; the message names it. Answered with HTTP 400. */
public final class BadQueryException extends RuntimeException {
    public BadQueryException(String message) {
        super(message, null, false, false);
    }
}
