package dev.scenery.postgres;

import dev.scenery.embedded.read.AggregateReader;
import dev.scenery.embedded.model.AppClock;
import dev.scenery.embedded.model.BucketKey;
import dev.scenery.embedded.model.FirstSeen;
import dev.scenery.embedded.model.Granularity;
import dev.scenery.embedded.model.StoredBucket;
import dev.scenery.config.PostgresConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The transactions of one flush ({@link Flusher}; docs/design.md, "Flush protocol"): the dirty
 * buckets' absolute values in parts, then the first-seen records reconciled in parts; every part
 * locks the node's state row and checks its fence, the last sets the watermark.
 */
final class FlushTransactions {
    /**
     * Rows per transaction: a large backlog is read and written in parts, the last one sets the
     * watermark. The system property {@code scenery.postgres.rowsPerTransaction} changes it (tests).
     */
    static final int ROWS_PER_TRANSACTION = 5_000;
    /**
     * First-seen records per transaction, after the bucket rows: a backlog of a million (a long
     * outage) is reconciled in parts, each well within the flush timeout.
     */
    static final int USERS_PER_TRANSACTION = 50_000;

    private final Vertx vertx;
    private final Pool pool;
    private final AggregateReader local;
    private final PostgresConfig config;
    private final String nodeId;
    private final FirstVisitSync firstVisits;

    FlushTransactions(Vertx vertx, Pool pool, AggregateReader local, PostgresConfig config, String nodeId,
                      FirstVisitSync firstVisits) {
        this.vertx = vertx;
        this.pool = pool;
        this.local = local;
        this.config = config;
        this.nodeId = nodeId;
        this.firstVisits = firstVisits;
    }

    /** Current values of the keys; a key the store no longer holds was evicted after its last flush. */
    private List<StoredBucket> read(List<BucketKey> keys) {
        List<StoredBucket> out = new ArrayList<>(keys.size());
        for (BucketKey k : keys) {
            StoredBucket b = local.bucket(k);
            if (b != null) {
                out.add(b);
            }
        }
        return out;
    }

    /**
     * Writes the keys' current values in transactions of at most {@link #ROWS_PER_TRANSACTION}
     * rows (reading each part just before writing it), then the first-seen records in transactions
     * of at most {@link #USERS_PER_TRANSACTION}; the last one sets the watermark. A part committed
     * before a later one fails is harmless: its rows are absolute and written again, its records
     * change nothing when sent again.
     */
    Future<Integer> writeAll(List<BucketKey> keys, long w, List<FirstSeen> users) {
        int size = Math.max(1, Integer.getInteger("scenery.postgres.rowsPerTransaction", ROWS_PER_TRANSACTION));
        int parts = Math.max(1, (keys.size() + size - 1) / size);
        int userParts = (users.size() + USERS_PER_TRANSACTION - 1) / USERS_PER_TRANSACTION;
        Future<Integer> chain = Future.succeededFuture(0);
        for (int p = 0; p < parts; p++) {
            List<BucketKey> part = keys.subList(p * size, Math.min(keys.size(), (p + 1) * size));
            boolean last = p == parts - 1 && userParts == 0;
            chain = chain.compose(n -> vertx.executeBlocking(() -> read(part), false)
                    .compose(rows -> write(rows, w, List.of(), last))
                    .map(k -> n + k));
        }
        for (int p = 0; p < userParts; p++) {
            List<FirstSeen> part = users.subList(p * USERS_PER_TRANSACTION,
                    Math.min(users.size(), (p + 1) * USERS_PER_TRANSACTION));
            boolean last = p == userParts - 1;
            chain = chain.compose(n -> write(List.of(), w, part, last).map(n));
        }
        return chain;
    }

