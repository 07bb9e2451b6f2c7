package dev.scenery.embedded.read;

import dev.scenery.query.Answer;
import dev.scenery.query.FigureReader;
import dev.scenery.query.FigureReader.Grouping;
import dev.scenery.query.Provenance;
import dev.scenery.embedded.model.Dimension;
import dev.scenery.embedded.model.Granularity;
import dev.scenery.embedded.model.Figures;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Collection;
import java.util.HashMap;
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
    public Future<Answer<Map<String, Figures>>> totals(String app, Granularity g, Dimension d, int from, int to) {
        return vertx.executeBlocking(() -> new Answer<>(reader.totals(app, g, d, from, to), Provenance.embedded(clock.getAsLong())), false);
    }

    @Override
    public Future<Answer<Map<String, Map<Integer, Figures>>>> series(String app, Granularity g, Dimension d, int from, int to,
                                                                    Collection<String> values) {
        return vertx.executeBlocking(() -> new Answer<>(reader.series(app, g, d, from, to, values),
                Provenance.embedded(clock.getAsLong())), false);
    }

    @Override
    public Future<Answer<Map<String, Figures>>> groupTotals(String app, Granularity g, Dimension d, int from, int to,
                                                            Grouping grouping) {
        return vertx.executeBlocking(() -> new Answer<>(reader.groupTotals(app, g, d, from, to, grouping::of),
                Provenance.embedded(clock.getAsLong())), false);
    }

    @Override
    public Future<Answer<Map<String, Map<Integer, Figures>>>> groupSeries(String app, Granularity g, Dimension d, int from,
                                                                         int to, Grouping grouping, Collection<String> groups) {
        return vertx.executeBlocking(() -> {
            Map<String, Map<Integer, Figures>> all = reader.groupSeries(app, g, d, from, to, grouping::of);
            Map<String, Map<Integer, Figures>> out = new HashMap<>();
            for (String group : groups) {
                out.put(group, all.getOrDefault(group, Map.of()));
            }
            return new Answer<>(out, Provenance.embedded(clock.getAsLong()));
        }, false);
    }
}
