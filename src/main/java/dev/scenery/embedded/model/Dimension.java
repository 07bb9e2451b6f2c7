package dev.scenery.embedded.model;

import dev.scenery.beacon.UtmDimension;

/**
 * What a bucket is kept for: all visits of the app ({@link #ALL}, value ""), one scene (value is
 * the scene code in decimal), or one value of a UTM dimension.
 */
public enum Dimension {
    ALL, SCENE, SOURCE, MEDIUM, CAMPAIGN, CONTENT, TERM;

    private static final Dimension[] VALUES = values();
    public static final int COUNT = VALUES.length;

    public static Dimension of(UtmDimension utm) {
        return VALUES[SOURCE.ordinal() + utm.ordinal()];
    }

    static Dimension ofCode(int code) {
        return VALUES[code];
    }
}
