package dev.scenery.postgres;

import dev.scenery.embedded.model.Granularity;
import java.util.List;

/**
 * The SQL statements of PostgreSQL mode's flush upserts, reads and retention deletes; the
 * schema's migrations are in {@link SchemaSql}.
 *
 * <p>Two rollup tables, {@code scenery_hourly} and {@code scenery_daily}, hold one row per app,
 * dimension ({@code all}, {@code scene}, {@code source}, {@code medium}, {@code campaign},
 * {@code content}, {@code term}), local hour or day, dimension value, node and bucket generation:
 * opens and new visitors as bigint, visitors as an {@code hll(15,5,-1,1)} sketch. Each node
 * writes absolute values of its own rows only, so a replayed flush overwrites instead of adding;
 * queries add the rows of all nodes and generations up ({@code sum}, {@code hll_union_agg}).
 * {@code app_id} leads every primary key: it is the distribution column on Citus.
 */
final class Sql {
    private Sql() {
    }

    /** Rows per upsert statement (a full sketch is 20 KiB). */
    static final int UPSERT_CHUNK = 500;
    /** Rows per retention delete. */
    static final int DELETE_CHUNK = 10_000;

    static String newTable(Granularity g) {
        return g == Granularity.HOUR ? "scenery_new_hourly" : "scenery_new_daily";
    }

    // ------------------------------------------------------------------ day versions (read caches)

    /**
     * In every flush transaction: the days its rows belong to get the transaction's id as their
     * version for this node. One node's flushes are serialized (its state row is locked), so a
     * day's version only grows; a reader that caches a range's answer with the count and sum of
     * its days' versions knows that any later flush, or retention, of those days changes them.
     */
    static final String BUMP_DAY_VERSIONS = """
            INSERT INTO scenery_day_versions (app_id, day, node_id, version)
            SELECT DISTINCT t.app_id, t.day, $1, txid_current() FROM unnest($2::text[], $3::date[]) AS t(app_id, day)
            ON CONFLICT (app_id, day, node_id) DO UPDATE SET version = EXCLUDED.version""";

    /** Count and sum of the versions of an app's days in [$2, $3]. */
    static final String DAY_VERSIONS = """
            SELECT count(*), coalesce(sum(version), 0)::bigint FROM scenery_day_versions
            WHERE app_id = $1 AND day BETWEEN $2 AND $3""";

    /** After retention deleted rows of days up to $1: forget their versions (which changes them for readers). */
    static final String FORGET_DAY_VERSIONS = "DELETE FROM scenery_day_versions WHERE day <= $1";

    // ------------------------------------------------------------------ flush

    /** The node's committed watermark: every write up to it is in the rollup tables. */
    static final String WATERMARK = "SELECT watermark FROM scenery_flush_state WHERE node_id = $1";

    /**
     * First statement of every flush transaction: creates the node's state row if needed, locks it
     * and returns its fence, the highest watermark any flush has written rows for (committed). Two
     * flush transactions of one node never interleave, and one for an older watermark that comes
     * late (a timed-out flush still in flight) sees a higher fence and rolls back instead of
     * overwriting newer rows.
     */
    static final String LOCK_NODE = """
            INSERT INTO scenery_flush_state (node_id, watermark, fence, flushed_at) VALUES ($1, 0, 0, now())
            ON CONFLICT (node_id) DO UPDATE SET node_id = EXCLUDED.node_id
            RETURNING fence""";

    /** Every part of a flush but the last: raises the fence to $2. */
    static final String SET_FENCE = "UPDATE scenery_flush_state SET fence = $2 WHERE node_id = $1";

    /** The last part of a flush: the watermark (and fence) $2, and $3 more rows written. */
    static final String SET_WATERMARK = """
            UPDATE scenery_flush_state SET watermark = $2, fence = $2, flushed_at = now(), rows_flushed = rows_flushed + $3,
              running = true
            WHERE node_id = $1""";

    /** After the last flush of a clean stop: the node has no data PostgreSQL lacks. */
    static final String STOPPED = "UPDATE scenery_flush_state SET running = false WHERE node_id = $1";

