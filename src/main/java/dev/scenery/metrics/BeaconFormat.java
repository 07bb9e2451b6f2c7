package dev.scenery.metrics;

/** The wire format a batch came in, as the {@code format} tag of the ingest meters. */
public enum BeaconFormat {
    /** Scenery's own batch API. */
    NATIVE,
    /** The GrowingIO SDK's collect routes. */
    GROWINGIO;

    String tag() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
