package dev.scenery.beacon;

import java.util.List;

/** The beacons of one request that passed validation, and those that did not. */
public record ParsedBatch(List<Beacon> beacons, List<Rejected> rejected) {
}
