package dev.scenery;

import static org.assertj.core.api.Assertions.fail;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A fresh PostgreSQL database for one test class, created on the server at
 * {@code SCENERY_TEST_PG_URL} (default {@value #DEFAULT_URL}) and dropped by {@link #close()}.
 * A server that cannot be reached, or cannot create the database, fails the test with a message
 * that says so: integration tests never skip.
 */
final class PgTestDatabase implements AutoCloseable {
    static final String DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/postgres";

    final String name;
    final PgConnectOptions options;
    private final Vertx vertx;
    private final Pool admin;
    private final Pool db;

    private PgTestDatabase(String name, PgConnectOptions options, Vertx vertx, Pool admin, Pool db) {
        this.name = name;
        this.options = options;
        this.vertx = vertx;
        this.admin = admin;
        this.db = db;
    }

    static String serverUrl() {
        String env = System.getenv("SCENERY_TEST_PG_URL");
        return env == null || env.isBlank() ? DEFAULT_URL : env;
    }

    static PgTestDatabase create(String prefix) {
        String url = serverUrl();
        PgConnectOptions base;
        try {
            base = PgConnectOptions.fromUri(url);
        } catch (RuntimeException e) {
            throw new AssertionError("SCENERY_TEST_PG_URL is not a PostgreSQL URL: " + url, e);
        }
        Vertx vertx = Vertx.vertx();
        Pool admin = pool(vertx, base);
        String name = "scenery_" + prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        try {
            // UTF8 so that Chinese UTM values are stored as they are
            await(admin.query("CREATE DATABASE " + name + " TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'").execute());
        } catch (Exception e) {
            admin.close();
            vertx.close();
            fail("PostgreSQL at " + url + " is unreachable or cannot create a database (start it, or set"
                    + " SCENERY_TEST_PG_URL; scripts/test starts a local one): " + e.getMessage(), e);
        }
        PgConnectOptions options = new PgConnectOptions(base).setDatabase(name);
        return new PgTestDatabase(name, options, vertx, admin, pool(vertx, options));
    }

    /** URL of the test database, for the node's {@code postgres.url}. */
    String url() {
        return url(options.getHost(), options.getPort());
    }

    /** URL of the test database through another host and port (a proxy). */
    String url(String host, int port) {
        String user = URLEncoder.encode(options.getUser(), StandardCharsets.UTF_8);
        String password = options.getPassword() == null || options.getPassword().isEmpty() ? ""
                : ":" + URLEncoder.encode(options.getPassword(), StandardCharsets.UTF_8);
        return "postgresql://" + user + password + "@" + host + ":" + port + "/" + name;
    }

    RowSet<Row> query(String sql, Object... params) {
        try {
            return await(db.preparedQuery(sql).execute(Tuple.from(params)));
        } catch (Exception e) {
            throw new AssertionError(sql + ": " + e.getMessage(), e);
        }
    }

    Row one(String sql, Object... params) {
        RowSet<Row> rows = query(sql, params);
        if (rows.size() != 1) {
            throw new AssertionError(sql + " returned " + rows.size() + " rows");
        }
        return rows.iterator().next();
    }

    @Override
    public void close() throws Exception {
        try {
            await(db.close());
            await(admin.query("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)").execute());
        } finally {
            await(admin.close());
            await(vertx.close());
        }
    }

    private static Pool pool(Vertx vertx, PgConnectOptions options) {
        return PgBuilder.pool().with(new PoolOptions().setMaxSize(2)).connectingTo(options).using(vertx).build();
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
}
