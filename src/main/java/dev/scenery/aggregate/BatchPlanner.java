package dev.scenery.aggregate;

import dev.scenery.beacon.Beacon;
import dev.scenery.beacon.Utm;
import dev.scenery.beacon.UtmDimension;
import dev.scenery.sketch.Hll;

/**
 * Turns accepted beacons into a {@link WritePlan}, reading (never writing) the first-seen registry,
 * the dedupe map and the bucket index. Runs on the single writer thread, so what it reads cannot change under it.
 */
final class BatchPlanner {
    /** The value that stands for every UTM value past the per-day cap. */
    static final String OTHER = "(other)";
    private final ChronicleStore store;
    private final int maxUtmValuesPerDay;

    BatchPlanner(ChronicleStore store, int maxUtmValuesPerDay) {
        this.store = store;
        this.maxUtmValuesPerDay = maxUtmValuesPerDay;
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
        Utm utm = capped(plan, app, AppClock.dayOfHour(hour), b.utm());

        ByteKey user = new ByteKey(Keys.user(app, b.uid()));
        FirstVisit previous = plan.users.get(user);
        if (previous == null) {
            byte[] stored = store.users.get(user.bytes());
            previous = stored == null ? null : FirstVisit.decode(stored);
        }
        if (previous != null && previous.ts() <= b.ts()) {
            plan.tallies.add(new Tally(app, hour, b.scene(), utm, uidHash, true, 0));
            return;
        }
        if (previous != null) {
            plan.tallies.add(new Tally(app, clock.hourOf(previous.ts()), previous.scene(), previous.utm(), 0L, false, -1));
        }
        plan.tallies.add(new Tally(app, hour, b.scene(), utm, uidHash, true, 1));
        plan.users.put(user, new FirstVisit(b.ts(), b.scene(), utm));
    }

    /**
     * Keeps memory bounded against a client that invents UTM values: past the per-day cap of
     * distinct values of a dimension, new values of that day count as {@link #OTHER}.
     */
    private Utm capped(WritePlan plan, String app, int day, Utm utm) {
        if (utm.isEmpty()) {
            return utm;
        }
        String[] values = null;
        for (UtmDimension u : UtmDimension.all()) {
            String v = utm.get(u);
            if (v == null) {
                continue;
            }
            Dimension d = Dimension.of(u);
            java.util.Set<String> stored = store.index.values(app, Granularity.DAY, d, day);
            if (stored.contains(v)) {
                continue;
            }
            java.util.Set<String> planned = plan.newUtmValues.computeIfAbsent(
                    new BucketKey(app, Granularity.DAY, day, d, ""), k -> new java.util.HashSet<>());
            if (planned.contains(v)) {
                continue;
            }
            if (stored.size() + planned.size() < maxUtmValuesPerDay) {
                planned.add(v);
                continue;
            }
            if (values == null) {
                values = new String[5];
                for (UtmDimension x : UtmDimension.all()) {
                    values[x.ordinal()] = utm.get(x);
                }
            }
            values[u.ordinal()] = OTHER;
        }
        return values == null ? utm : Utm.of(values);
    }

    /** Every bucket one visit counts in: all visits, its scene, each UTM value it carries; per hour and day. */
    static void forEachBucket(String app, int hour, int scene, Utm utm, java.util.function.Consumer<BucketKey> action) {
        int day = AppClock.dayOfHour(hour);
        String sceneValue = Integer.toString(scene);
        for (Granularity g : Granularity.all()) {
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
