package dev.scenery.postgres;

import dev.scenery.embedded.model.Dimension;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Locale;

/** Bucket coordinates as the rollup tables' columns hold them. */
final class Columns {
    private Columns() {
    }

    /** The {@code dimension} column: the dimension's name in lower case. */
    static String dimension(Dimension d) {
        return d.name().toLowerCase(Locale.ROOT);
    }

    /** The {@code hour} column of a local hour index: its wall-clock start, as a timestamp without zone. */
    static LocalDateTime hourStart(int hour) {
        return LocalDateTime.ofEpochSecond(hour * 3600L, 0, ZoneOffset.UTC);
    }

    static int hourIndex(LocalDateTime t) {
        return (int) Math.floorDiv(t.toEpochSecond(ZoneOffset.UTC), 3600L);
    }
}
