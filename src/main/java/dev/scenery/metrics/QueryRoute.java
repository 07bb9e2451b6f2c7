package dev.scenery.metrics;

/** The query routes, as the {@code route} tag of {@code scenery_query_latency}. */
public enum QueryRoute {
    SCENES("scenes"), SCENES_TREND("scenes/trend"), SOURCES("sources"), SOURCES_TREND("sources/trend"),
    GROUPS("groups"), GROUPS_TREND("groups/trend");

    private final String tag;

    QueryRoute(String tag) {
        this.tag = tag;
    }

    String tag() {
        return tag;
    }

    /** The route of a view's top list ({@code view} is its route segment) or of its trend. */
    public static QueryRoute of(String view, boolean trend) {
        String wanted = trend ? view + "/trend" : view;
        for (QueryRoute r : values()) {
            if (r.tag.equals(wanted)) {
                return r;
            }
        }
        throw new IllegalArgumentException("no query route '" + wanted + "'");
    }
}
