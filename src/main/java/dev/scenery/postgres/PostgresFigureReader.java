package dev.scenery.postgres;

import dev.scenery.query.Answer;
import dev.scenery.query.FigureReader;
import dev.scenery.query.FigureReader.Grouping;
import dev.scenery.query.Provenance;
import dev.scenery.embedded.read.AggregateReader;
import dev.scenery.embedded.model.AppClock;
import dev.scenery.embedded.model.Dimension;
import dev.scenery.embedded.model.Figures;
import dev.scenery.embedded.model.Granularity;
import com.github.benmanes.caffeine.cache.Cache;
import dev.scenery.embedded.read.ReadCaches;
import dev.scenery.metrics.ReadCacheName;
import dev.scenery.embedded.model.Rollup;
import dev.scenery.embedded.model.StoredBucket;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads in PostgreSQL mode: the rollup rows of every node, except the rows of buckets this node
 * still holds in its embedded store, plus those buckets read locally. A held bucket is always at
 * least as new as its row (the row is a copy of it from some flush), so a figure includes every
 * beacon this node acknowledged and never goes backwards; other nodes' data is as fresh as their
 * last flush. The local part is read first, then the rows that it does not cover: a bucket
 * evicted in between has its final value in its row, which is then read.
 *
 * <p>When PostgreSQL cannot answer in time, the answer is the local part alone and its
 * {@link Provenance} says so.
 */
