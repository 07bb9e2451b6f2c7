package dev.scenery.query;

import dev.scenery.embedded.model.Dimension;
import dev.scenery.beacon.SceneCatalog;
import dev.scenery.beacon.UtmCombo;
import dev.scenery.beacon.UtmDimension;
import java.util.Map;

/**
 * The validated parameters of a top-list or trend query.
 *
 * @param dimension SCENE for the scene and group routes, or the UTM dimension (or combination) of the source routes
 * @param previous  the period to compare with, or null
 * @param test      {@code traffic=test}: the app's test traffic instead of its figures
 * @param group     {@code group=} of the scene routes: only the scenes of this group, or null
 */
record TopQuery(View view, ResolvedRange range, Dimension dimension, Metric metric, int limit, ResolvedRange previous,
                boolean test, String group) {

    static final int MAX_LIMIT = 100;
    static final String DIMENSIONS = "source, medium, campaign, content, term, source_medium or source_medium_campaign";

    static TopQuery parse(Map<String, String> params, View view, RangeResolver resolver, SceneCatalog catalog,
                          java.time.ZoneId zone, long now) {
        for (String name : params.keySet()) {
            if (!view.params().contains(name)) {
                throw new BadQueryException("unknown parameter '" + name + "' (allowed: " + String.join(", ", view.params()) + ")");
            }
        }
        ResolvedRange range = resolver.resolve(params.get("range"), params.get("from"), params.get("to"), zone, now);
        Metric metric = Metric.parse(params.get("metric"), view.defaultMetric());
        int limit = limit(params.get("limit"));
        Dimension dimension = view == View.SOURCES ? dimension(params.getOrDefault("dimension", "source")) : Dimension.SCENE;
        Compare compare = Compare.parse(params.get("compare"));
        String traffic = params.getOrDefault("traffic", "real");
        if (!traffic.equals("real") && !traffic.equals("test")) {
            throw new BadQueryException("parameter 'traffic' must be real or test; got '" + traffic + "'");
        }
        String group = params.get("group");
        if (group != null && catalog.group(group) == null) {
            throw new BadQueryException("parameter 'group' must be a scene group of /v1/scenes ("
                    + String.join(", ", catalog.groups().stream().map(SceneCatalog.Group::key).toList()) + "); got '" + group + "'");
        }
        String format = params.getOrDefault("format", "json");
        if (!format.equals("json") && !format.equals("csv")) {
            throw new BadQueryException("parameter 'format' must be json or csv; got '" + format + "'");
        }
        String lang = params.getOrDefault("lang", "zh");
        if (!lang.equals("zh") && !lang.equals("en")) {
            throw new BadQueryException("parameter 'lang' must be zh or en; got '" + lang + "'");
        }
        return new TopQuery(view, range, dimension, metric, limit, compare == null ? null : compare.periodBefore(range),
                traffic.equals("test"), group);
    }

    private static Dimension dimension(String name) {
        UtmDimension utm = UtmDimension.ofWireName(name);
        if (utm != null) {
            return Dimension.of(utm);
        }
        UtmCombo combo = UtmCombo.ofWireName(name);
        if (combo != null) {
            return Dimension.of(combo);
        }
        throw new BadQueryException("parameter 'dimension' must be " + DIMENSIONS + "; got '" + name + "'");
    }

    /** The wire name of the dimension of a source query. */
    String dimensionName() {
        return dimension.name().toLowerCase(java.util.Locale.ROOT);
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
