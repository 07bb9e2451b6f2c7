package dev.scenery.metrics;

/** The query routes, as the {@code route} tag of {@code scenery_query_latency}. */
public enum QueryRoute {
    SCENES("scenes"), SCENES_TREND("scenes/trend"), SOURCES("sources"), SOURCES_TREND("sources/trend");

    private final String tag;

    QueryRoute(String tag) {
        this.tag = tag;
    }

    String tag() {
        return tag;
    }
}
