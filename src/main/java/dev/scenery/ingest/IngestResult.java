package dev.scenery.ingest;

import dev.scenery.beacon.Rejected;
import java.util.List;

/**
 * The answer to one ingest request.
 *
 * @param accepted   beacons counted
 * @param duplicates retries of beacons accepted before
 * @param rejected   beacons refused, each with its index in the request and the reason
 */
public record IngestResult(int accepted, int duplicates, List<Rejected> rejected) {
}
