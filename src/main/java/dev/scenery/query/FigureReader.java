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

    /**
     * Figures per group of the values of a dimension merged over a range of buckets: opens and new
     * visitors are sums over the group's values (a new visitor has one first visit, a visit one
     * value of the dimension), visitors one distinct count over the union of their sketches.
     *
     * @return group to its merged figures (groups without data in the range are absent), with their provenance
     */
    Future<Answer<Map<String, Figures>>> groupTotals(String app, Granularity g, Dimension d, int from, int to,
                                                     Grouping grouping);

    /**
     * Figures per group (as {@link #groupTotals}) and per bucket, for some groups.
     *
     * @return group to (bucket index to figures); buckets without data are absent
     */
    Future<Answer<Map<String, Map<Integer, Figures>>>> groupSeries(String app, Granularity g, Dimension d, int from,
                                                                  int to, Grouping grouping, Collection<String> groups);

    /**
     * Which group each value of a dimension is in, decided at query time (the scene groups of
     * the catalog); a value it does not name is in {@code fallback}.
     */
    record Grouping(Map<String, String> groupOf, String fallback) {
        public Grouping {
            groupOf = Map.copyOf(groupOf);
        }

        public String of(String value) {
            return groupOf.getOrDefault(value, fallback);
        }
    }

    /** State of the PostgreSQL side for {@code /ready}, or null in embedded mode. */
    default io.vertx.core.json.JsonObject status() {
        return null;
    }
}
