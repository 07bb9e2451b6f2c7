package dev.scenery.beacon;

/**
 * A beacon of a batch that was refused on its own: its index, the reason as a bounded code (for
 * metrics) and a message for the client naming what is wrong.
 */
public record Rejected(int index, RejectReason reason, String error) {
}
