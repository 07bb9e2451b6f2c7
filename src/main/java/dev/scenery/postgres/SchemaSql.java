package dev.scenery.postgres;

import dev.scenery.embedded.model.Granularity;
import java.util.List;

/**
 * The schema of PostgreSQL mode as versioned migrations (applied by {@link Migrations}), and the
 * Citus step that distributes the same tables by {@code app_id}.
 */
final class SchemaSql {
    private SchemaSql() {
    }

    static final String MIGRATIONS_TABLE = """
            CREATE TABLE IF NOT EXISTS scenery_schema_migrations (
              version     int PRIMARY KEY,
              description text NOT NULL,
              applied_at  timestamptz NOT NULL DEFAULT now())""";

    /** Keeps "relation already exists, skipping" notices out of the log. */
    static final String QUIET = "SET LOCAL client_min_messages = warning";

    /** Serialises nodes that start at the same time (transaction-scoped advisory lock). */
    static final String MIGRATIONS_LOCK = "SELECT pg_advisory_xact_lock(7247841993357164545)";

    static final String APPLIED_VERSIONS = "SELECT version FROM scenery_schema_migrations";

    static final String RECORD_MIGRATION = "INSERT INTO scenery_schema_migrations (version, description) VALUES ($1, $2)";

    /** A schema change: applied once, in a transaction, and recorded. Append new ones; never edit old ones. */
    record Migration(int version, String description, List<String> statements) {
    }

    static final List<Migration> MIGRATIONS = List.of(
            new Migration(1, "rollup tables and flush state", List.of(
                    "CREATE EXTENSION IF NOT EXISTS hll",
                    rollupTable(Granularity.HOUR),
                    rollupTable(Granularity.DAY),
                    "CREATE INDEX scenery_hourly_retention ON scenery_hourly (hour)",
                    "CREATE INDEX scenery_daily_retention ON scenery_daily (day)",
                    """
                    CREATE TABLE scenery_flush_state (
                      node_id      text PRIMARY KEY,
                      watermark    bigint NOT NULL,
                      fence        bigint NOT NULL DEFAULT 0,
                      flushed_at   timestamptz NOT NULL,
                      running      boolean NOT NULL DEFAULT true,
                      rows_flushed bigint NOT NULL DEFAULT 0)""")),
            new Migration(2, "day versions for read caches", List.of(
                    """
                    CREATE TABLE scenery_day_versions (
                      app_id  text NOT NULL,
                      day     date NOT NULL,
                      node_id text NOT NULL,
                      version bigint NOT NULL,
                      PRIMARY KEY (app_id, day, node_id))""")),
            new Migration(3, "first visits and new-visitor rollups shared by every node", List.of(
                    // uid_key is the node's 16-byte registry key (murmur3 of app and uid): fixed size, and
                    // already a hash, so Citus can spread one large app over workers by it
                    """
                    CREATE TABLE scenery_first_visits (
                      app_id       text NOT NULL,
                      uid_key      bytea NOT NULL,
                      ts           bigint NOT NULL,
                      hour         int NOT NULL,
                      scene        int NOT NULL,
                      utm_source   text,
                      utm_medium   text,
                      utm_campaign text,
                      utm_content  text,
                      utm_term     text,
                      node_id      text NOT NULL,
                      updated_at   timestamptz NOT NULL DEFAULT now(),
                      PRIMARY KEY (app_id, uid_key))""",
                    newVisitorsTable(Granularity.HOUR),
                    newVisitorsTable(Granularity.DAY),
                    "CREATE INDEX scenery_new_hourly_retention ON scenery_new_hourly (hour)",
                    "CREATE INDEX scenery_new_daily_retention ON scenery_new_daily (day)",
                    // a database flushed before this migration: its new visitors were decided per node
                    seedNewVisitors(Granularity.HOUR),
                    seedNewVisitors(Granularity.DAY))),
            new Migration(4, "combined UTM values of first visits (source / medium, source / medium / campaign)", List.of(
                    // as the node counted them (their own per-day budget): a moved first visit leaves the same buckets
                    """
                    ALTER TABLE scenery_first_visits ADD COLUMN utm_source_medium text,
                      ADD COLUMN utm_source_medium_campaign text""")));

    /** A rollup table: one row per app, dimension, hour or day, value, node and bucket generation. */
    private static String rollupTable(Granularity g) {
        return String.format("""
                CREATE TABLE %1$s (
                  app_id       text NOT NULL,
                  dimension    text NOT NULL,
                  %2$-12s %3$s NOT NULL,
                  value        text NOT NULL,
                  node_id      text NOT NULL,
                  generation   bigint NOT NULL,
                  opens        bigint NOT NULL,
                  new_visitors bigint NOT NULL,
                  visitors     hll(15,5,-1,1),
                  updated_at   timestamptz NOT NULL DEFAULT now(),
                  PRIMARY KEY (app_id, dimension, %2$s, value, node_id, generation))""", Sql.table(g), Sql.column(g),
                g == Granularity.HOUR ? "timestamp" : "date");
    }

    private static String newVisitorsTable(Granularity g) {
        return String.format("""
                CREATE TABLE %1$s (
                  app_id       text NOT NULL,
                  dimension    text NOT NULL,
                  %2$s         %3$s NOT NULL,
                  value        text NOT NULL,
                  new_visitors bigint NOT NULL,
                  PRIMARY KEY (app_id, dimension, %2$s, value))""", Sql.newTable(g), Sql.column(g), g == Granularity.HOUR ? "timestamp" : "date");
    }

    private static String seedNewVisitors(Granularity g) {
        return String.format("""
                INSERT INTO %1$s (app_id, dimension, %2$s, value, new_visitors)
                SELECT app_id, dimension, %2$s, value, sum(new_visitors) FROM %3$s GROUP BY 1, 2, 3, 4
                HAVING sum(new_visitors) <> 0""", Sql.newTable(g), Sql.column(g), Sql.table(g));
    }

    /**
     * Run after the migrations, only where the citus extension is installed (not verified here:
     * Citus is not packaged for this machine; see docs/design.md). Rollups by app, first visits by
     * their uid hash so one large app spreads over workers; the node state is small and shared.
     */
    static final List<String> CITUS = List.of(
            "SELECT create_distributed_table('scenery_hourly', 'app_id')",
            "SELECT create_distributed_table('scenery_daily', 'app_id', colocate_with => 'scenery_hourly')",
            "SELECT create_distributed_table('scenery_day_versions', 'app_id', colocate_with => 'scenery_hourly')",
            "SELECT create_distributed_table('scenery_new_hourly', 'app_id', colocate_with => 'scenery_hourly')",
            "SELECT create_distributed_table('scenery_new_daily', 'app_id', colocate_with => 'scenery_hourly')",
            "SELECT create_distributed_table('scenery_first_visits', 'uid_key')",
            "SELECT create_reference_table('scenery_flush_state')");

    static final String HAS_CITUS = "SELECT count(*) FROM pg_extension WHERE extname = 'citus'";

    /** Whether the tables are distributed already (the Citus step is recorded as version 1000). */
    static final int CITUS_VERSION = 1000;
}
