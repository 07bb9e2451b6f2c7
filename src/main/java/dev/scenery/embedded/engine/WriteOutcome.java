package dev.scenery.embedded.engine;

/**
 * What the store did with one batch, known once it is written.
 *
 * @param accepted   beacons counted (new to the store)
 * @param duplicates beacons whose client event id was accepted before
 */
public record WriteOutcome(int accepted, int duplicates) {
}
