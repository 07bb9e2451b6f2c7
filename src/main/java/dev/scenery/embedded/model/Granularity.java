package dev.scenery.embedded.model;

/** The two bucket sizes: local hours and local days of the app's time zone. */
public enum Granularity {
    HOUR, DAY;

    private static final Granularity[] ALL = values();

    /** Every granularity, without the copy {@code values()} makes (callers must not change it). */
    public static Granularity[] all() {
        return ALL;
    }

    static Granularity ofCode(int code) {
        return ALL[code];
    }
}
