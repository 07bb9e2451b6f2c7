package dev.scenery.embedded.engine;

import dev.scenery.embedded.ChronicleStore;
import dev.scenery.embedded.EventIds;
import dev.scenery.embedded.model.AppClock;
import dev.scenery.embedded.model.BucketKey;
import dev.scenery.embedded.model.ByteKey;
import dev.scenery.embedded.model.Dimension;
import dev.scenery.embedded.model.FirstVisit;
import dev.scenery.embedded.model.Granularity;
import dev.scenery.embedded.model.Keys;
import dev.scenery.beacon.Beacon;
import dev.scenery.beacon.TestTraffic;
import dev.scenery.beacon.Utm;
import dev.scenery.beacon.UtmCombo;
import dev.scenery.beacon.UtmDimension;
import dev.scenery.sketch.Hll;
import java.util.HashSet;
import java.util.Set;

/**
 * Turns accepted beacons into a {@link WritePlan}, reading (never writing) the first-seen registry,
 * the event ids and the bucket index. Runs on the single writer thread, so what it reads cannot
 * change under it.
 *
 * <p>Budgets, not walls: per app and day, each dimension takes at most a budgeted number of
 * distinct values ({@code limits.maxScenesPerDay}, {@code limits.maxUtmValuesPerDay}); a visit
 * with a value new past the budget counts under the dimension's overflow value instead
 * ({@link #OVERFLOW_SCENE}, {@link #OTHER}), so hostile or broken clients cannot grow an app's
 * buckets without bound, and the figures stay exact in total.
 */
final class BatchPlanner {
    /** The value that stands for every UTM value past the per-day budget. */
    static final String OTHER = "(other)";
    /** The scene that stands for every scene value past the per-day budget. */
    static final int OVERFLOW_SCENE = -1;
    private static final String OVERFLOW_SCENE_VALUE = Integer.toString(OVERFLOW_SCENE);

    private final ChronicleStore store;
    private final int maxUtmValuesPerDay;
    private final int maxScenesPerDay;
    private final BudgetListener overflow;

    /** Told of every visit counted under an overflow value (a metric per app and dimension). */
    public interface BudgetListener {
        void overflowed(String app, Dimension dimension);
    }

    BatchPlanner(ChronicleStore store, int maxUtmValuesPerDay, int maxScenesPerDay, BudgetListener overflow) {
        this.store = store;
        this.maxUtmValuesPerDay = maxUtmValuesPerDay;
        this.maxScenesPerDay = maxScenesPerDay;
        this.overflow = overflow;
    }

    /** Adds one batch to the plan; returns how many beacons were duplicates of accepted ones. */
    int add(WritePlan plan, PendingBatch batch) {
        int duplicates = 0;
        String app = batch.app();
        String shadow = null; // the app's test-traffic id, made once per batch that has test visits
        for (Beacon b : batch.beacons()) {
            if (b.dedupeId() != null) {
                ByteKey event = new ByteKey(Keys.event(app, b.dedupeId()));
                int day = EventIds.dayOf(b.ts());
                if (plan.events.containsKey(event) || store.events().contains(day, event.bytes())) {
                    duplicates++;
                    continue;
                }
                plan.events.put(event, new WritePlan.Event(app, day));
            }
            if (b.isVisit()) {
                // test traffic counts under the app's shadow id: apart from its figures, otherwise like any app
                if (b.test() && shadow == null) {
                    shadow = TestTraffic.shadowOf(app);
                }
                addVisit(plan, batch.clock(), b.test() ? shadow : app, b);
            }
        }
        return duplicates;
    }

    private void addVisit(WritePlan plan, AppClock clock, String app, Beacon b) {
        int hour = clock.hourOf(b.ts());
        int day = AppClock.dayOfHour(hour);
        long uidHash = Hll.hashOf(b.uid());
        int scene = budgetedScene(plan, app, day, b.scene());
        Utm utm = budgeted(plan, app, day, b.utm());

        ByteKey user = new ByteKey(Keys.user(app, b.uid()));
        WritePlan.User planned = plan.users.get(user);
        byte[] stored = planned != null ? planned.previous() : store.users().get(user.bytes());
        FirstVisit previous = planned != null ? planned.visit() : stored == null ? null : FirstVisit.decode(stored);
        if (previous != null && previous.ts() <= b.ts()) {
            plan.tallies.add(new Tally(app, hour, scene, utm, uidHash, true, 0));
            return;
        }
        if (previous != null) {
            plan.tallies.add(new Tally(app, clock.hourOf(previous.ts()), previous.scene(), previous.utm(), 0L, false, -1));
        }
        plan.tallies.add(new Tally(app, hour, scene, utm, uidHash, true, 1));
        plan.users.put(user, new WritePlan.User(app, new FirstVisit(b.ts(), scene, utm, plan.seq, app), stored == null, stored));
    }

    private int budgetedScene(WritePlan plan, String app, int day, int scene) {
        return withinBudget(plan, app, day, Dimension.SCENE, Integer.toString(scene), maxScenesPerDay)
                ? scene : OVERFLOW_SCENE;
    }

    /**
     * UTM values past their dimension's budget of the day become {@link #OTHER}; the combined values
     * ({@link UtmCombo}, of the values as sent) are budgeted the same way and kept with the tally.
     */
    private Utm budgeted(WritePlan plan, String app, int day, Utm utm) {
        if (utm.isEmpty()) {
            return utm;
        }
        String[] combos = new String[UtmCombo.all().length];
        for (UtmCombo c : UtmCombo.all()) {
            String v = c.of(utm);
            combos[c.ordinal()] = v == null || withinBudget(plan, app, day, Dimension.of(c), v, maxUtmValuesPerDay) ? v : OTHER;
        }
        return singles(plan, app, day, utm).withCombos(combos[0], combos[1]);
    }

    private Utm singles(WritePlan plan, String app, int day, Utm utm) {
        String[] values = null;
        for (UtmDimension u : UtmDimension.all()) {
            String v = utm.get(u);
            if (v == null || withinBudget(plan, app, day, Dimension.of(u), v, maxUtmValuesPerDay)) {
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

    /**
     * Whether a value may have a bucket of its own on that day: it has one already, or the day has
     * fewer than {@code budget} values of the dimension (stored and planned).
     */
    private boolean withinBudget(WritePlan plan, String app, int day, Dimension d, String value, int budget) {
        Set<String> stored = store.index().values(app, Granularity.DAY, d, day);
        if (stored.contains(value)) {
            return true;
        }
        Set<String> planned = plan.newValues.computeIfAbsent(new BucketKey(app, Granularity.DAY, day, d, ""), k -> new HashSet<>());
        if (planned.contains(value)) {
            return true;
        }
        // the overflow value itself always has room: it holds what the budget turned away
        String overflowValue = d == Dimension.SCENE ? OVERFLOW_SCENE_VALUE : OTHER;
        int used = stored.size() + planned.size() - (stored.contains(overflowValue) ? 1 : 0)
                - (planned.contains(overflowValue) ? 1 : 0);
        if (overflowValue.equals(value) || used < budget) {
            planned.add(value);
            return true;
        }
        overflow.overflowed(app, d);
        return false;
    }
}
