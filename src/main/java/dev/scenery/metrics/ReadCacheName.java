package dev.scenery.metrics;

/** The read caches, as the {@code cache} tag of {@code cache_gets_total} and the other cache meters. */
public enum ReadCacheName {
    /** Embedded reader: figures and merged rollups of whole ranges. */
    EMBEDDED_RANGES,
    /** Embedded reader: figures of single buckets (trend points). */
    EMBEDDED_POINTS,
    /** PostgreSQL mode: whole answers, checked against day versions. */
    POSTGRES_ANSWERS;

    String tag() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
