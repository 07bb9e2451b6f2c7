package dev.scenery.postgres;

import dev.scenery.embedded.model.AppClock;
import dev.scenery.embedded.model.BucketKey;
import dev.scenery.embedded.model.FirstSeen;
import dev.scenery.embedded.model.Granularity;
import dev.scenery.beacon.Utm;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Reconciles a node's first-seen records with {@code scenery_first_visits}, the one registry of
 * every node, inside the flush transaction (docs/design.md, "First visits across nodes"). Earliest
 * visit wins: a record with no row is inserted (+1 in the new-visitor rollups of its buckets), a
 * record earlier than the row moves it (-1 where the row was, +1 where the record is), any other
 * changes nothing. The deltas are decided on rows this transaction has inserted or locked, so
 * sending a record again, after a lost commit answer or from a retried flush, changes no row and
 * no counter: each rollup bucket always holds the number of rows that map to it.
 */
final class FirstVisitSync {
    /** Records per statement. */
    static final int CHUNK = 5_000;
    private static final Comparator<FirstSeen> LOCK_ORDER = Comparator.comparing(FirstSeen::app)
            .thenComparing(FirstSeen::uidKey, Arrays::compareUnsigned);

    private final String nodeId;
    private final Function<String, AppClock> clocks;

    FirstVisitSync(String nodeId, Function<String, AppClock> clocks) {
        this.nodeId = nodeId;
        this.clocks = clocks;
    }

    /**
     * Sends the records and adds their deltas to the new-visitor rollups; the future holds the
     * (app, day) pairs whose rollups changed, for the day versions.
     */
    Future<Set<Map.Entry<String, LocalDate>>> reconcile(SqlConnection conn, List<FirstSeen> records) {
        // one order for every node: two flushes that lock the same keys never wait on each other in a circle
        List<FirstSeen> sorted = new ArrayList<>(records);
        sorted.sort(LOCK_ORDER);
        Map<BucketKey, long[]> deltas = new LinkedHashMap<>();
        Future<Void> chain = Future.succeededFuture();
        for (int i = 0; i < sorted.size(); i += CHUNK) {
            List<FirstSeen> chunk = sorted.subList(i, Math.min(sorted.size(), i + CHUNK));
            chain = chain.compose(v -> chunk(conn, chunk, deltas));
        }
        return chain.compose(v -> addDeltas(conn, deltas));
    }

    private Future<Void> chunk(SqlConnection conn, List<FirstSeen> chunk, Map<BucketKey, long[]> deltas) {
        int[] hours = new int[chunk.size()];
        for (int i = 0; i < chunk.size(); i++) {
            FirstSeen f = chunk.get(i);
            hours[i] = clocks.apply(f.app()).hourOf(f.ts());
        }
        return conn.preparedQuery(FirstVisitSql.INSERT_FIRST_VISITS).execute(arrays(chunk, hours)).compose(inserted -> {
            Set<String> fresh = new HashSet<>();
            for (Row r : inserted) {
                fresh.add(id(r.getString(0), r.getBuffer(1).getBytes()));
            }
            List<FirstSeen> known = new ArrayList<>();
            List<Integer> knownHours = new ArrayList<>();
            for (int i = 0; i < chunk.size(); i++) {
                FirstSeen f = chunk.get(i);
                if (fresh.contains(id(f.app(), f.uidKey()))) {
                    add(deltas, f.app(), hours[i], f.scene(), f.utm(), +1);
                } else {
                    known.add(f);
                    knownHours.add(hours[i]);
                }
            }
            if (known.isEmpty()) {
                return Future.succeededFuture();
            }
            String[] apps = known.stream().map(FirstSeen::app).toArray(String[]::new);
            Buffer[] keys = known.stream().map(f -> Buffer.buffer(f.uidKey())).toArray(Buffer[]::new);
            return conn.preparedQuery(FirstVisitSql.LOCK_FIRST_VISITS).execute(Tuple.tuple().addArrayOfString(apps).addArrayOfBuffer(keys))
                    .compose(rows -> move(conn, known, knownHours, rows, deltas));
        });
    }

    /** The records earlier than their (locked) row move it; the others change nothing. */
    private Future<Void> move(SqlConnection conn, List<FirstSeen> known, List<Integer> hours, Iterable<Row> rows,
                              Map<BucketKey, long[]> deltas) {
        Map<String, Row> current = new HashMap<>();
        for (Row r : rows) {
            current.put(id(r.getString(0), r.getBuffer(1).getBytes()), r);
        }
        List<FirstSeen> moved = new ArrayList<>();
        List<Integer> movedHours = new ArrayList<>();
        for (int i = 0; i < known.size(); i++) {
            FirstSeen f = known.get(i);
            Row r = current.get(id(f.app(), f.uidKey()));
            if (r == null || f.ts() >= r.getLong(2)) {
                continue; // r == null: cannot be (the insert found a row, and rows are never deleted)
            }
            add(deltas, f.app(), r.getInteger(3), r.getInteger(4), utm(r, 5), -1);
            add(deltas, f.app(), hours.get(i), f.scene(), f.utm(), +1);
            moved.add(f);
            movedHours.add(hours.get(i));
        }
        if (moved.isEmpty()) {
            return Future.succeededFuture();
        }
        int[] h = movedHours.stream().mapToInt(Integer::intValue).toArray();
        return conn.preparedQuery(FirstVisitSql.MOVE_FIRST_VISITS).execute(arrays(moved, h)).mapEmpty();
    }

