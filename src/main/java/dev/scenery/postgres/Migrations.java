package dev.scenery.postgres;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the schema to the newest version at start: in one transaction, under an advisory lock
 * (nodes starting together wait for each other), applies each {@link Sql#MIGRATIONS} entry not yet
 * recorded in {@code scenery_schema_migrations}, and records it.
 */
final class Migrations {
    private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

    private Migrations() {
    }

    /** Applies the missing migrations; the future holds how many were applied. */
    static Future<Integer> apply(Pool pool) {
        return pool.withTransaction(conn -> conn.query(SchemaSql.QUIET).execute()
                .compose(v -> conn.query(SchemaSql.MIGRATIONS_LOCK).execute())
                .compose(v -> conn.query(SchemaSql.MIGRATIONS_TABLE).execute())
                .compose(v -> conn.query(SchemaSql.APPLIED_VERSIONS).execute())
                .compose(rows -> {
                    Set<Integer> applied = new HashSet<>();
                    for (Row r : rows) {
                        applied.add(r.getInteger(0));
                    }
                    Future<Integer> chain = Future.succeededFuture(0);
                    for (SchemaSql.Migration m : SchemaSql.MIGRATIONS) {
                        if (!applied.contains(m.version())) {
                            chain = chain.compose(n -> apply(conn, m).map(n + 1));
                        }
                    }
                    return applied.contains(SchemaSql.CITUS_VERSION) ? chain : chain.compose(n -> distributeOnCitus(conn, n));
                }));
    }

    /**
     * Where the citus extension is installed, distributes the tables (once: recorded as
     * {@link Sql#CITUS_VERSION}); on plain PostgreSQL nothing is done or recorded, so installing
     * Citus later distributes them at the next start. Unverified: Citus is not packaged here.
     */
    private static Future<Integer> distributeOnCitus(SqlConnection conn, int appliedSoFar) {
        return conn.query(SchemaSql.HAS_CITUS).execute().compose(rows -> {
            if (rows.iterator().next().getLong(0) == 0) {
                return Future.succeededFuture(appliedSoFar);
            }
            return apply(conn, new SchemaSql.Migration(SchemaSql.CITUS_VERSION, "distributed tables (Citus)", SchemaSql.CITUS))
                    .map(appliedSoFar + 1);
        });
    }

    private static Future<Void> apply(SqlConnection conn, SchemaSql.Migration m) {
        Future<?> chain = Future.succeededFuture();
        for (String statement : m.statements()) {
            chain = chain.compose(v -> conn.query(statement).execute());
        }
        return chain.compose(v -> conn.preparedQuery(SchemaSql.RECORD_MIGRATION).execute(Tuple.of(m.version(), m.description())))
                .onSuccess(v -> LOG.info("PostgreSQL schema migration {} applied: {}", m.version(), m.description()))
                .mapEmpty();
    }
}
