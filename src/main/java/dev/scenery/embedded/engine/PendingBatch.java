package dev.scenery.embedded.engine;

import dev.scenery.embedded.model.AppClock;
import dev.scenery.beacon.Beacon;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** One request's accepted beacons waiting for the writer, and the future its answer waits on. */
record PendingBatch(String app, AppClock clock, List<Beacon> beacons, CompletableFuture<WriteOutcome> done) {
}
