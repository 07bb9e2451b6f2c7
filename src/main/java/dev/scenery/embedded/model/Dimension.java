package dev.scenery.embedded.model;

import dev.scenery.beacon.UtmCombo;
import dev.scenery.beacon.UtmDimension;

/**
 * What a bucket is kept for: all visits of the app ({@link #ALL}, value ""), one scene (value is
 * the scene code in decimal), one value of a UTM dimension, or one combined UTM value
 * ({@link UtmCombo}: {@code source / medium}, {@code source / medium / campaign}). The ordinal is
 * part of the stored key: append, never reorder.
 */
public enum Dimension {
    ALL, SCENE, SOURCE, MEDIUM, CAMPAIGN, CONTENT, TERM, SOURCE_MEDIUM, SOURCE_MEDIUM_CAMPAIGN;

    private static final Dimension[] VALUES = values();
    public static final int COUNT = VALUES.length;

    public static Dimension of(UtmDimension utm) {
        return VALUES[SOURCE.ordinal() + utm.ordinal()];
    }

    public static Dimension of(UtmCombo combo) {
        return VALUES[SOURCE_MEDIUM.ordinal() + combo.ordinal()];
    }

    static Dimension ofCode(int code) {
        return VALUES[code];
    }
}
