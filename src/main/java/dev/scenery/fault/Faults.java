package dev.scenery.fault;

import java.util.Locale;

/**
 * The fault-injection seam of the write path, for crash tests. Every named step of a write,
 * checkpoint, tier roll-over, event-id expiry, eviction and flush calls {@link #at}; when the
 * environment variable {@code SCENERY_FAULT} (or the system property {@code scenery.fault}) arms
 * that step as {@code step:action[:n]}, its n-th pass (default 1) throws {@link InjectedFault}
 * ({@code throw}) or halts the JVM at once like {@code kill -9} ({@code halt}). Unarmed, a step
 * costs one volatile read.
 */
public final class Faults {
    /** Exit status of a halted JVM (as after SIGKILL). */
    public static final int HALT_STATUS = 137;

    private static volatile Armed armed = parse(System.getProperty("scenery.fault", System.getenv("SCENERY_FAULT")));

    private record Armed(Step step, boolean halt, int nth, int[] passes) {
    }

    private Faults() {
    }

    /** Marks the pass of a step; fails or halts there when it is armed. */
    public static void at(Step step) {
        Armed a = armed;
        if (a == null || a.step != step) {
            return;
        }
        synchronized (a) {
            if (++a.passes[0] != a.nth) {
                return;
            }
        }
        if (a.halt) {
            Runtime.getRuntime().halt(HALT_STATUS);
        }
        throw new InjectedFault(step);
    }

    /** Arms a step in this JVM ({@code null} disarms), as {@code SCENERY_FAULT} does at start. */
    public static void arm(String spec) {
        armed = parse(spec);
    }

    private static Armed parse(String spec) {
        if (spec == null || spec.isBlank()) {
            return null;
        }
        String[] parts = spec.trim().split(":");
        if (parts.length < 2 || !(parts[1].equals("throw") || parts[1].equals("halt"))) {
            throw new IllegalArgumentException("SCENERY_FAULT must be step:throw|halt[:n], got '" + spec + "'");
        }
        Step step = Step.valueOf(parts[0].toUpperCase(Locale.ROOT).replace('.', '_'));
        int nth = parts.length > 2 ? Integer.parseInt(parts[2]) : 1;
        return new Armed(step, parts[1].equals("halt"), nth, new int[1]);
    }

    /** The named steps, in the order a write and a checkpoint pass them. */
    public enum Step {
        /** A group of batches is planned; nothing is written yet. */
        WRITE_PLANNED,
        /** The plan is in the redo log (and forced, in durable mode); the maps are untouched. */
        WRITE_LOGGED,
        /** The plan's first-seen records are in the registry; its event ids are not. */
        WRITE_USERS,
        /** The plan's first-seen records and event ids are stored; the bucket cache is not changed. */
        WRITE_REGISTRY,
        /** The plan is applied; its batches are not answered yet. */
        WRITE_APPLIED,
        /** A checkpoint's after-images are encoded; the journal is untouched. */
        CHECKPOINT_ENCODED,
        /** The image is in the journal, not yet marked pending (the last saved seq is still the old one). */
        CHECKPOINT_IMAGE_WRITTEN,
        /** The after-images are in the journal, marked pending. */
        CHECKPOINT_JOURNALED,
        /** The first after-image is in the bucket map, the others are not. */
        CHECKPOINT_FIRST_PUT,
        /** Every after-image is in the bucket map; the journal is still pending. */
        CHECKPOINT_WRITTEN,
        /** The journal is marked done; the redo log still holds the plans. */
        CHECKPOINT_DONE,
        /** The redo log is emptied. */
        CHECKPOINT_RESET,
        /** A new tier file of a map exists and is empty. */
        TIER_CREATED,
        /** An entry moved from a full tier: it is in the new tier and still in the old one. */
        TIER_MOVED,
        /** An expired day of event ids is closed; its files are not yet deleted. */
        EVENTS_EXPIRED,
        /** One bucket is removed by an eviction (PostgreSQL mode). */
        EVICT_REMOVED,
        /** A flush transaction has written its rows and is about to commit (PostgreSQL mode). */
        FLUSH_BEFORE_COMMIT,
        /** A flush transaction committed; the node has not recorded it yet (PostgreSQL mode). */
        FLUSH_COMMITTED
    }

    /** The failure an armed {@code throw} step raises. */
    public static final class InjectedFault extends RuntimeException {
        InjectedFault(Step step) {
            super("injected fault at " + step.name().toLowerCase(Locale.ROOT).replace('_', '.'));
        }
    }
}
