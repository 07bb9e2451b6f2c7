package dev.scenery.postgres;

import dev.scenery.embedded.model.Dimension;
import dev.scenery.embedded.model.Granularity;
import dev.scenery.embedded.model.StoredBucket;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
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

    /**
     * The parameters of a rollup read of [from, to] that leaves out the rows this node holds
     * locally (the buckets {@code held}, each of one generation): app, dimension, range, node id,
     * then the held buckets' times, values and generations as arrays.
     */
    static Tuple readParams(String app, Granularity g, Dimension d, int from, int to, String nodeId, List<StoredBucket> held) {
        int n = held.size();
        String[] values = new String[n];
        Long[] generations = new Long[n];
        Tuple t = Tuple.of(app, Columns.dimension(d));
        if (g == Granularity.HOUR) {
            LocalDateTime[] hours = new LocalDateTime[n];
            for (int i = 0; i < n; i++) {
                hours[i] = Columns.hourStart(held.get(i).key().time());
            }
            t.addLocalDateTime(Columns.hourStart(from)).addLocalDateTime(Columns.hourStart(to)).addString(nodeId)
                    .addArrayOfLocalDateTime(hours);
        } else {
            LocalDate[] days = new LocalDate[n];
            for (int i = 0; i < n; i++) {
                days[i] = LocalDate.ofEpochDay(held.get(i).key().time());
            }
            t.addLocalDate(LocalDate.ofEpochDay(from)).addLocalDate(LocalDate.ofEpochDay(to)).addString(nodeId)
                    .addArrayOfLocalDate(days);
        }
        for (int i = 0; i < n; i++) {
            values[i] = held.get(i).key().value();
            generations[i] = held.get(i).generation();
        }
        return t.addArrayOfString(values).addArrayOfLong(generations);
    }
}
