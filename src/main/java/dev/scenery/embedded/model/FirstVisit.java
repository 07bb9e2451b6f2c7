package dev.scenery.embedded.model;

import dev.scenery.beacon.Utm;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A user's first-ever visit to an app, as the first-seen registry keeps it: when, from which
 * scene, with which UTM values, and the write plan that stored it. Byte layout: ts (8), scene (4),
 * then per UTM dimension a 2-byte length (0xFFFF for absent) and the UTF-8 value, then the plan's
 * seq (8), the app (2-byte length, UTF-8) and the two combined UTM values as counted (like the UTM
 * values: source / medium, source / medium / campaign).
 *
 * <p>Seq and app let PostgreSQL mode find, after a kill, the records changed since the last
 * committed flush (those with a seq past its watermark) and send them under their app: the key is
 * a hash, so the app cannot be read from it.
 */
public record FirstVisit(long ts, int scene, Utm utm, long seq, String app) {
    public byte[] encode() {
        byte[] appBytes = app.getBytes(StandardCharsets.UTF_8);
        String[] values = {utm.source(), utm.medium(), utm.campaign(), utm.content(), utm.term(),
            utm.sourceMedium(), utm.sourceMediumCampaign()};
        byte[][] parts = new byte[values.length][];
        int size = 12 + 8 + 2 + appBytes.length;
        for (int i = 0; i < values.length; i++) {
            parts[i] = values[i] == null ? null : values[i].getBytes(StandardCharsets.UTF_8);
            size += 2 + (parts[i] == null ? 0 : parts[i].length);
        }
        ByteBuffer buf = ByteBuffer.allocate(size);
        buf.putLong(ts).putInt(scene);
        for (int i = 0; i < 5; i++) {
            putPart(buf, parts[i]);
        }
        buf.putLong(seq).putShort((short) appBytes.length).put(appBytes);
        putPart(buf, parts[5]);
        putPart(buf, parts[6]);
        return buf.array();
    }

    public static FirstVisit decode(byte[] b) {
        ByteBuffer buf = ByteBuffer.wrap(b);
        long ts = buf.getLong();
        int scene = buf.getInt();
        String[] values = new String[5];
        for (int i = 0; i < 5; i++) {
            values[i] = readPart(buf, b);
        }
        long seq = buf.getLong();
        int len = buf.getShort() & 0xFFFF;
        String app = new String(b, buf.position(), len, StandardCharsets.UTF_8);
        buf.position(buf.position() + len);
        Utm utm = Utm.of(values).withCombos(readPart(buf, b), readPart(buf, b));
        return new FirstVisit(ts, scene, utm, seq, app);
    }

    private static void putPart(ByteBuffer buf, byte[] p) {
        if (p == null) {
            buf.putShort((short) 0xFFFF);
        } else {
            buf.putShort((short) p.length).put(p);
        }
    }

    private static String readPart(ByteBuffer buf, byte[] b) {
        int len = buf.getShort() & 0xFFFF;
        if (len == 0xFFFF) {
            return null;
        }
        String v = new String(b, buf.position(), len, StandardCharsets.UTF_8);
        buf.position(buf.position() + len);
        return v;
    }
}
