package dev.scenery.ingest;

import dev.scenery.metrics.BeaconFormat;
import dev.scenery.embedded.engine.AggregateWriter;
import dev.scenery.embedded.model.AppClock;
import dev.scenery.beacon.Beacon;
import dev.scenery.beacon.ParsedBatch;
import dev.scenery.beacon.RejectReason;
import dev.scenery.beacon.Rejected;
import dev.scenery.config.AppConfig;
import dev.scenery.config.LimitsConfig;
import dev.scenery.metrics.SceneryMetrics;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Takes parsed batches of any wire format: checks each beacon's time against the late window and
 * the future tolerance, hands the rest to the store writer, and answers once they are written.
 */
public final class IngestService {
    private final AggregateWriter writer;
    private final LimitsConfig limits;
    private final LongSupplier clock;
    private final SceneryMetrics metrics;
    private final Map<String, AppClock> clocks = new ConcurrentHashMap<>();

    public IngestService(AggregateWriter writer, LimitsConfig limits, LongSupplier clock, SceneryMetrics metrics) {
        this.writer = writer;
        this.limits = limits;
        this.clock = clock;
        this.metrics = metrics;
    }

    /**
     * Writes a batch for an app.
     *
     * @throws OverloadedException when the writer cannot take it now
     */
    public CompletableFuture<IngestResult> ingest(AppConfig app, ParsedBatch batch, BeaconFormat format) {
        long now = clock.getAsLong();
        long oldest = now - limits.lateWindowMillis();
        long newest = now + limits.futureToleranceMillis();
        List<Rejected> rejected = new ArrayList<>(batch.rejected());
        List<Beacon> timely = new ArrayList<>(batch.beacons().size());
        for (int i = 0, n = batch.beacons().size(); i < n; i++) {
            Beacon b = batch.beacons().get(i);
            if (b.ts() > newest) {
                rejected.add(new Rejected(indexOf(batch, i), RejectReason.FUTURE_TS, "ts is more than " + limits.futureToleranceMillis() / 60_000 + " minutes in the future"));
            } else if (b.ts() < oldest) {
                rejected.add(new Rejected(indexOf(batch, i), RejectReason.LATE_TS, "ts is older than the late window of " + limits.lateWindowMillis() / 86_400_000L + " days"));
            } else {
                timely.add(app.isTest(b) ? b.asTest() : b); // test traffic: counted apart (TestTraffic)
            }
        }
        rejected.sort(Comparator.comparingInt(Rejected::index));
        for (Rejected r : rejected) {
            metrics.rejected(app.id(), format, r.reason());
        }
        metrics.batch(app.id(), format, batch.beacons().size() + batch.rejected().size());
        if (timely.isEmpty()) {
            return CompletableFuture.completedFuture(new IngestResult(0, 0, rejected));
        }
        AppClock appClock = clocks.computeIfAbsent(app.id(), id -> new AppClock(app.zone()));
        CompletableFuture<dev.scenery.embedded.engine.WriteOutcome> written = writer.submit(app.id(), appClock, timely);
        if (written == null) {
            metrics.shed(app.id(), format);
            throw new OverloadedException();
        }
        return written.thenApply(o -> {
            metrics.accepted(app.id(), format, o.accepted(), o.duplicates());
            return new IngestResult(o.accepted(), o.duplicates(), rejected);
        });
    }

    /**
     * The request index of the i-th valid beacon: parsers keep valid beacons in request order and
     * list the rejected ones by index, so the i-th valid one is the i-th index not rejected.
     */
    private static int indexOf(ParsedBatch batch, int validIndex) {
        int index = validIndex;
        for (Rejected r : batch.rejected()) {
            if (r.index() <= index) {
                index++;
            } else {
                break;
            }
        }
        return index;
    }
}
