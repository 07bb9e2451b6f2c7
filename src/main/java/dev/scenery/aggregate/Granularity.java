package dev.scenery.aggregate;

/** The two bucket sizes: local hours and local days of the app's time zone. */
public enum Granularity {
    HOUR, DAY;

    private static final Granularity[] ALL = values();

    static Granularity ofCode(int code) {
        return ALL[code];
    }
}
