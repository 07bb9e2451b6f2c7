package dev.scenery.beacon;

/** The five UTM dimensions, in the order {@link Utm} holds them. */
public enum UtmDimension {
    SOURCE("source"), MEDIUM("medium"), CAMPAIGN("campaign"), CONTENT("content"), TERM("term");

    private static final UtmDimension[] ALL = values();
    private final String wireName;

    UtmDimension(String wireName) {
        this.wireName = wireName;
    }

    /** The name used in the API ("source", "medium", ...). */
    public String wireName() {
        return wireName;
    }

    /** The name of the launch-query parameter ("utm_source", ...). */
    public String queryParameter() {
        return "utm_" + wireName;
    }

    public static UtmDimension ofWireName(String name) {
        for (UtmDimension d : ALL) {
            if (d.wireName.equals(name)) {
                return d;
            }
        }
        return null;
    }

    public static UtmDimension[] all() {
        return ALL;
    }
}
