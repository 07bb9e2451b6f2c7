package dev.scenery.beacon;

/** The kinds of event Scenery understands. */
public enum BeaconType {
    VISIT, PAGE, CUSTOM;

    /** Parses the native API's lower-case name, or returns null when it is none of them. */
    public static BeaconType ofWireName(String name) {
        if (name == null) {
            return null;
        }
        return switch (name) {
            case "visit" -> VISIT;
            case "page" -> PAGE;
            case "custom" -> CUSTOM;
            default -> null;
        };
    }
}