    /**
     * Oldest last flush of the other running nodes that flushed within the last hour (freshness of
     * a read); a node stopped cleanly has flushed everything and does not count.
     */
    static final String OTHERS_FLUSHED_AT = """
            SELECT min(flushed_at) FROM scenery_flush_state
            WHERE node_id <> $1 AND running AND flushed_at > now() - interval '1 hour'""";

    private static final String UPSERT = """
            INSERT INTO %1$s AS r (app_id, dimension, %2$s, value, node_id, generation, opens, new_visitors, visitors, updated_at)
            SELECT t.app_id, t.dimension, t.bucket, t.value, $1, t.generation, t.opens, t.new_visitors, t.visitors::hll, now()
            FROM unnest($2::text[], $3::text[], $4::%3$s[], $5::text[], $6::bigint[], $7::bigint[], $8::bigint[], $9::bytea[])
              AS t(app_id, dimension, bucket, value, generation, opens, new_visitors, visitors)
            ON CONFLICT (app_id, dimension, %2$s, value, node_id, generation) DO UPDATE
            SET opens = EXCLUDED.opens, new_visitors = EXCLUDED.new_visitors, visitors = EXCLUDED.visitors,
                updated_at = EXCLUDED.updated_at
            WHERE (r.opens, r.new_visitors) IS DISTINCT FROM (EXCLUDED.opens, EXCLUDED.new_visitors)""";

    /** Absolute values of this node's rows: $1 node, then arrays of app, dimension, bucket, value, generation, opens, new visitors, sketch. */
    static String upsert(Granularity g) {
        return String.format(UPSERT, table(g), column(g), g == Granularity.HOUR ? "timestamp" : "date");
    }

    // ------------------------------------------------------------------ reads

    /**
     * Rows of every node except this node's buckets that the embedded store still holds ($5 node,
     * $6..$8 their bucket, value and generation): those are read locally, newer than their row.
     */
    private static final String NOT_HELD_LOCALLY = """
            NOT (node_id = $5 AND (%1$s, value, generation) IN (
              SELECT * FROM unnest($6::%2$s[], $7::text[], $8::bigint[])))""";

    private static final String TOTALS = """
            SELECT value, sum(opens)::bigint, sum(new_visitors)::bigint, hll_send(hll_union_agg(visitors))
            FROM %1$s
            WHERE app_id = $1 AND dimension = $2 AND %2$s BETWEEN $3 AND $4 AND %3$s
            GROUP BY value""";

    private static final String SERIES = """
            SELECT value, %2$s, sum(opens)::bigint, sum(new_visitors)::bigint, hll_send(hll_union_agg(visitors))
            FROM %1$s
            WHERE app_id = $1 AND dimension = $2 AND %2$s BETWEEN $3 AND $4 AND %3$s AND value = ANY($9::text[])
            GROUP BY value, %2$s""";

    /** Per value: opens, new visitors, merged sketch over [$3, $4]. */
    static String totals(Granularity g) {
        return String.format(TOTALS, table(g), column(g), notHeldLocally(g));
    }

    /** Per value in $9 and per bucket of [$3, $4]: opens, new visitors, merged sketch. */
    static String series(Granularity g) {
        return String.format(SERIES, table(g), column(g), notHeldLocally(g));
    }

    static String notHeldLocally(Granularity g) {
        return String.format(NOT_HELD_LOCALLY, column(g), g == Granularity.HOUR ? "timestamp" : "date");
    }

    // ------------------------------------------------------------------ retention

    /** Deletes at most {@link #DELETE_CHUNK} rows older than $1; run until it deletes fewer. */
    static String retention(Granularity g) {
        return retention(table(g), g);
    }

    /** The same for a table of new-visitor rollups. */
    static String retentionOfNew(Granularity g) {
        return retention(newTable(g), g);
    }

    private static String retention(String table, Granularity g) {
        return String.format("""
                DELETE FROM %1$s WHERE ctid = ANY(ARRAY(
                  SELECT ctid FROM %1$s WHERE %2$s < $1 LIMIT %3$d))""", table, column(g), DELETE_CHUNK);
    }

    static String table(Granularity g) {
        return g == Granularity.HOUR ? "scenery_hourly" : "scenery_daily";
    }

    static String column(Granularity g) {
        return g == Granularity.HOUR ? "hour" : "day";
    }
}
