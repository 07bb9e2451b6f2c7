package dev.scenery.embedded;

import dev.scenery.embedded.log.ByteSink;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What each app holds in the store, in estimated bytes, so that one app cannot take the space of
 * the others ({@code store.appSharePercent}): its first-seen records, its event ids per day of
 * their beacons (a day is dropped whole when it expires) and its buckets' encoded sizes. Changed
 * by the writer thread only (read by metrics); saved in every checkpoint image, so after a crash it
 * is the image's state plus the write plans replayed after it, as the store itself is.
 */
public final class AppUsage {
    /** A first-seen record on disk: 16-byte key, ~40-byte value, Chronicle's entry overhead. */
    static final long USER_BYTES = 72;
    /** An event id on disk: 16-byte key, 8-byte value, overhead. */
    static final long EVENT_BYTES = 40;

    private static final class App {
        long users;
        long bucketBytes;
        final Map<Integer, long[]> eventsByDay = new ConcurrentHashMap<>();
        volatile long events;
    }

    private final Map<String, App> apps = new ConcurrentHashMap<>();

    private App app(String id) {
        return apps.computeIfAbsent(id, k -> new App());
    }

    public void addUsers(String app, long n) {
        app(app).users += n;
    }

    public void addBucketBytes(String app, long delta) {
        app(app).bucketBytes += delta;
    }

    public void addEvents(String app, int day, long n) {
        App a = app(app);
        a.eventsByDay.computeIfAbsent(day, d -> new long[1])[0] += n;
        a.events += n;
    }

    /** Forgets the event ids of days before {@code firstKept} (their files are deleted). */
    public void expireEventsBefore(int firstKept) {
        for (App a : apps.values()) {
            a.eventsByDay.entrySet().removeIf(e -> {
                if (e.getKey() < firstKept) {
                    a.events -= e.getValue()[0];
                    return true;
                }
                return false;
            });
        }
    }

    /** Keeps only the days of event ids that still have files (a crash between expiry and a checkpoint). */
    public void retainEventDays(java.util.Set<Integer> days) {
        for (App a : apps.values()) {
            a.eventsByDay.entrySet().removeIf(e -> {
                if (!days.contains(e.getKey())) {
                    a.events -= e.getValue()[0];
                    return true;
                }
                return false;
            });
        }
    }

    /** Estimated bytes the app holds. */
    public long bytes(String app) {
        App a = apps.get(app);
        return a == null ? 0 : a.users * USER_BYTES + a.events * EVENT_BYTES + a.bucketBytes;
    }

    Map<String, Long> bytesByApp() {
        Map<String, Long> out = new java.util.TreeMap<>();
        apps.keySet().forEach(id -> out.put(id, bytes(id)));
        return out;
    }

    /** Layout: app count (4); per app: id, users (8), bucket bytes (8), day count (4), per day: day (4), ids (8). */
    public void encode(ByteSink out) {
        out.putInt(apps.size());
        for (Map.Entry<String, App> e : apps.entrySet()) {
            App a = e.getValue();
            out.putString(e.getKey()).putLong(a.users).putLong(a.bucketBytes).putInt(a.eventsByDay.size());
            for (Map.Entry<Integer, long[]> d : a.eventsByDay.entrySet()) {
                out.putInt(d.getKey()).putLong(d.getValue()[0]);
            }
        }
    }

    /** Replaces the state with what {@link #encode} wrote. */
    public void decode(ByteBuffer in) {
        apps.clear();
        int n = in.getInt();
        for (int i = 0; i < n; i++) {
            App a = app(ByteSink.readString(in));
            a.users = in.getLong();
            a.bucketBytes = in.getLong();
            int days = in.getInt();
            for (int d = 0; d < days; d++) {
                int day = in.getInt();
                long ids = in.getLong();
                a.eventsByDay.put(day, new long[]{ids});
                a.events += ids;
            }
        }
    }
}
