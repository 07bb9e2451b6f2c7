package dev.scenery.aggregate;

import dev.scenery.beacon.Utm;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one group of batches changes, decided before anything is written: the tallies to add to
 * buckets, the new first-seen records and the accepted event ids. It is what the redo log holds
 * ({@link #encode}): applying it is deterministic, so a replay after a crash gives what the
 * acknowledged write gave.
 */
final class WritePlan {
    final long seq;
    final long acceptedAt;
    final List<Tally> tallies = new ArrayList<>();
    final Map<ByteKey, FirstVisit> users = new LinkedHashMap<>();
    final Map<ByteKey, Boolean> events = new LinkedHashMap<>();
    /** UTM values this plan adds to a day, per (app, DAY, day, dimension, ""): for the per-day cap. */
    final Map<BucketKey, Set<String>> newUtmValues = new HashMap<>();

    WritePlan(long seq, long acceptedAt) {
        this.seq = seq;
        this.acceptedAt = acceptedAt;
    }

    boolean isEmpty() {
        return tallies.isEmpty() && users.isEmpty() && events.isEmpty();
    }

    /**
     * Layout: seq (8), acceptedAt (8), tally count (4) and per tally app, hour (4), scene (4), the
     * five UTM values, uid hash (8), visit (1), new visitors (1); user count (4) and per user
     * key and value; event count (4) and per event its key. Strings and byte arrays carry a 4-byte
     * length (-1 for null).
     */
    void encode(ByteSink out) {
        out.clear();
        out.putLong(seq).putLong(acceptedAt).putInt(tallies.size());
        for (Tally t : tallies) {
            out.putString(t.app()).putInt(t.hour()).putInt(t.scene());
            Utm u = t.utm();
            out.putString(u.source()).putString(u.medium()).putString(u.campaign())
                    .putString(u.content()).putString(u.term());
            out.putLong(t.uidHash()).putByte(t.visit() ? 1 : 0).putByte(t.newVisitors());
        }
        out.putInt(users.size());
        for (Map.Entry<ByteKey, FirstVisit> e : users.entrySet()) {
            out.putBytes(e.getKey().bytes()).putBytes(e.getValue().encode());
        }
        out.putInt(events.size());
        for (ByteKey k : events.keySet()) {
            out.putBytes(k.bytes());
        }
    }

    static WritePlan decode(ByteBuffer in) {
        WritePlan plan = new WritePlan(in.getLong(), in.getLong());
        int tallies = in.getInt();
        for (int i = 0; i < tallies; i++) {
            String app = string(in);
            int hour = in.getInt();
            int scene = in.getInt();
            Utm utm = new Utm(string(in), string(in), string(in), string(in), string(in));
            plan.tallies.add(new Tally(app, hour, scene, utm.isEmpty() ? Utm.NONE : utm,
                    in.getLong(), in.get() != 0, in.get()));
        }
        int users = in.getInt();
        for (int i = 0; i < users; i++) {
            plan.users.put(new ByteKey(bytes(in)), FirstVisit.decode(bytes(in)));
        }
        int events = in.getInt();
        for (int i = 0; i < events; i++) {
            plan.events.put(new ByteKey(bytes(in)), Boolean.TRUE);
        }
        return plan;
    }

    private static byte[] bytes(ByteBuffer in) {
        byte[] b = new byte[in.getInt()];
        in.get(b);
        return b;
    }

    private static String string(ByteBuffer in) {
        int len = in.getInt();
        if (len < 0) {
            return null;
        }
        String s = new String(in.array(), in.arrayOffset() + in.position(), len, StandardCharsets.UTF_8);
        in.position(in.position() + len);
        return s;
    }
}
