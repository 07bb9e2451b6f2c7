package dev.scenery.embedded.engine;

import dev.scenery.beacon.Utm;

/**
 * One change a write plan makes to every bucket a visit counts in (see
 * {@link BucketKey#forEachOfVisit}): a visit (one open and the user's hash) and/or a change of
 * new visitors (+1 for a first visit, -1 where a first visit moved away from).
 *
 * @param utm         the UTM values as counted, already capped per day
 * @param visit       whether it adds one open and {@code uidHash} to the visitors sketch
 * @param newVisitors -1, 0 or +1
 */
record Tally(String app, int hour, int scene, Utm utm, long uidHash, boolean visit, int newVisitors) {
}
