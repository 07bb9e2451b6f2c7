package dev.scenery.embedded;

import dev.scenery.fault.Faults;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.LongFunction;
import net.openhft.chronicle.map.ChronicleMap;
import net.openhft.chronicle.map.ChronicleMapBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A byte-array map that grows without a restart: a chain of Chronicle Map files (tiers), since a
 * Chronicle Map's capacity is fixed in its file header. Tier 0 is {@code <name>.dat} with the
 * configured entries; each further tier, {@code <name>.<i>.<entries>.dat}, has twice the entries of
 * the one before, so n entries take about log2(n / configured) files and disk grows with the data.
 * New keys go to the newest tier; a key lives in exactly one tier (a value that no longer fits
 * its tier moves to the newest). Reads probe the tiers oldest first. No put ever meets Chronicle
 * Map's own limit ({@link #put}).
 *
 * <p>A new tier is added before it is needed ({@link #reserve}), so a write plan is never applied
 * half: the writer reserves room for the plan's new entries before it logs it, and a tier that
 * would pass the disk budget ({@link DiskBudget}) is refused there, before anything is written.
 * Thread safety: Chronicle Maps are; the tier list is copy-on-write and changed by the writer thread only.
 */
public final class TieredMap implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TieredMap.class);
    /**
     * Spare segment tiers (Chronicle's room to grow, from maxBloatFactor) a map keeps: past it new
     * keys and growing values go to a newer file. One put needs at most one.
     */
    private static final int MIN_SPARE_SEGMENT_TIERS = 2;

    /** @param spare how many spare segment tiers a put must leave: {@value #MIN_SPARE_SEGMENT_TIERS}, fewer for a small map */
    private record Tier(ChronicleMap<byte[], byte[]> map, long entries, Path file, int spare) {
    }

    private final Path dir;
    private final String name;
    private final LongFunction<ChronicleMapBuilder<byte[], byte[]>> builder;
    private final DiskBudget budget;
    /** Whether new tiers count against store.maxDiskBytes (the bucket map's do not: see {@link DiskBudget#claim(String, long, boolean)}). */
    private final boolean withinBudget;
    private volatile List<Tier> tiers = List.of();

    /**
     * Opens every tier file of {@code name} in {@code dir} (tier 0 is created with {@code entries}
     * when missing). {@code recover}: the files were not closed cleanly (see {@link ChronicleStore}).
     */
    TieredMap(Path dir, String name, long entries, LongFunction<ChronicleMapBuilder<byte[], byte[]>> builder,
              boolean recover, DiskBudget budget, boolean withinBudget) {
        this.withinBudget = withinBudget;
        this.dir = dir;
        this.name = name;
        this.builder = builder;
        this.budget = budget;
        List<Tier> open = new ArrayList<>();
        try {
            open.add(openTier(TierFiles.first(dir, name), entries, recover));
            for (TierFiles.Further f : TierFiles.further(dir, name)) {
                open.add(openTier(f.file(), f.entries(), recover));
            }
        } catch (IOException | RuntimeException e) {
            open.forEach(t -> t.map.close());
            throw new StoreException("cannot open " + name + " in " + dir + ": " + e, e);
        }
        tiers = List.copyOf(open);
    }

    private Tier openTier(Path file, long entries, boolean recover) throws IOException {
        ChronicleMapBuilder<byte[], byte[]> b = builder.apply(entries).name("scenery-" + name);
        // closed by us after the writer drained: Chronicle's exit hook would close it under the writer
        b.skipCloseOnExitHook(true);
        File f = file.toFile();
        ChronicleMap<byte[], byte[]> map;
        if (f.exists() && f.length() > 0 && recover) {
            LOG.info("{} was not closed cleanly: recovering it", file);
            map = b.recoverPersistedTo(f, true);
        } else {
            map = b.createPersistedTo(f);
        }
        return new Tier(map, entries, file, Math.max(1, Math.min(MIN_SPARE_SEGMENT_TIERS, map.remainingAutoResizes())));
    }

    /**
     * Oldest tier first: a key being moved (put into the newest, then removed from its old tier)
     * is then found by a concurrent reader at every moment, in the old tier until it leaves it.
     */
    public byte[] get(byte[] key) {
        List<Tier> t = tiers;
        for (int i = 0; i < t.size(); i++) {
            byte[] v = t.get(i).map.get(key);
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    boolean containsKey(byte[] key) {
        List<Tier> t = tiers;
        for (int i = t.size() - 1; i >= 0; i--) {
            if (t.get(i).map.containsKey(key)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Writes a whole value. A key whose tier is running out of room to grow (its values grow:
     * sketches) moves to the newest tier, adding one first if that one has no room either.
     * Chronicle Map must never meet its own limit: a put that fails there leaves the map's counters
     * corrupt (seen in tests: "size diverged" at the next open), so room is checked before each put.
     */
    public void put(byte[] key, byte[] value) {
        List<Tier> t = tiers;
        if (t.size() == 1 && hasRoom(t.get(0))) {
            t.get(0).map.put(key, value); // one file: no lookup first (it was 5% of the writer's time)
            return;
        }
        int at = tierOf(t, key);
        if (at >= 0 && hasRoom(t.get(at))) {
            t.get(at).map.put(key, value);
            return;
        }
        Tier newest = t.get(t.size() - 1);
        if (isFull(newest)) {
            newest = addTier();
        }
        newest.map.put(key, value);
        if (at >= 0 && t.get(at) != newest) {
            Faults.at(Faults.Step.TIER_MOVED);
            t.get(at).map.remove(key); // readers found it in the old tier until now, in the new one from now on
        }
    }

    public void remove(byte[] key) {
        List<Tier> t = tiers;
        int at = tierOf(t, key);
        if (at >= 0) {
            t.get(at).map.remove(key);
        }
    }

    private static int tierOf(List<Tier> t, byte[] key) {
        if (t.size() == 1) {
            return t.get(0).map.containsKey(key) ? 0 : -1;
        }
        for (int i = t.size() - 1; i >= 0; i--) {
            if (t.get(i).map.containsKey(key)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Makes sure the newest tier has room for {@code newEntries} more keys, adding a tier first if
     * not. Writer thread only.
     *
     * @throws StoreFullException when the new tier would pass the disk budget (nothing was written)
     */
    public void reserve(long newEntries) {
        Tier newest = tiers.get(tiers.size() - 1);
        if (newest.map.longSize() + newEntries > newest.entries || isFull(newest)) {
            addTier();
        }
    }

    /** Whether a tier may still take a value that grows: a segment that overflows needs one of its spare tiers. */
    private static boolean hasRoom(Tier t) {
        return t.map.remainingAutoResizes() >= t.spare;
    }

    /** Whether a tier takes no new keys: at its configured entries, or short of room to grow. */
    private static boolean isFull(Tier t) {
        return t.map.longSize() >= t.entries || !hasRoom(t);
    }

    private synchronized Tier addTier() {
        List<Tier> t = tiers;
        Tier last = t.get(t.size() - 1);
        long entries = last.entries * 2;
        Path file = TierFiles.of(dir, name, t.size(), entries);
        budget.claim(name + " tier " + t.size(), estimatedBytes(last, entries), withinBudget);
        Tier added;
        try {
            added = openTier(file, entries, false);
        } catch (IOException | RuntimeException e) {
            throw new StoreFullException("cannot add tier " + t.size() + " to " + name + ": " + e.getMessage(), StoreLimit.STORE);
        }
        Faults.at(Faults.Step.TIER_CREATED);
        List<Tier> next = new ArrayList<>(t);
        next.add(added);
        tiers = List.copyOf(next);
        LOG.info("{} grew to {} tiers: {} ({} entries)", name, next.size(), file.getFileName(), entries);
        return added;
    }

    /** A new tier's file is about as large as the last one's was when created, per entry. */
    private static long estimatedBytes(Tier last, long entries) {
        return (long) (bytes(last.file) * (double) entries / last.entries);
    }

    /** Bytes a new tier with this many more entries than the newest would take on disk (an estimate). */
    public long nextTierBytes() {
        Tier last = tiers.get(tiers.size() - 1);
        return estimatedBytes(last, last.entries * 2);
    }

    public void forEach(BiConsumer<byte[], byte[]> action) {
        for (Tier t : tiers) {
            t.map.forEachEntry(e -> action.accept(e.key().get(), e.value().get()));
        }
    }

    /** Removes the entries the predicate picks; returns how many. */
    public int removeIf(java.util.function.BiPredicate<byte[], byte[]> test) {
        int[] removed = {0};
        for (Tier t : tiers) {
            t.map.forEachEntry(e -> {
                if (test.test(e.key().get(), e.value().get())) {
                    e.context().remove(e);
                    removed[0]++;
                }
            });
        }
        return removed[0];
    }

    long longSize() {
        long n = 0;
        for (Tier t : tiers) {
            n += t.map.longSize();
        }
        return n;
    }

    int tierCount() {
        return tiers.size();
    }

    /** Apparent bytes of the tier files (sparse: they take somewhat less on disk). */
    long fileBytes() {
        long n = 0;
        for (Tier t : tiers) {
            n += bytes(t.file);
        }
        return n;
    }

    private static long bytes(Path p) {
        return p.toFile().length();
    }

    /** Forces every tier file to disk (durable sync mode): dirty pages of the mappings included. */
    void force() {
        for (Tier t : tiers) {
            TierFiles.force(t.file);
        }
    }

    /** Closes the tiers and deletes their files (an expired day of event ids). */
    void delete() {
        close();
        for (Tier t : tiers) {
            try {
                Files.deleteIfExists(t.file);
            } catch (IOException e) {
                LOG.warn("cannot delete {}: {}", t.file, e.toString());
            }
        }
    }

    @Override
    public void close() {
        for (Tier t : tiers) {
            if (!t.map.isClosed()) {
                t.map.close();
            }
        }
    }
}
