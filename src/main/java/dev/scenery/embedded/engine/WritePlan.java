package dev.scenery.embedded.engine;

import dev.scenery.embedded.log.ByteSink;
import dev.scenery.embedded.model.BucketKey;
import dev.scenery.embedded.model.ByteKey;
import dev.scenery.embedded.model.FirstVisit;
import dev.scenery.beacon.Utm;
import java.nio.ByteBuffer;
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
    /** A first-seen record to store; {@code previous} is the value it replaces (to undo a refused plan), not logged. */
    record User(String app, FirstVisit visit, boolean isNew, byte[] previous) {
    }

    /** An accepted event id, kept under the UTC day of its beacon. */
    record Event(String app, int day) {
    }

    final long seq;
    final long acceptedAt;
    final List<Tally> tallies = new ArrayList<>();
    final Map<ByteKey, User> users = new LinkedHashMap<>();
    final Map<ByteKey, Event> events = new LinkedHashMap<>();
    /** Values this plan adds to a day's dimension, per (app, DAY, day, dimension, ""): for the per-day budgets. */
    final Map<BucketKey, Set<String>> newValues = new HashMap<>();

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
     * key, app, new (1) and value; event count (4) and per event key, app and day (4); then the
     * tally count again (4) and per tally its two combined UTM values (after the rest, so the
     * tallies above keep the layout of the single values). Strings and byte arrays carry a 4-byte
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
        for (Map.Entry<ByteKey, User> e : users.entrySet()) {
            User u = e.getValue();
            out.putBytes(e.getKey().bytes()).putString(u.app()).putByte(u.isNew() ? 1 : 0).putBytes(u.visit().encode());
        }
        out.putInt(events.size());
        for (Map.Entry<ByteKey, Event> e : events.entrySet()) {
            out.putBytes(e.getKey().bytes()).putString(e.getValue().app()).putInt(e.getValue().day());
        }
        out.putInt(tallies.size());
        for (Tally t : tallies) {
            out.putString(t.utm().sourceMedium()).putString(t.utm().sourceMediumCampaign());
        }
    }

    static WritePlan decode(ByteBuffer in) {
        WritePlan plan = new WritePlan(in.getLong(), in.getLong());
        int tallies = in.getInt();
        for (int i = 0; i < tallies; i++) {
            String app = ByteSink.readString(in);
            int hour = in.getInt();
            int scene = in.getInt();
            Utm utm = new Utm(ByteSink.readString(in), ByteSink.readString(in), ByteSink.readString(in),
                    ByteSink.readString(in), ByteSink.readString(in));
            plan.tallies.add(new Tally(app, hour, scene, utm.isEmpty() ? Utm.NONE : utm,
                    in.getLong(), in.get() != 0, in.get()));
        }
        int users = in.getInt();
        for (int i = 0; i < users; i++) {
            ByteKey key = new ByteKey(ByteSink.readBytes(in));
            String app = ByteSink.readString(in);
            boolean isNew = in.get() != 0;
            plan.users.put(key, new User(app, FirstVisit.decode(ByteSink.readBytes(in)), isNew, null));
        }
        int events = in.getInt();
        for (int i = 0; i < events; i++) {
            ByteKey key = new ByteKey(ByteSink.readBytes(in));
            plan.events.put(key, new Event(ByteSink.readString(in), in.getInt()));
        }
        if (in.getInt() != tallies) {
            throw new IllegalStateException("a write plan's combined UTM values do not match its " + tallies + " tallies");
        }
        for (int i = 0; i < tallies; i++) {
            Tally t = plan.tallies.get(i);
            String sm = ByteSink.readString(in);
            String smc = ByteSink.readString(in);
            if (sm != null || smc != null) {
                plan.tallies.set(i, new Tally(t.app(), t.hour(), t.scene(), t.utm().withCombos(sm, smc), t.uidHash(),
                        t.visit(), t.newVisitors()));
            }
        }
        return plan;
    }
}
