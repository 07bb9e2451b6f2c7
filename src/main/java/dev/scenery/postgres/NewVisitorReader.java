package dev.scenery.postgres;

import dev.scenery.embedded.model.AppClock;
import dev.scenery.embedded.model.BucketKey;
import dev.scenery.embedded.model.Dimension;
import dev.scenery.embedded.model.FirstSeen;
import dev.scenery.embedded.model.Granularity;
import dev.scenery.beacon.Utm;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * New visitors in PostgreSQL mode: the new-visitor rollups every node's flush keeps exact
 * ({@link FirstVisitSync}), plus what this node's unflushed first-seen records would change in
 * them. Both are read in one REPEATABLE READ snapshot, and the unflushed records are taken before
 * it: a record committed before the snapshot is in the rollups and its row makes it change
 * nothing; one committed after is added as the flush will add it. So an answer includes every
 * first visit this node acknowledged, and other nodes' up to their last flush.
 */
final class NewVisitorReader {
    private static final String SNAPSHOT = "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY";

    private final Vertx vertx;
    private final Pool pool;
    private final WriterLink writer;
    private final Function<String, AppClock> clocks;
    private final long timeoutMillis;

    NewVisitorReader(Vertx vertx, Pool pool, WriterLink writer, Function<String, AppClock> clocks, long timeoutMillis) {
        this.vertx = vertx;
        this.pool = pool;
        this.writer = writer;
        this.clocks = clocks;
        this.timeoutMillis = timeoutMillis;
    }

    /** New visitors per value and bucket of [from, to] (values: the wanted ones, null for all). */
    Future<Map<String, Map<Integer, Long>>> read(String app, Granularity g, Dimension d, int from, int to, Set<String> values) {
        // off the event loop: after an outage a node may hold many unflushed records until its flush
        return vertx.executeBlocking(() -> writer.pendingFirstVisits(app), false)
                .compose(pending -> read(app, g, d, from, to, values, pending));
    }

    private Future<Map<String, Map<Integer, Long>>> read(String app, Granularity g, Dimension d, int from, int to,
                                                         Set<String> values, List<FirstSeen> pending) {
        Tuple params = Tuple.of(app, Columns.dimension(d));
        if (g == Granularity.HOUR) {
            params.addLocalDateTime(Columns.hourStart(from)).addLocalDateTime(Columns.hourStart(to));
        } else {
            params.addLocalDate(LocalDate.ofEpochDay(from)).addLocalDate(LocalDate.ofEpochDay(to));
        }
        if (values != null) {
            params.addArrayOfString(values.toArray(new String[0]));
        }
        Map<String, Map<Integer, Long>> out = new HashMap<>();
        return pool.<Void>withTransaction(conn -> conn.query(SNAPSHOT).execute()
                        .compose(v -> conn.preparedQuery(FirstVisitSql.newVisitors(g, values != null)).execute(params))
                        .compose(rows -> {
                            for (Row r : rows) {
                                int time = g == Granularity.HOUR ? Columns.hourIndex(r.getLocalDateTime(1))
                                        : (int) r.getLocalDate(1).toEpochDay();
                                add(out, r.getString(0), time, r.getLong(2));
                            }
                            if (pending.isEmpty()) {
                                return Future.succeededFuture();
                            }
                            Buffer[] keys = pending.stream().map(f -> Buffer.buffer(f.uidKey())).toArray(Buffer[]::new);
                            return conn.preparedQuery(FirstVisitSql.FIRST_VISITS_OF).execute(Tuple.of(app).addArrayOfBuffer(keys))
                                    .compose(stored -> vertx.executeBlocking(() -> {
                                        overlay(app, g, d, from, to, values, pending, stored, out);
                                        return null;
                                    }, false));
                        }))
                .timeout(timeoutMillis, TimeUnit.MILLISECONDS)
                .map(v -> out);
    }

    /** Adds what the flush of each pending record will change in the asked buckets. */
    private void overlay(String app, Granularity g, Dimension d, int from, int to, Set<String> values,
                         List<FirstSeen> pending, Iterable<Row> stored, Map<String, Map<Integer, Long>> out) {
        Map<String, Row> rows = new HashMap<>();
        for (Row r : stored) {
            rows.put(HexFormat.of().formatHex(r.getBuffer(0).getBytes()), r);
        }
        AppClock clock = clocks.apply(app);
        for (FirstSeen f : pending) {
            Row r = rows.get(HexFormat.of().formatHex(f.uidKey()));
            if (r != null && r.getLong(1) <= f.ts()) {
                continue; // flushed already, or another node saw an earlier visit
            }
            if (r != null) {
                count(app, r.getInteger(2), r.getInteger(3), FirstVisitSync.utm(r, 4), -1, g, d, from, to, values, out);
            }
            count(app, clock.hourOf(f.ts()), f.scene(), f.utm(), +1, g, d, from, to, values, out);
        }
    }

    private static void count(String app, int hour, int scene, Utm utm, long delta, Granularity g, Dimension d,
                              int from, int to, Set<String> values, Map<String, Map<Integer, Long>> out) {
        BucketKey.forEachOfVisit(app, hour, scene, utm, (BucketKey k) -> {
            if (k.granularity() == g && k.dimension() == d && k.time() >= from && k.time() <= to
                    && (values == null || values.contains(k.value()))) {
                add(out, k.value(), k.time(), delta);
            }
        });
    }

    private static void add(Map<String, Map<Integer, Long>> out, String value, int time, long n) {
        out.computeIfAbsent(value, v -> new HashMap<>()).merge(time, n, Long::sum);
    }
}
