package dev.scenery.embedded.engine;

import dev.scenery.beacon.TestTraffic;
import dev.scenery.embedded.ChronicleStore;
import dev.scenery.embedded.StoreFullException;
import dev.scenery.embedded.StoreLimit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * What the store can take before a group is written (writer thread): each app within its share
 * of the store, and room in the files for a plan's new entries, so that nothing is written of a
 * plan the store cannot hold whole.
 */
final class Admission {
    private final ChronicleStore store;
    private final double appShare;

    Admission(ChronicleStore store, double appShare) {
        this.store = store;
        this.appShare = appShare;
    }

    /** Batches of apps within their share of the store; the others are refused through {@code refuse}. */
    List<PendingBatch> withinShare(List<PendingBatch> group, BiConsumer<PendingBatch, StoreFullException> refuse) {
        long share = (long) (store.budget().capacity() * appShare);
        List<PendingBatch> admitted = new ArrayList<>(group.size());
        for (PendingBatch b : group) {
            // with its test traffic (TestTraffic: a shadow app the planner writes to), which takes room too
            long holds = store.usage().bytes(b.app()) + store.usage().bytes(TestTraffic.shadowOf(b.app()));
            if (appShare < 1.0 && holds > share) {
                refuse.accept(b, new StoreFullException("app '" + b.app() + "' holds about " + holds + " bytes of the store, past its share of "
                        + share + " (store.appSharePercent); nothing was written", StoreLimit.APP_SHARE));
            } else {
                admitted.add(b);
            }
        }
        return admitted;
    }

    /**
     * Room for the plan's new first-seen records and event ids, before anything is written.
     *
     * @throws StoreFullException when a file would have to grow past a limit
     */
    void reserve(WritePlan plan) {
        long newUsers = plan.users.values().stream().filter(WritePlan.User::isNew).count();
        store.users().reserve(newUsers);
        Map<Integer, long[]> perDay = new HashMap<>();
        for (WritePlan.Event e : plan.events.values()) {
            perDay.computeIfAbsent(e.day(), d -> new long[1])[0]++;
        }
        perDay.forEach((day, n) -> store.events().reserve(day, n[0]));
    }
}
