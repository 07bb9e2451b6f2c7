package dev.scenery.beacon;

/**
 * The promotion parameters of a visit. Each value is null when the visit does not carry it.
 *
 * @param sourceMedium         the combined {@code source / medium} value the store counted the visit under
 *                             ({@link UtmCombo}), or null: set by the store's planner, never by a parser
 * @param sourceMediumCampaign the same for {@code source / medium / campaign}
 */
public record Utm(String source, String medium, String campaign, String content, String term,
                  String sourceMedium, String sourceMediumCampaign) {

    public static final Utm NONE = new Utm(null, null, null, null, null);

    /** The five values of a launch link, without combined values. */
    public Utm(String source, String medium, String campaign, String content, String term) {
        this(source, medium, campaign, content, term, null, null);
    }

    public String get(UtmDimension dimension) {
        return switch (dimension) {
            case SOURCE -> source;
            case MEDIUM -> medium;
            case CAMPAIGN -> campaign;
            case CONTENT -> content;
            case TERM -> term;
        };
    }

    /** The combined value as counted, or null. */
    public String get(UtmCombo combo) {
        return combo == UtmCombo.SOURCE_MEDIUM ? sourceMedium : sourceMediumCampaign;
    }

    /** These values with the combined values as counted. */
    public Utm withCombos(String sourceMedium, String sourceMediumCampaign) {
        return new Utm(source, medium, campaign, content, term, sourceMedium, sourceMediumCampaign);
    }

    public boolean isEmpty() {
        return source == null && medium == null && campaign == null && content == null && term == null;
    }

    /** Builds a Utm from values in dimension order; blank values become null. */
    public static Utm of(String[] values) {
        Utm utm = new Utm(blankToNull(values[0]), blankToNull(values[1]), blankToNull(values[2]),
                blankToNull(values[3]), blankToNull(values[4]));
        return utm.isEmpty() ? NONE : utm;
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
