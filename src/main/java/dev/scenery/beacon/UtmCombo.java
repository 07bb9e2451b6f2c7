package dev.scenery.beacon;

/**
 * The combined UTM breakdowns GA-style tools show first: {@code source / medium} and
 * {@code source / medium / campaign}. A visit has a combined value when it carries at least one
 * of the parts; a missing part reads {@value #NOT_SET}. Stored as dimensions of their own (a
 * visitor count of a combination cannot be derived from the single dimensions), with the same
 * per-day budget as each UTM dimension.
 */
public enum UtmCombo {
    SOURCE_MEDIUM("source_medium", UtmDimension.SOURCE, UtmDimension.MEDIUM),
    SOURCE_MEDIUM_CAMPAIGN("source_medium_campaign", UtmDimension.SOURCE, UtmDimension.MEDIUM, UtmDimension.CAMPAIGN);

    /** A part the visit does not carry. */
    public static final String NOT_SET = "(not set)";
    /** Between the parts of a combined value. */
    public static final String SEPARATOR = " / ";
    private static final UtmCombo[] ALL = values();

    private final String wireName;
    private final UtmDimension[] parts;

    UtmCombo(String wireName, UtmDimension... parts) {
        this.wireName = wireName;
        this.parts = parts;
    }

    public String wireName() {
        return wireName;
    }

    public static UtmCombo[] all() {
        return ALL;
    }

    public static UtmCombo ofWireName(String name) {
        for (UtmCombo c : ALL) {
            if (c.wireName.equals(name)) {
                return c;
            }
        }
        return null;
    }

    /** The combined value of a visit's launch values, or null when it carries none of the parts. */
    public String of(Utm utm) {
        boolean any = false;
        StringBuilder out = new StringBuilder();
        for (UtmDimension d : parts) {
            String v = utm.get(d);
            any |= v != null;
            if (out.length() > 0) {
                out.append(SEPARATOR);
            }
            out.append(v == null ? NOT_SET : v);
        }
        return any ? out.toString() : null;
    }
}