    /**
     * One transaction: bucket rows, first-seen records to reconcile, and the watermark (last part)
     * or the fence (every other part). Every part is harmless on its own: rows are absolute values,
     * and a reconciled record sent again changes nothing.
     */
    private Future<Integer> write(List<StoredBucket> rows, long w, List<FirstSeen> users,
                                  boolean setWatermark) {
        return pool.withTransaction(conn -> conn.preparedQuery(Sql.LOCK_NODE).execute(Tuple.of(nodeId))
                        .compose(r -> {
                            long fence = r.iterator().next().getLong(0);
                            if (fence > w) {
                                return Future.failedFuture(new IllegalStateException("node '" + nodeId
                                        + "' has already flushed rows up to write " + fence + ", past this flush's " + w));
                            }
                            java.util.Set<Map.Entry<String, LocalDate>> days = daysOf(rows);
                            Future<Integer> written = upsert(conn, rows);
                            if (!users.isEmpty()) {
                                written = written.compose(n -> firstVisits.reconcile(conn, users).map(d -> {
                                    days.addAll(d);
                                    return n;
                                }));
                            }
                            return written.compose(n -> bumpDayVersions(conn, days).map(n));
                        })
                        .compose(n -> (setWatermark
                                ? conn.preparedQuery(Sql.SET_WATERMARK).execute(Tuple.of(nodeId, w, (long) n))
                                : conn.preparedQuery(Sql.SET_FENCE).execute(Tuple.of(nodeId, w))).map(n))
                        .map(n -> {
                            dev.scenery.fault.Faults.at(dev.scenery.fault.Faults.Step.FLUSH_BEFORE_COMMIT);
                            return n;
                        }))
                .map(n -> {
                    dev.scenery.fault.Faults.at(dev.scenery.fault.Faults.Step.FLUSH_COMMITTED);
                    return n;
                })
                .timeout(6 * config.timeoutMillis(), TimeUnit.MILLISECONDS);
    }

    private static java.util.Set<Map.Entry<String, LocalDate>> daysOf(List<StoredBucket> rows) {
        java.util.Set<Map.Entry<String, LocalDate>> days = new java.util.LinkedHashSet<>();
        for (StoredBucket b : rows) {
            int day = b.key().granularity() == Granularity.HOUR ? AppClock.dayOfHour(b.key().time()) : b.key().time();
            days.add(Map.entry(b.key().app(), LocalDate.ofEpochDay(day)));
        }
        return days;
    }

    /** Raises the versions of these days (read caches see the change). */
    private Future<Void> bumpDayVersions(SqlConnection conn, java.util.Set<Map.Entry<String, LocalDate>> days) {
        if (days.isEmpty()) {
            return Future.succeededFuture();
        }
        String[] apps = new String[days.size()];
        LocalDate[] dates = new LocalDate[days.size()];
        int i = 0;
        for (Map.Entry<String, LocalDate> d : days) {
            apps[i] = d.getKey();
            dates[i++] = d.getValue();
        }
        return conn.preparedQuery(Sql.BUMP_DAY_VERSIONS)
                .execute(Tuple.of(nodeId).addArrayOfString(apps).addArrayOfLocalDate(dates)).mapEmpty();
    }

    private Future<Integer> upsert(SqlConnection conn, List<StoredBucket> rows) {
        Future<Integer> chain = Future.succeededFuture(0);
        for (Granularity g : Granularity.values()) {
            List<StoredBucket> of = rows.stream().filter(b -> b.key().granularity() == g).toList();
            for (int i = 0; i < of.size(); i += Sql.UPSERT_CHUNK) {
                List<StoredBucket> chunk = of.subList(i, Math.min(of.size(), i + Sql.UPSERT_CHUNK));
                chain = chain.compose(n -> conn.preparedQuery(Sql.upsert(g)).execute(tuple(g, chunk)).map(n + chunk.size()));
            }
        }
        return chain;
    }

    private Tuple tuple(Granularity g, List<StoredBucket> chunk) {
        int n = chunk.size();
        String[] apps = new String[n];
        String[] dims = new String[n];
        LocalDateTime[] hours = new LocalDateTime[n];
        LocalDate[] days = new LocalDate[n];
        String[] values = new String[n];
        Long[] generations = new Long[n];
        Long[] opens = new Long[n];
        Long[] newVisitors = new Long[n];
        Buffer[] sketches = new Buffer[n];
        for (int i = 0; i < n; i++) {
            StoredBucket b = chunk.get(i);
            apps[i] = b.key().app();
            dims[i] = Columns.dimension(b.key().dimension());
            if (g == Granularity.HOUR) {
                hours[i] = Columns.hourStart(b.key().time());
            } else {
                days[i] = LocalDate.ofEpochDay(b.key().time());
            }
            values[i] = b.key().value();
            generations[i] = b.generation();
            opens[i] = b.opens();
            newVisitors[i] = b.newVisitors();
            sketches[i] = b.sketch() == null ? null : Buffer.buffer(b.sketch());
        }
        Tuple t = Tuple.of(nodeId).addArrayOfString(apps).addArrayOfString(dims);
        t = g == Granularity.HOUR ? t.addArrayOfLocalDateTime(hours) : t.addArrayOfLocalDate(days);
        return t.addArrayOfString(values).addArrayOfLong(generations).addArrayOfLong(opens).addArrayOfLong(newVisitors)
                .addArrayOfBuffer(sketches);
    }
}