final class PostgresFigureReader implements FigureReader {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresFigureReader.class);

    private final Vertx vertx;
    private final Pool pool;
    private final AggregateReader local;
    private final String nodeId;
    private final long timeoutMillis;
    private final LongSupplier clock;
    private final Flusher flusher;
    private final Supplier<JsonObject> status;
    private final NewVisitorReader newVisitors;
    /**
     * Whether the last read of PostgreSQL failed: with {@link #failedAtNanos}, a breaker (reads
     * within {@link #RETRY_AFTER_NANOS} of a failure answer locally at once). PostgreSQL's health,
     * not an answer's provenance: each answer carries its own.
     */
    private volatile boolean lastReadFailed;
    /** When the last read failed (System.nanoTime): reads within {@link #RETRY_AFTER_NANOS} answer locally at once. */
    private volatile long failedAtNanos;
    private static final long RETRY_AFTER_NANOS = TimeUnit.SECONDS.toNanos(2);

    PostgresFigureReader(Vertx vertx, Pool pool, AggregateReader local, String nodeId, long timeoutMillis,
                         LongSupplier clock, Flusher flusher, Supplier<JsonObject> status, NewVisitorReader newVisitors,
                         int cachedAnswers, ReadCaches caches) {
        this.answers = caches.create(ReadCacheName.POSTGRES_ANSWERS, cachedAnswers, (AnswerKey k, CachedAnswer a) -> 1);
        this.vertx = vertx;
        this.pool = pool;
        this.local = local;
        this.nodeId = nodeId;
        this.timeoutMillis = timeoutMillis;
        this.clock = clock;
        this.flusher = flusher;
        this.status = status;
        this.newVisitors = newVisitors;
    }

    @Override
    public Future<Answer<Map<String, Figures>>> totals(String app, Granularity g, Dimension d, int from, int to) {
        return cached(new AnswerKey(app, g, d, from, to, null, null), () -> computeTotals(app, g, d, from, to, null))
                .map(c -> answer(new HashMap<>(c.value()), c.complete()));
    }

    @Override
    public Future<Answer<Map<String, Map<Integer, Figures>>>> series(String app, Granularity g, Dimension d, int from, int to,
                                                                    Collection<String> values) {
        return cached(new AnswerKey(app, g, d, from, to, List.copyOf(values), null),
                () -> computeSeries(app, g, d, from, to, values, null))
                .map(c -> answer(c.value(), c.complete()));
    }

    /** Per group: the rows' sketches are unioned per group in SQL ({@code hll_union_agg} grouped by group). */
    @Override
    public Future<Answer<Map<String, Figures>>> groupTotals(String app, Granularity g, Dimension d, int from, int to,
                                                            Grouping grouping) {
        return cached(new AnswerKey(app, g, d, from, to, null, grouping), () -> computeTotals(app, g, d, from, to, grouping))
                .map(c -> answer(new HashMap<>(c.value()), c.complete()));
    }

    @Override
    public Future<Answer<Map<String, Map<Integer, Figures>>>> groupSeries(String app, Granularity g, Dimension d, int from,
                                                                         int to, Grouping grouping, Collection<String> groups) {
        return cached(new AnswerKey(app, g, d, from, to, List.copyOf(groups), grouping),
                () -> computeSeries(app, g, d, from, to, groups, grouping))
                .map(c -> answer(c.value(), c.complete()));
    }

    /**
     * The figures with their provenance: every node's data up to its last flush and this node's up
     * to now, or, when PostgreSQL did not answer, this node's alone.
     */
    private <T> Answer<T> answer(T figures, boolean complete) {
        long freshAsOf = Math.min(clock.getAsLong(), flusher.after().othersFlushedAt());
        return new Answer<>(figures, complete ? new Provenance("postgres", false, freshAsOf) : new Provenance("local", true, freshAsOf));
    }

    /**
     * The answer for {@code key} from the cache while neither this node's buckets of the range
     * ({@link AggregateReader#version}) nor any node's flushed rows of its days (the count and
     * sum of {@code scenery_day_versions}) changed; both are read before the data, so an answer
     * computed while either changed is stale at once. Local-only answers are not cached.
     */
    private <T> Future<Computed<T>> cached(AnswerKey key, Supplier<Future<Computed<T>>> compute) {
        long localVersion = local.version(key.app(), key.g(), key.from(), key.to());
        int fromDay = key.g() == Granularity.HOUR ? AppClock.dayOfHour(key.from()) : key.from();
        int toDay = key.g() == Granularity.HOUR ? AppClock.dayOfHour(key.to()) : key.to();
        return query(Sql.DAY_VERSIONS, Tuple.of(key.app(), LocalDate.ofEpochDay(fromDay), LocalDate.ofEpochDay(toDay)))
                .map(rows -> {
                    Row r = rows.iterator().next();
                    return new long[] {localVersion, r.getLong(0), r.getLong(1)};
                })
                .otherwise((long[]) null)
                .compose(version -> {
                    CachedAnswer hit = version == null ? null : answers.getIfPresent(key);
                    if (hit != null && java.util.Arrays.equals(hit.version, version)) {
                        lastReadFailed = false;
                        @SuppressWarnings("unchecked")
                        T value = (T) hit.value;
                        return Future.succeededFuture(new Computed<>(value, true));
                    }
                    return compute.get().onSuccess(computed -> {
                        if (version != null && computed.complete()) {
                            answers.put(key, new CachedAnswer(version, computed.value()));
                        }
                    });
                });
    }

    /** @param grouping null for figures per value, or the groups to merge values into */
    private Future<Computed<Map<String, Figures>>> computeTotals(String app, Granularity g, Dimension d, int from, int to,
                                                                 Grouping grouping) {
        return vertx.executeBlocking(() -> local.buckets(app, g, d, from, to), false).compose(held -> {
            Map<String, Rollup> merged = new HashMap<>();
            for (StoredBucket b : held) {
                ReadRows.add(merged.computeIfAbsent(GroupSql.keyOf(b.key().value(), grouping), v -> new Rollup()), b);
            }
            Map<String, Map<Integer, Long>> fresh = new HashMap<>();
            Tuple params = GroupSql.params(Columns.readParams(app, g, d, from, to, nodeId, held), grouping);
            return query(grouping == null ? Sql.totals(g) : GroupSql.totals(g), params)
                    .compose(rows -> newVisitors.read(app, g, d, from, to, null).map(nv -> {
                        for (Row r : rows) {
                            ReadRows.add(merged.computeIfAbsent(r.getString(0), v -> new Rollup()), r, 1);
                        }
                        fresh.putAll(GroupSql.regroup(nv, grouping));
                        lastReadFailed = false;
                        return true;
                    }))
                    .recover(e -> localOnly(e))
                    .map(ok -> {
                        Map<String, Figures> out = new HashMap<>();
                        merged.forEach((value, rollup) -> out.put(value, ok
                                ? ReadRows.withNew(rollup.figures(), ReadRows.sum(fresh.get(value))) : rollup.figures()));
                        if (ok) {
                            // first visits whose open another node has not flushed yet
                            fresh.forEach((value, n) -> {
                                if (!out.containsKey(value) && ReadRows.sum(n) != 0) {
                                    out.put(value, ReadRows.withNew(Figures.ZERO, ReadRows.sum(n)));
                                }
                            });
                        }
                        return new Computed<>(Map.copyOf(out), ok);
                    });
        });
    }

    /** @param values the values, or with a grouping the groups, whose series are asked */
    private Future<Computed<Map<String, Map<Integer, Figures>>>> computeSeries(String app, Granularity g, Dimension d,
                                                                           int from, int to, Collection<String> values,
                                                                           Grouping grouping) {
        Set<String> wanted = new HashSet<>(values);
        return vertx.executeBlocking(() -> local.buckets(app, g, d, from, to), false).compose(all -> {
            List<StoredBucket> held = all.stream()
                    .filter(b -> wanted.contains(GroupSql.keyOf(b.key().value(), grouping))).toList();
            Map<String, Map<Integer, Rollup>> merged = new HashMap<>();
            for (StoredBucket b : held) {
                ReadRows.add(merged.computeIfAbsent(GroupSql.keyOf(b.key().value(), grouping), v -> new HashMap<>())
                        .computeIfAbsent(b.key().time(), t -> new Rollup()), b);
            }
            Tuple params = GroupSql.params(Columns.readParams(app, g, d, from, to, nodeId, held), grouping)
                    .addArrayOfString(wanted.toArray(new String[0]));
            Map<String, Map<Integer, Long>> fresh = new HashMap<>();
            return query(grouping == null ? Sql.series(g) : GroupSql.series(g), params)
                    .compose(rows -> newVisitors.read(app, g, d, from, to, grouping == null ? wanted : null).map(nv -> {
                        fresh.putAll(GroupSql.regroup(nv, grouping));
                        return rows;
                    }))
                    .map(rows -> {
                        for (Row r : rows) {
                            int time = g == Granularity.HOUR ? Columns.hourIndex(r.getLocalDateTime(1))
                                    : (int) r.getLocalDate(1).toEpochDay();
                            ReadRows.add(merged.computeIfAbsent(r.getString(0), v -> new HashMap<>())
                                    .computeIfAbsent(time, t -> new Rollup()), r, 2);
                        }
                        lastReadFailed = false;
                        return true;
                    })
                    .recover(e -> localOnly(e))
                    .map(ok -> {
                        Map<String, Map<Integer, Figures>> out = new HashMap<>();
                        for (String value : values) {
                            Map<Integer, Figures> points = new HashMap<>();
                            merged.getOrDefault(value, Map.of()).forEach((t, rollup) -> points.put(t, rollup.figures()));
                            if (ok) {
                                Map<Integer, Long> nv = fresh.getOrDefault(value, Map.of());
                                points.replaceAll((t, f) -> ReadRows.withNew(f, nv.getOrDefault(t, 0L)));
                                nv.forEach((t, n) -> points.putIfAbsent(t, ReadRows.withNew(Figures.ZERO, n)));
                            }
                            out.put(value, Map.copyOf(points));
                        }
                        return new Computed<>(Map.copyOf(out), ok);
                    });
        });
    }

    private Future<RowSet<Row>> query(String sql, Tuple params) {
        if (lastReadFailed && System.nanoTime() - failedAtNanos < RETRY_AFTER_NANOS) {
            return Future.failedFuture("PostgreSQL failed a read less than 2 s ago");
        }
        return pool.preparedQuery(sql).execute(params).timeout(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    private Future<Boolean> localOnly(Throwable e) {
        if (!lastReadFailed) {
            LOG.warn("PostgreSQL did not answer a read ({}); answering from the embedded store alone", e.toString());
            failedAtNanos = System.nanoTime();
        } else if (System.nanoTime() - failedAtNanos >= RETRY_AFTER_NANOS) {
            failedAtNanos = System.nanoTime();
        }
        lastReadFailed = true;
        return Future.succeededFuture(false);
    }

    @Override
    public JsonObject status() {
        return status.get();
    }

    /**
     * @param values   the top values (or groups) of a series question, null for totals
     * @param grouping null for figures per value
     */
    private record AnswerKey(String app, Granularity g, Dimension d, int from, int to, List<String> values,
                             Grouping grouping) {
    }

    /** @param complete false when PostgreSQL did not answer and the value is the local part alone */
    private record Computed<T>(T value, boolean complete) {
    }

    private record CachedAnswer(long[] version, Object value) {
    }

    /** Recent answers ({@code readCache.postgresAnswers}). */
    private final Cache<AnswerKey, CachedAnswer> answers;
}
