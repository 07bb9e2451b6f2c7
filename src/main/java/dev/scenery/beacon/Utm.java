package dev.scenery.beacon;

/**
 * The promotion parameters of a visit. Each value is null when the visit does not carry it.
 */
public record Utm(String source, String medium, String campaign, String content, String term) {

    public static final Utm NONE = new Utm(null, null, null, null, null);

    public String get(UtmDimension dimension) {
        return switch (dimension) {
            case SOURCE -> source;
            case MEDIUM -> medium;
            case CAMPAIGN -> campaign;
            case CONTENT -> content;
            case TERM -> term;
        };
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
