package dev.scenery.beacon;

/** Length limits of beacon fields, shared by every wire format. */
public final class BeaconLimits {
    public static final int MAX_UID = 128;
    public static final int MAX_SID = 128;
    public static final int MAX_ID = 64;
    public static final int MAX_UTM_VALUE = 128;
    public static final int MAX_PATH = 1024;
    public static final int MAX_QUERY = 4096;
    public static final int MAX_SCENE = 99_999;

    private BeaconLimits() {
    }
}
