package dev.scenery.embedded.model;

import java.nio.charset.StandardCharsets;

/**
 * Byte layout of an aggregate map key: granularity (1 byte), dimension (1), local time index
 * (4, big-endian: hours or days since 1970-01-01T00:00 local), app id length (1), app id and the
 * dimension value, both UTF-8. The layout is what the Chronicle Map files hold: never reorder it.
 */
public record BucketKey(String app, Granularity granularity, int time, Dimension dimension, String value) {

    public static final int HEADER = 7;

    public byte[] encode() {
        byte[] appBytes = app.getBytes(StandardCharsets.UTF_8);
        byte[] valueBytes = value.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[HEADER + appBytes.length + valueBytes.length];
        out[0] = (byte) granularity.ordinal();
        out[1] = (byte) dimension.ordinal();
        out[2] = (byte) (time >>> 24);
        out[3] = (byte) (time >>> 16);
        out[4] = (byte) (time >>> 8);
        out[5] = (byte) time;
        out[6] = (byte) appBytes.length;
        System.arraycopy(appBytes, 0, out, HEADER, appBytes.length);
        System.arraycopy(valueBytes, 0, out, HEADER + appBytes.length, valueBytes.length);
        return out;
    }

    public static BucketKey decode(byte[] b) {
        int time = ((b[2] & 0xff) << 24) | ((b[3] & 0xff) << 16) | ((b[4] & 0xff) << 8) | (b[5] & 0xff);
        int appLen = b[6] & 0xff;
        String app = new String(b, HEADER, appLen, StandardCharsets.UTF_8);
        String value = new String(b, HEADER + appLen, b.length - HEADER - appLen, StandardCharsets.UTF_8);
        return new BucketKey(app, Granularity.ofCode(b[0]), time, Dimension.ofCode(b[1]), value);
    }

    /** Every bucket one visit counts in: all visits, its scene, each UTM and combined value it carries; per hour and day. */
    public static void forEachOfVisit(String app, int hour, int scene, dev.scenery.beacon.Utm utm, java.util.function.Consumer<BucketKey> action) {
        int day = AppClock.dayOfHour(hour);
        String sceneValue = Integer.toString(scene);
        for (Granularity g : Granularity.all()) {
            int time = g == Granularity.HOUR ? hour : day;
            action.accept(new BucketKey(app, g, time, Dimension.ALL, ""));
            action.accept(new BucketKey(app, g, time, Dimension.SCENE, sceneValue));
            for (dev.scenery.beacon.UtmDimension u : dev.scenery.beacon.UtmDimension.all()) {
                String v = utm.get(u);
                if (v != null) {
                    action.accept(new BucketKey(app, g, time, Dimension.of(u), v));
                }
            }
            for (dev.scenery.beacon.UtmCombo c : dev.scenery.beacon.UtmCombo.all()) {
                String v = utm.get(c);
                if (v != null) {
                    action.accept(new BucketKey(app, g, time, Dimension.of(c), v));
                }
            }
        }
    }
}
