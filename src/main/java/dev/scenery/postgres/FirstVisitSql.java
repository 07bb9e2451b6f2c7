package dev.scenery.postgres;

import dev.scenery.embedded.model.Granularity;

/**
 * The SQL of first visits shared by every node: reconciling a node's first-seen records with
 * {@code scenery_first_visits} (created by migration 3 in {@link Sql}), the increments of the
 * new-visitor rollups, and their reads. See {@link FirstVisitSync} and {@link NewVisitorReader}.
 */
final class FirstVisitSql {
    private FirstVisitSql() {
    }

    /**
     * New first visits: inserted, or left alone where a row exists (a concurrent insert of another
     * node is waited for). $1..$10 arrays of app, key, ts, hour, scene, five UTM values; $11 node;
     * $12, $13 arrays of the two combined UTM values (migration 4).
     */
    static final String INSERT_FIRST_VISITS = """
            INSERT INTO scenery_first_visits (app_id, uid_key, ts, hour, scene, utm_source, utm_medium, utm_campaign,
              utm_content, utm_term, utm_source_medium, utm_source_medium_campaign, node_id)
            SELECT t.*, $11 FROM unnest($1::text[], $2::bytea[], $3::bigint[], $4::int[], $5::int[], $6::text[],
              $7::text[], $8::text[], $9::text[], $10::text[], $12::text[], $13::text[])
              AS t(app_id, uid_key, ts, hour, scene, s, m, c, co, te, sm, smc)
            ON CONFLICT (app_id, uid_key) DO NOTHING
            RETURNING app_id, uid_key""";

    /** The rows of the keys that were there already, locked until the end of the flush transaction. */
    static final String LOCK_FIRST_VISITS = """
            SELECT f.app_id, f.uid_key, f.ts, f.hour, f.scene, f.utm_source, f.utm_medium, f.utm_campaign, f.utm_content,
              f.utm_term, f.utm_source_medium, f.utm_source_medium_campaign
            FROM scenery_first_visits f JOIN unnest($1::text[], $2::bytea[]) AS t(app_id, uid_key)
              ON f.app_id = t.app_id AND f.uid_key = t.uid_key
            ORDER BY f.app_id, f.uid_key
            FOR UPDATE OF f""";

    /** Moves locked rows to an earlier first visit (same arrays as {@link #INSERT_FIRST_VISITS}). */
    static final String MOVE_FIRST_VISITS = """
            UPDATE scenery_first_visits f SET ts = t.ts, hour = t.hour, scene = t.scene, utm_source = t.s,
              utm_medium = t.m, utm_campaign = t.c, utm_content = t.co, utm_term = t.te, utm_source_medium = t.sm,
              utm_source_medium_campaign = t.smc, node_id = $11, updated_at = now()
            FROM unnest($1::text[], $2::bytea[], $3::bigint[], $4::int[], $5::int[], $6::text[], $7::text[], $8::text[],
              $9::text[], $10::text[], $12::text[], $13::text[]) AS t(app_id, uid_key, ts, hour, scene, s, m, c, co, te, sm, smc)
            WHERE f.app_id = t.app_id AND f.uid_key = t.uid_key AND t.ts < f.ts""";

    /** The rows of some keys, for the read overlay of a node's unflushed records: $1 app, $2 keys. */
    static final String FIRST_VISITS_OF = """
            SELECT uid_key, ts, hour, scene, utm_source, utm_medium, utm_campaign, utm_content, utm_term,
              utm_source_medium, utm_source_medium_campaign
            FROM scenery_first_visits WHERE app_id = $1 AND uid_key = ANY($2::bytea[])""";

    /** Adds deltas to new-visitor rollups: arrays of app, dimension, bucket, value, delta (each key once). */
    static String addNewVisitors(Granularity g) {
        return String.format("""
                INSERT INTO %1$s AS r (app_id, dimension, %2$s, value, new_visitors)
                SELECT * FROM unnest($1::text[], $2::text[], $3::%3$s[], $4::text[], $5::bigint[])
                ON CONFLICT (app_id, dimension, %2$s, value) DO UPDATE SET new_visitors = r.new_visitors + EXCLUDED.new_visitors""",
                Sql.newTable(g), Sql.column(g), g == Granularity.HOUR ? "timestamp" : "date");
    }

    /** New visitors per value over [$3, $4] of app $1, dimension $2 (and, for series, per bucket of values in $5). */
    static String newVisitors(Granularity g, boolean series) {
        return String.format("""
                SELECT value, %2$s, new_visitors FROM %1$s
                WHERE app_id = $1 AND dimension = $2 AND %2$s BETWEEN $3 AND $4 AND new_visitors <> 0%3$s""",
                Sql.newTable(g), Sql.column(g), series ? " AND value = ANY($5::text[])" : "");
    }
}
