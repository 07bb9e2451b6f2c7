package dev.scenery.aggregate;

import dev.scenery.beacon.Utm;
import dev.scenery.beacon.UtmDimension;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A user's first-ever visit to an app, as the first-seen registry keeps it: when, from which
 * scene, with which UTM values. Byte layout: ts (8), scene (4), then per UTM dimension a 2-byte
 * length (0xFFFF for absent) and the UTF-8 value.
 */
record FirstVisit(long ts, int scene, Utm utm) {

    byte[] encode() {
        byte[][] parts = new byte[5][];
        int size = 12;
        for (UtmDimension d : UtmDimension.all()) {
            String v = utm.get(d);
            parts[d.ordinal()] = v == null ? null : v.getBytes(StandardCharsets.UTF_8);
            size += 2 + (v == null ? 0 : parts[d.ordinal()].length);
        }
        ByteBuffer buf = ByteBuffer.allocate(size);
        buf.putLong(ts).putInt(scene);
        for (byte[] p : parts) {
            if (p == null) {
                buf.putShort((short) 0xFFFF);
            } else {
                buf.putShort((short) p.length).put(p);
            }
        }
        return buf.array();
    }

    static FirstVisit decode(byte[] b) {
        ByteBuffer buf = ByteBuffer.wrap(b);
        long ts = buf.getLong();
        int scene = buf.getInt();
        String[] values = new String[5];
        for (int i = 0; i < 5; i++) {
            int len = buf.getShort() & 0xFFFF;
            if (len != 0xFFFF) {
                values[i] = new String(b, buf.position(), len, StandardCharsets.UTF_8);
                buf.position(buf.position() + len);
            }
        }
        return new FirstVisit(ts, scene, Utm.of(values));
    }
}
