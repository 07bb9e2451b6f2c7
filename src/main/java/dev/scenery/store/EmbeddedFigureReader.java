package dev.scenery.store;

import dev.scenery.aggregate.AggregateReader;
import dev.scenery.aggregate.Dimension;
import dev.scenery.aggregate.Granularity;
import dev.scenery.aggregate.Figures;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Collection;
import java.util.Map;
import java.util.function.LongSupplier;

/** Reads the embedded Chronicle Map store on worker threads; everything acknowledged is included. */
public final class EmbeddedFigureReader implements FigureReader {
    private final Vertx vertx;
    private final AggregateReader reader;
    private final LongSupplier clock;

    public EmbeddedFigureReader(Vertx vertx, AggregateReader reader, LongSupplier clock) {
        this.vertx = vertx;
        this.reader = reader;
        this.clock = clock;
    }

    @Override
    public Future<Map<String, Figures>> totals(String app, Granularity g, Dimension d, int from, int to) {
        return vertx.executeBlocking(() -> reader.totals(app, g, d, from, to), false);
    }

    @Override
    public Future<Map<String, Map<Integer, Figures>>> series(String app, Granularity g, Dimension d, int from, int to,
                                                            Collection<String> values) {
        return vertx.executeBlocking(() -> reader.series(app, g, d, from, to, values), false);
    }

    @Override
    public Future<Map<String, Figures>> groupTotals(String app, Granularity g, Dimension d, int from, int to, Grouping grouping) {
        return vertx.executeBlocking(() -> reader.groupTotals(app, g, d, from, to, grouping::of), false);
    }

    @Override
    public Future<Map<String, Map<Integer, Figures>>> groupSeries(String app, Granularity g, Dimension d, int from, int to,
                                                                 Grouping grouping, Collection<String> groups) {
        return vertx.executeBlocking(() -> {
            Map<String, Map<Integer, Figures>> all = reader.groupSeries(app, g, d, from, to, grouping::of);
            Map<String, Map<Integer, Figures>> out = new java.util.HashMap<>();
            for (String group : groups) {
                out.put(group, all.getOrDefault(group, Map.of()));
            }
            return out;
        }, false);
    }

    @Override
    public long freshAsOf() {
        return clock.getAsLong();
    }
}
