package dev.scenery.beacon;

/** A beacon of a batch that was refused on its own, with the reason. */
public record Rejected(int index, String error) {
}
