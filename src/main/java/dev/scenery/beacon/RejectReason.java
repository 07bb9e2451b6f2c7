package dev.scenery.beacon;

import java.util.Locale;

/**
 * Why a beacon was refused, as one of a fixed set of codes. Metrics are tagged with the code only:
 * the message beside it names the field and may quote client input, so as a tag it would make a
 * new time series for every distinct key or value a client sends.
 */
public enum RejectReason {
    /** An array element that is not a JSON object. */
    NOT_OBJECT,
    /** A required field is absent (or blank). */
    MISSING_FIELD,
    /** A field is present but empty. */
    EMPTY_FIELD,
    /** A field has the wrong JSON type. */
    BAD_TYPE,
    /** A native beacon's {@code type} is not visit, page or custom. */
    UNKNOWN_TYPE,
    /** A field is longer than its limit. */
    TOO_LONG,
    /** The timestamp is not an integer (or not a positive one). */
    BAD_TS,
    /** The timestamp is further in the future than the tolerance. */
    FUTURE_TS,
    /** The timestamp is older than the late window. */
    LATE_TS,
    /** The scene is not an integer in range. */
    BAD_SCENE,
    /** The launch query is neither a string nor an object of strings. */
    BAD_QUERY,
    /** The utm object is not an object of strings. */
    BAD_UTM,
    /** A GrowingIO event whose project and mini-program map to no Scenery app. */
    UNMAPPED_APP;

    /** The code as it appears in metrics, e.g. {@code missing_field}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