    private Future<Set<Map.Entry<String, LocalDate>>> addDeltas(SqlConnection conn, Map<BucketKey, long[]> deltas) {
        Set<Map.Entry<String, LocalDate>> days = new java.util.LinkedHashSet<>();
        Future<Void> chain = Future.succeededFuture();
        for (Granularity g : Granularity.values()) {
            List<Map.Entry<BucketKey, long[]>> of = deltas.entrySet().stream()
                    .filter(e -> e.getKey().granularity() == g && e.getValue()[0] != 0)
                    .sorted(Comparator.comparing((Map.Entry<BucketKey, long[]> e) -> e.getKey().toString()))
                    .toList();
            for (Map.Entry<BucketKey, long[]> e : of) {
                BucketKey k = e.getKey();
                int day = g == Granularity.HOUR ? AppClock.dayOfHour(k.time()) : k.time();
                days.add(Map.entry(k.app(), LocalDate.ofEpochDay(day)));
            }
            for (int i = 0; i < of.size(); i += CHUNK) {
                List<Map.Entry<BucketKey, long[]>> part = of.subList(i, Math.min(of.size(), i + CHUNK));
                chain = chain.compose(v -> conn.preparedQuery(FirstVisitSql.addNewVisitors(g)).execute(deltaTuple(g, part)).mapEmpty());
            }
        }
        return chain.map(days);
    }

    private static Tuple deltaTuple(Granularity g, List<Map.Entry<BucketKey, long[]>> part) {
        int n = part.size();
        String[] apps = new String[n];
        String[] dims = new String[n];
        java.time.LocalDateTime[] hours = new java.time.LocalDateTime[n];
        LocalDate[] days = new LocalDate[n];
        String[] values = new String[n];
        Long[] delta = new Long[n];
        for (int i = 0; i < n; i++) {
            BucketKey k = part.get(i).getKey();
            apps[i] = k.app();
            dims[i] = Columns.dimension(k.dimension());
            if (g == Granularity.HOUR) {
                hours[i] = Columns.hourStart(k.time());
            } else {
                days[i] = LocalDate.ofEpochDay(k.time());
            }
            values[i] = k.value();
            delta[i] = part.get(i).getValue()[0];
        }
        Tuple t = Tuple.tuple().addArrayOfString(apps).addArrayOfString(dims);
        t = g == Granularity.HOUR ? t.addArrayOfLocalDateTime(hours) : t.addArrayOfLocalDate(days);
        return t.addArrayOfString(values).addArrayOfLong(delta);
    }

    private static void add(Map<BucketKey, long[]> deltas, String app, int hour, int scene, Utm utm, int delta) {
        BucketKey.forEachOfVisit(app, hour, scene, utm, k -> deltas.computeIfAbsent(k, x -> new long[1])[0] += delta);
    }

    private Tuple arrays(List<FirstSeen> records, int[] hours) {
        int n = records.size();
        String[] apps = new String[n];
        Buffer[] keys = new Buffer[n];
        Long[] ts = new Long[n];
        Integer[] hourOf = new Integer[n];
        Integer[] scenes = new Integer[n];
        String[][] utm = new String[7][n];
        for (int i = 0; i < n; i++) {
            FirstSeen f = records.get(i);
            apps[i] = f.app();
            keys[i] = Buffer.buffer(f.uidKey());
            ts[i] = f.ts();
            hourOf[i] = hours[i];
            scenes[i] = f.scene();
            utm[0][i] = f.utm().source();
            utm[1][i] = f.utm().medium();
            utm[2][i] = f.utm().campaign();
            utm[3][i] = f.utm().content();
            utm[4][i] = f.utm().term();
            utm[5][i] = f.utm().sourceMedium();
            utm[6][i] = f.utm().sourceMediumCampaign();
        }
        Tuple t = Tuple.tuple().addArrayOfString(apps).addArrayOfBuffer(keys).addArrayOfLong(ts).addArrayOfInteger(hourOf).addArrayOfInteger(scenes);
        for (int i = 0; i < 5; i++) {
            t.addArrayOfString(utm[i]);
        }
        return t.addString(nodeId).addArrayOfString(utm[5]).addArrayOfString(utm[6]);
    }

    /** The UTM values of a row whose five UTM columns, then the two combined ones, start at {@code first}. */
    static Utm utm(Row r, int first) {
        String[] v = new String[5];
        for (int i = 0; i < 5; i++) {
            v[i] = r.getString(first + i);
        }
        return Utm.of(v).withCombos(r.getString(first + 5), r.getString(first + 6));
    }

    private static String id(String app, byte[] key) {
        return app + '\u0000' + java.util.HexFormat.of().formatHex(key);
    }
}
