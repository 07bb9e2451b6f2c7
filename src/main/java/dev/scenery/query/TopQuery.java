package dev.scenery.query;

import dev.scenery.embedded.model.Dimension;
import dev.scenery.beacon.UtmDimension;
import java.util.Map;
import java.util.Set;

/**
 * The validated parameters of a top-list or trend query.
 *
 * @param dimension SCENE for the scene routes, or the UTM dimension of the source routes
 */
record TopQuery(ResolvedRange range, Dimension dimension, Metric metric, int limit) {

    static final int MAX_LIMIT = 100;
    private static final Set<String> SCENE_PARAMS = Set.of("range", "from", "to", "metric", "limit");
    private static final Set<String> SOURCE_PARAMS = Set.of("range", "from", "to", "metric", "limit", "dimension");

    static TopQuery parse(Map<String, String> params, boolean sources, RangeResolver resolver,
                          java.time.ZoneId zone, long now) {
        Set<String> allowed = sources ? SOURCE_PARAMS : SCENE_PARAMS;
        for (String name : params.keySet()) {
            if (!allowed.contains(name)) {
                throw new BadQueryException("unknown parameter '" + name + "' (allowed: " + String.join(", ", allowed.stream().sorted().toList()) + ")");
            }
        }
        ResolvedRange range = resolver.resolve(params.get("range"), params.get("from"), params.get("to"), zone, now);
        Metric metric = Metric.parse(params.get("metric"), sources ? Metric.VISITORS : Metric.OPENS);
        int limit = limit(params.get("limit"));
        Dimension dimension = Dimension.SCENE;
        if (sources) {
            String dim = params.getOrDefault("dimension", "source");
            UtmDimension utm = UtmDimension.ofWireName(dim);
            if (utm == null) {
                throw new BadQueryException("parameter 'dimension' must be source, medium, campaign, content or term; got '" + dim + "'");
            }
            dimension = Dimension.of(utm);
        }
        return new TopQuery(range, dimension, metric, limit);
    }

    private static int limit(String value) {
        if (value == null) {
            return 10;
        }
        try {
            int n = Integer.parseInt(value);
            if (n >= 1 && n <= MAX_LIMIT) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new BadQueryException("parameter 'limit' must be an integer from 1 to " + MAX_LIMIT + "; got '" + value + "'");
    }
}
