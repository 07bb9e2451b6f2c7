package dev.scenery.aggregate;

import dev.scenery.beacon.Beacon;
import dev.scenery.beacon.Utm;
import dev.scenery.beacon.UtmDimension;
import dev.scenery.sketch.Hll;

/**
 * Turns accepted beacons into a {@link WritePlan}, reading (never writing) the first-seen registry
 * and the dedupe map. Runs on the single writer thread, so what it reads cannot change under it.
 */
final class BatchPlanner {
    private final ChronicleStore store;

    BatchPlanner(ChronicleStore store) {
        this.store = store;
    }

    /** Adds one batch to the plan; returns how many beacons were duplicates of accepted ones. */
    int add(WritePlan plan, PendingBatch batch) {
        int duplicates = 0;
        String app = batch.app();
        for (Beacon b : batch.beacons()) {
            if (b.dedupeId() != null) {
                ByteKey event = new ByteKey(Keys.event(app, b.dedupeId()));
                if (plan.events.containsKey(event) || store.events.containsKey(event.bytes())) {
                    duplicates++;
                    continue;
                }
                plan.events.put(event, Boolean.TRUE);
            }
            if (b.isVisit()) {
                addVisit(plan, batch.clock(), app, b);
            }
        }
        return duplicates;
    }

    private void addVisit(WritePlan plan, AppClock clock, String app, Beacon b) {
        int hour = clock.hourOf(b.ts());
        long uidHash = Hll.hashOf(b.uid());
        forEachBucket(app, hour, b.scene(), b.utm(), key -> {
            BucketDelta d = plan.delta(key);
            d.opens++;
            d.addHash(uidHash);
        });

        ByteKey user = new ByteKey(Keys.user(app, b.uid()));
        FirstVisit previous = plan.users.get(user);
        if (previous == null) {
            byte[] stored = store.users.get(user.bytes());
            previous = stored == null ? null : FirstVisit.decode(stored);
        }
        if (previous != null && previous.ts() <= b.ts()) {
            return;
        }
        if (previous != null) {
            forEachBucket(app, clock.hourOf(previous.ts()), previous.scene(), previous.utm(),
                    key -> plan.delta(key).newVisitors--);
        }
        forEachBucket(app, hour, b.scene(), b.utm(), key -> plan.delta(key).newVisitors++);
        plan.users.put(user, new FirstVisit(b.ts(), b.scene(), b.utm()));
    }

    /** Every bucket one visit counts in: all visits, its scene, each UTM value it carries; per hour and day. */
    static void forEachBucket(String app, int hour, int scene, Utm utm, java.util.function.Consumer<BucketKey> action) {
        int day = AppClock.dayOfHour(hour);
        String sceneValue = Integer.toString(scene);
        for (Granularity g : Granularity.values()) {
            int time = g == Granularity.HOUR ? hour : day;
            action.accept(new BucketKey(app, g, time, Dimension.ALL, ""));
            action.accept(new BucketKey(app, g, time, Dimension.SCENE, sceneValue));
            for (UtmDimension u : UtmDimension.all()) {
                String v = utm.get(u);
                if (v != null) {
                    action.accept(new BucketKey(app, g, time, Dimension.of(u), v));
                }
            }
        }
    }
}
