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
 * contract test suite runs against each). Each answer carries its own {@link Provenance}.
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
     * @return value to its merged figures (values without data in the range are absent), with their provenance
     */
    Future<Answer<Map<String, Figures>>> totals(String app, Granularity g, Dimension d, int from, int to);

    /**
     * Figures per bucket for some values of a dimension.
     *
     * @return value to (bucket index to figures); buckets without data are absent
     */
    Future<Answer<Map<String, Map<Integer, Figures>>>> series(String app, Granularity g, Dimension d, int from, int to,
                                                             Collection<String> values);

    /** State of the PostgreSQL side for {@code /ready}, or null in embedded mode. */
    default io.vertx.core.json.JsonObject status() {
        return null;
    }
}
