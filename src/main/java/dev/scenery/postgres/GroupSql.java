package dev.scenery.postgres;

import dev.scenery.embedded.model.Granularity;
import dev.scenery.query.FigureReader.Grouping;
import io.vertx.sqlclient.Tuple;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads of values grouped at query time ({@link Grouping}, the scene groups of the catalog) in
 * PostgreSQL mode: the rows of a group's values are one {@code hll_union_agg} per group in SQL,
 * so a visitor of several values of a group counts once, and their opens and new visitors sums.
 * The statements take the parameters of {@link Sql#totals} ($1..$8) and then $9 the grouped
 * values, $10 their groups, $11 the group of any other value (and for series $12 the groups asked).
 */
final class GroupSql {
    private GroupSql() {
    }

    private static final String FROM = """
            FROM %1$s LEFT JOIN unnest($9::text[], $10::text[]) AS m(member, grp) ON value = m.member
            WHERE app_id = $1 AND dimension = $2 AND %2$s BETWEEN $3 AND $4 AND %3$s""";

    /** Per group: opens, new visitors, merged sketch over [$3, $4]. */
    static String totals(Granularity g) {
        return "SELECT coalesce(m.grp, $11), sum(opens)::bigint, sum(new_visitors)::bigint, hll_send(hll_union_agg(visitors))\n"
                + String.format(FROM, Sql.table(g), Sql.column(g), Sql.notHeldLocally(g)) + "\nGROUP BY 1";
    }

    /** Per group in $12 and per bucket of [$3, $4]: opens, new visitors, merged sketch. */
    static String series(Granularity g) {
        return "SELECT coalesce(m.grp, $11), " + Sql.column(g) + ", sum(opens)::bigint, sum(new_visitors)::bigint, "
                + "hll_send(hll_union_agg(visitors))\n" + String.format(FROM, Sql.table(g), Sql.column(g), Sql.notHeldLocally(g))
                + " AND coalesce(m.grp, $11) = ANY($12::text[])\nGROUP BY 1, 2";
    }

    /** A value's key in an answer: itself (no grouping), or its group. */
    static String keyOf(String value, Grouping grouping) {
        return grouping == null ? value : grouping.of(value);
    }

    /** With a grouping, adds its parameters $9..$11 to those of {@link Sql#totals}; without, the parameters as they are. */
    static Tuple params(Tuple params, Grouping grouping) {
        if (grouping == null) {
            return params;
        }
        String[] values = grouping.groupOf().keySet().toArray(new String[0]);
        String[] groups = new String[values.length];
        for (int i = 0; i < values.length; i++) {
            groups[i] = grouping.groupOf().get(values[i]);
        }
        return params.addArrayOfString(values).addArrayOfString(groups).addString(grouping.fallback());
    }

    /** New visitors per value and bucket, summed per group (a new visitor has one first visit: sums are exact). */
    static Map<String, Map<Integer, Long>> regroup(Map<String, Map<Integer, Long>> perValue, Grouping grouping) {
        if (grouping == null) {
            return perValue;
        }
        Map<String, Map<Integer, Long>> out = new HashMap<>();
        perValue.forEach((value, buckets) -> {
            Map<Integer, Long> into = out.computeIfAbsent(grouping.of(value), k -> new HashMap<>());
            buckets.forEach((t, n) -> into.merge(t, n, Long::sum));
        });
        return out;
    }
}
