package dev.scenery.embedded;

import dev.scenery.fault.Faults;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.openhft.chronicle.map.ChronicleMapBuilder;

/**
 * The client event ids accepted, for retry dedupe: a bounded, expiring set. Ids are kept per UTC
 * day of their beacon's {@code ts} ({@code events/<epoch day>.dat}, a {@link TieredMap} that grows
 * with the day's traffic), because a retry carries the same beacon, so one day's map is the only
 * one to look in. A day is deleted whole once its beacons are older than the late window: a retry
 * of them would be refused as too old anyway, so the dedupe window is exactly the late window and
 * nothing acknowledged can count twice by arriving late.
 */
public final class EventIds implements AutoCloseable {
    private static final Pattern DAY_FILE = Pattern.compile("^(\\d+)\\.dat$");
    private final Path dir;
    private final long entriesPerDay;
    private final boolean recover;
    private final DiskBudget budget;
    private final Map<Integer, TieredMap> days = new ConcurrentHashMap<>();
    private final byte[] valueBytes = new byte[8];
    private final java.nio.ByteBuffer value = java.nio.ByteBuffer.wrap(valueBytes);

    EventIds(Path dataDir, long entriesPerDay, boolean recover, DiskBudget budget) {
        this.dir = dataDir.resolve("events");
        this.entriesPerDay = entriesPerDay;
        this.recover = recover;
        this.budget = budget;
        try {
            Files.createDirectories(dir);
            try (var files = Files.list(dir)) {
                for (Path p : (Iterable<Path>) files::iterator) {
                    Matcher m = DAY_FILE.matcher(p.getFileName().toString());
                    if (m.matches()) {
                        int day = Integer.parseInt(m.group(1));
                        days.put(day, open(day));
                    }
                }
            }
        } catch (IOException e) {
            close();
            throw new StoreException("cannot open the event ids in " + dir + ": " + e, e);
        }
    }

    private TieredMap open(int day) {
        LongFunction<ChronicleMapBuilder<byte[], byte[]>> b = entries -> ChronicleMapBuilder.of(byte[].class, byte[].class)
                .entries(entries)
                .constantKeySizeBySample(new byte[16])
                .constantValueSizeBySample(new byte[8])
                .maxBloatFactor(2.0);
        return new TieredMap(dir, Integer.toString(day), entriesPerDay, b, recover, budget, true);
    }

    public static int dayOf(long ts) {
        return (int) Math.floorDiv(ts, 86_400_000L);
    }

    public boolean contains(int day, byte[] key) {
        TieredMap m = days.get(day);
        return m != null && m.containsKey(key);
    }

    /** Stores an accepted id with its acceptance time (for the record only). Writer thread only. */
    public void put(int day, byte[] key, long acceptedAt) {
        value.putLong(0, acceptedAt); // one buffer for every put: Chronicle Map copies the bytes
        day(day).put(key, valueBytes);
    }

    public void remove(int day, byte[] key) {
        TieredMap m = days.get(day);
        if (m != null) {
            m.remove(key);
        }
    }

    /** Makes room for {@code n} new ids of a day, creating its map first if needed (refused past the disk budget). */
    public void reserve(int day, long n) {
        day(day).reserve(n);
    }

    private TieredMap day(int day) {
        TieredMap m = days.get(day);
        if (m == null) {
            budget.claim("the event ids of day " + day, estimatedDayBytes());
            m = open(day);
            days.put(day, m);
        }
        return m;
    }

    private long estimatedDayBytes() {
        for (TieredMap m : days.values()) {
            return m.fileBytes() / Math.max(1, m.tierCount());
        }
        return entriesPerDay * 64;
    }

    /** Deletes the days whose beacons are all before {@code oldestTs}; returns how many ids went. Writer thread only. */
    public long expireBefore(long oldestTs) {
        int firstKept = dayOf(oldestTs);
        long removed = 0;
        for (Integer day : java.util.List.copyOf(days.keySet())) {
            if (day < firstKept) {
                TieredMap m = days.remove(day);
                removed += m.longSize();
                m.close();
                Faults.at(Faults.Step.EVENTS_EXPIRED);
                m.delete();
                budget.changed();
            }
        }
        return removed;
    }

    long count() {
        long n = 0;
        for (TieredMap m : days.values()) {
            n += m.longSize();
        }
        return n;
    }

    public java.util.Set<Integer> days() {
        return java.util.Set.copyOf(days.keySet());
    }


    void force() {
        days.values().forEach(TieredMap::force);
    }

    @Override
    public void close() {
        days.values().forEach(TieredMap::close);
    }
}
