package dev.scenery.embedded.model;

import dev.scenery.beacon.Utm;
import dev.scenery.beacon.UtmDimension;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A user's first-ever visit to an app, as the first-seen registry keeps it: when, from which
 * scene, with which UTM values, and the write plan that stored it. Byte layout: ts (8), scene (4),
 * then per UTM dimension a 2-byte length (0xFFFF for absent) and the UTF-8 value, then the plan's
 * seq (8) and the app (2-byte length, UTF-8).
 *
 * <p>Seq and app let PostgreSQL mode find, after a kill, the records changed since the last
 * committed flush (those with a seq past its watermark) and send them under their app: the key is
 * a hash, so the app cannot be read from it.
 */
public record FirstVisit(long ts, int scene, Utm utm, long seq, String app) {
    public byte[] encode() {
        byte[][] parts = new byte[5][];
        byte[] appBytes = app.getBytes(StandardCharsets.UTF_8);
        int size = 12 + 8 + 2 + appBytes.length;
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
        buf.putLong(seq).putShort((short) appBytes.length).put(appBytes);
        return buf.array();
    }

    public static FirstVisit decode(byte[] b) {
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
        long seq = buf.getLong();
        int len = buf.getShort() & 0xFFFF;
        String app = new String(b, buf.position(), len, StandardCharsets.UTF_8);
        return new FirstVisit(ts, scene, Utm.of(values), seq, app);
    }
}
