package dev.scenery.embedded;

/** The limit a refused write met, as the {@code limit} tag of {@code scenery_batches_refused}. */
public enum StoreLimit {
    /** The free-disk floor ({@code store.minFreeBytes}). */
    DISK,
    /** The disk budget ({@code store.maxDiskBytes}). */
    BUDGET,
    /** An app past its share of the store ({@code store.appSharePercent}). */
    APP_SHARE,
    /** The store cannot write now (a failed checkpoint, a tier it could not add, an undo that failed). */
    STORE;

    public String tag() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
