package dev.scenery.embedded.engine;

import dev.scenery.embedded.ChronicleStore;
import dev.scenery.embedded.log.CheckpointImage;
import dev.scenery.embedded.model.BucketKey;
import dev.scenery.embedded.model.ByteKey;
import dev.scenery.fault.Faults;
import java.util.Map;

/**
 * Applies write plans and checkpoint images. A plan is applied whole or not at all: its buckets
 * are loaded first (the part that reads the map), then its first-seen records and event ids go to
 * their maps (whole values: writing them again is harmless), then its tallies change the
 * {@link BucketCache} (memory only). Should a put fail, the puts made are taken back. A
 * checkpoint writes the after-images of the changed buckets to the bucket map; writing the same
 * {@link CheckpointImage} twice gives the same map, so replaying it is safe.
 */
final class PlanApplier {
    private final ChronicleStore store;
    private final BucketCache cache;

    PlanApplier(ChronicleStore store, BucketCache cache) {
        this.store = store;
        this.cache = cache;
    }

    /**
     * Applies a plan whole.
     *
     * @throws RuntimeException when it could not; nothing of the plan is then stored (unless
     *         taking back its puts failed too: {@link UndoFailedException})
     */
    void apply(WritePlan plan) {
        int usersPut = 0;
        int eventsPut = 0;
        try {
            cache.load(plan);
            for (Map.Entry<ByteKey, WritePlan.User> e : plan.users.entrySet()) {
                store.users().put(e.getKey().bytes(), e.getValue().visit().encode());
                usersPut++;
            }
            Faults.at(Faults.Step.WRITE_USERS);
            for (Map.Entry<ByteKey, WritePlan.Event> e : plan.events.entrySet()) {
                store.events().put(e.getValue().day(), e.getKey().bytes(), plan.acceptedAt);
                eventsPut++;
            }
            Faults.at(Faults.Step.WRITE_REGISTRY);
        } catch (RuntimeException e) {
            try {
                takeBack(plan, usersPut, eventsPut);
                cache.unload();
            } catch (RuntimeException undoFailed) {
                undoFailed.addSuppressed(e);
                throw new UndoFailedException(undoFailed);
            }
            throw e;
        }
        countUsage(plan);
        cache.apply(plan);
    }

    /**
     * Takes back the first puts of a refused plan: the plan itself says what they were and what
     * each first-seen record replaced, so nothing is recorded per put while it goes well.
     */
    private void takeBack(WritePlan plan, int usersPut, int eventsPut) {
        int n = 0;
        for (Map.Entry<ByteKey, WritePlan.Event> e : plan.events.entrySet()) {
            if (n++ == eventsPut) {
                break;
            }
            store.events().remove(e.getValue().day(), e.getKey().bytes());
        }
        n = 0;
        for (Map.Entry<ByteKey, WritePlan.User> e : plan.users.entrySet()) {
            if (n++ == usersPut) {
                break;
            }
            byte[] previous = e.getValue().previous();
            if (previous == null) {
                store.users().remove(e.getKey().bytes());
            } else {
                store.users().put(e.getKey().bytes(), previous);
            }
        }
    }

    /** Replays a logged plan at start (its puts are whole values: repeating them is harmless). */
    void replay(WritePlan plan) {
        cache.load(plan);
        for (Map.Entry<ByteKey, WritePlan.User> e : plan.users.entrySet()) {
            store.users().put(e.getKey().bytes(), e.getValue().visit().encode());
        }
        for (Map.Entry<ByteKey, WritePlan.Event> e : plan.events.entrySet()) {
            store.events().put(e.getValue().day(), e.getKey().bytes(), plan.acceptedAt);
        }
        countUsage(plan);
        cache.apply(plan);
    }

    private void countUsage(WritePlan plan) {
        for (WritePlan.User u : plan.users.values()) {
            if (u.isNew()) {
                store.usage().addUsers(u.app(), 1);
            }
        }
        for (WritePlan.Event e : plan.events.values()) {
            store.usage().addEvents(e.app(), e.day(), 1);
        }
    }

    /** Writes a checkpoint's after-images (their keys are in the index already). */
    void checkpoint(CheckpointImage image) {
        for (int i = 0; i < image.bucketCount(); i++) {
            store.buckets().put(image.key(i), image.value(i));
            if (i == 0) {
                Faults.at(Faults.Step.CHECKPOINT_FIRST_PUT);
            }
        }
    }

    /** Writes again an image the journal held at start, indexing its buckets. */
    void replay(CheckpointImage image) {
        for (int i = 0; i < image.bucketCount(); i++) {
            byte[] key = image.key(i);
            store.buckets().put(key, image.value(i));
            store.index().add(BucketKey.decode(key));
        }
    }

    /** Taking back a refused plan's puts failed: the store no longer knows what it holds until a restart replays the log. */
    static final class UndoFailedException extends RuntimeException {
        UndoFailedException(RuntimeException cause) {
            super("a refused write could not be taken back: " + cause, cause);
        }
    }
}
