package dev.scenery.query;

import dev.scenery.embedded.model.Figures;

/** The figure a top list is ranked by. */
enum Metric {
    OPENS("opens"), VISITORS("visitors"), NEW_VISITORS("newVisitors");

    final String wireName;

    Metric(String wireName) {
        this.wireName = wireName;
    }

    long of(Figures f) {
        return switch (this) {
            case OPENS -> f.opens();
            case VISITORS -> f.visitors();
            case NEW_VISITORS -> f.newVisitors();
        };
    }

    static Metric parse(String value, Metric fallback) {
        if (value == null) {
            return fallback;
        }
        for (Metric m : values()) {
            if (m.wireName.equals(value)) {
                return m;
            }
        }
        throw new BadQueryException("parameter 'metric' must be opens, visitors or newVisitors; got '" + value + "'");
    }
}
