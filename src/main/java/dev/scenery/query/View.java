package dev.scenery.query;

import java.util.Set;
import java.util.TreeSet;

/** What a top list or trend breaks the figures down by. */
public enum View {
    /** Scene values ({@code /scenes}); optionally only those of one group. */
    SCENES("scenes", "group"),
    /** Values of one UTM dimension or combination ({@code /sources}). */
    SOURCES("sources", "dimension"),
    /** The scene catalog's groups ({@code /groups}): a dimension computed at query time. */
    GROUPS("groups");

    private final String route;
    private final Set<String> params;

    View(String route, String... own) {
        this.route = route;
        Set<String> all = new TreeSet<>(Set.of("range", "from", "to", "metric", "limit", "compare", "traffic", "format", "lang"));
        all.addAll(Set.of(own));
        this.params = java.util.Collections.unmodifiableSet(all);
    }

    /** The route segment, {@code scenes}, {@code sources} or {@code groups}. */
    public String route() {
        return route;
    }

    /** The query parameters the view's routes take, sorted. */
    public Set<String> params() {
        return params;
    }

    /** The metric a list is ranked by when none is given. */
    Metric defaultMetric() {
        return this == SOURCES ? Metric.VISITORS : Metric.OPENS;
    }
}
