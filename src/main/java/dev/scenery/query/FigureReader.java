package dev.scenery.query;

import dev.scenery.embedded.model.Dimension;
import dev.scenery.embedded.model.Granularity;
import dev.scenery.embedded.model.Figures;
import io.vertx.core.Future;
import java.util.Collection;
import java.util.Map;

/**
 * The read side of a store: merged figures of an app's buckets. Implemented by the embedded
 * Chronicle Map store and by PostgreSQL; both must give the same answers for the same data (one
 * contract test suite runs against each).
 */
public interface FigureReader {

    /**
     * Figures per value of a dimension, merged over a range of buckets.
     *
     * @param app  the app id
     * @param g    bucket size of {@code from} and {@code to}
     * @param d    the dimension ({@link Dimension#ALL} has the single value "")
     * @param from first bucket index, inclusive (hours or days since the local epoch)
     * @param to   last bucket index, inclusive
     * @return value to its merged figures; values without data in the range are absent
     */
    Future<Map<String, Figures>> totals(String app, Granularity g, Dimension d, int from, int to);

    /**
     * Figures per bucket for some values of a dimension.
     *
     * @return value to (bucket index to figures); buckets without data are absent
     */
    Future<Map<String, Map<Integer, Figures>>> series(String app, Granularity g, Dimension d, int from, int to,
                                                     Collection<String> values);

    /** Epoch millis of the newest data this reader includes. */
    long freshAsOf();

    /** Where the last answers came from: {@code embedded}, {@code postgres}, or {@code local} (PostgreSQL unreachable). */
    default String source() {
        return "embedded";
    }

    /** True when the last answer may lack data because PostgreSQL could not be read (it holds only this node's). */
    default boolean partial() {
        return false;
    }

    /** State of the PostgreSQL side for {@code /ready}, or null in embedded mode. */
    default io.vertx.core.json.JsonObject status() {
        return null;
    }
}
