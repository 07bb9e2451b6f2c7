package dev.scenery.aggregate;

import dev.scenery.config.StoreConfig;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import net.openhft.chronicle.map.ChronicleMap;
import net.openhft.chronicle.map.ChronicleMapBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded store: three Chronicle Map files and the journal under the data directory.
 * <ul>
 *   <li>{@code buckets.dat}: {@link BucketKey} → {@link BucketValue}, per local hour and day;</li>
 *   <li>{@code users.dat}: 16-byte user key → {@link FirstVisit} (the first-seen registry);</li>
 *   <li>{@code events.dat}: 16-byte client event key → acceptance time (retry dedupe);</li>
 *   <li>{@code redo.log}: the write plans acknowledged since the last checkpoint ({@link RedoLog});</li>
 *   <li>{@code journal.dat}: the after-images of the checkpoint being written ({@link Journal}).</li>
 * </ul>
 * A file left by a process that did not close the store (killed, crashed) is opened with
 * {@code recoverPersistedTo}, which repairs the segment locks it held; a new file, or one closed
 * cleanly (the {@value #CLEAN_MARKER} marker), with {@code createPersistedTo}.
 */
public final class ChronicleStore implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ChronicleStore.class);
    static final String CLEAN_MARKER = "clean-shutdown";

    final ChronicleMap<byte[], byte[]> buckets;
    final ChronicleMap<byte[], byte[]> users;
    final ChronicleMap<byte[], Long> events;
    final Journal journal;
    final RedoLog redoLog;
    final BucketIndex index = new BucketIndex();
    final Versions versions = new Versions();
    private final Path dataDir;
    private volatile boolean open = true;
    private long minFreeBytes;
    /** Buckets the writer created since its last checkpoint (not yet in {@link #buckets}). */
    volatile int unsavedNewBuckets;

    private ChronicleStore(Path dataDir, ChronicleMap<byte[], byte[]> buckets, ChronicleMap<byte[], byte[]> users,
                           ChronicleMap<byte[], Long> events, Journal journal, RedoLog redoLog) {
        this.dataDir = dataDir;
        this.buckets = buckets;
        this.users = users;
        this.events = events;
        this.journal = journal;
        this.redoLog = redoLog;
    }

    /** Opens (or creates) the store and replays a write plan that a crash left half applied. */
    public static ChronicleStore open(StoreConfig config) {
        Path dir = config.dataDir().toAbsolutePath();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new StoreException("cannot create data directory " + dir + ": " + e, e);
        }
        if (!Files.isWritable(dir)) {
            throw new StoreException("data directory " + dir + " is not writable");
        }
        long free = freeBytes(dir);
        if (free < config.minFreeBytes()) {
            throw new StoreException("data directory " + dir + " has " + free + " bytes free; at least "
                    + config.minFreeBytes() + " are needed (store.minFreeBytes)");
        }
        boolean clean = consumeCleanMarker(dir);
        ChronicleMap<byte[], byte[]> buckets = null;
        ChronicleMap<byte[], byte[]> users = null;
        ChronicleMap<byte[], Long> events = null;
        try {
            buckets = persisted(ChronicleMapBuilder.of(byte[].class, byte[].class)
                    .name("scenery-buckets")
                    .entries(config.maxBuckets())
                    .averageKeySize(24)
                    .averageValueSize(160)
                    .maxBloatFactor(4.0), dir.resolve("buckets.dat"), clean);
            users = persisted(ChronicleMapBuilder.of(byte[].class, byte[].class)
                    .name("scenery-users")
                    .entries(config.maxUsers())
                    .constantKeySizeBySample(new byte[16])
                    .averageValueSize(36)
                    .maxBloatFactor(2.0), dir.resolve("users.dat"), clean);
            events = persisted(ChronicleMapBuilder.of(byte[].class, Long.class)
                    .name("scenery-events")
                    .entries(config.maxDedupeIds())
                    .constantKeySizeBySample(new byte[16])
                    .maxBloatFactor(2.0), dir.resolve("events.dat"), clean);
            ChronicleStore store = new ChronicleStore(dir, buckets, users, events, new Journal(dir.resolve("journal.dat")),
                    new RedoLog(dir.resolve("redo.log")));
            store.minFreeBytes = config.minFreeBytes();
            store.rebuildIndex();
            return store;
        } catch (RuntimeException e) {
            closeQuietly(buckets);
            closeQuietly(users);
            closeQuietly(events);
            throw e instanceof StoreException se ? se : new StoreException("cannot open the store in " + dir + ": " + e, e);
        }
    }

    /**
     * A clean close leaves a marker; opening removes it before anything is written, so a process
     * that dies later leaves none and the next start recovers the files.
     */
    private static boolean consumeCleanMarker(Path dir) {
        try {
            return Files.deleteIfExists(dir.resolve(CLEAN_MARKER));
        } catch (IOException e) {
            throw new StoreException("cannot remove " + dir.resolve(CLEAN_MARKER) + ": " + e, e);
        }
    }

    private static <K, V> ChronicleMap<K, V> persisted(ChronicleMapBuilder<K, V> builder, Path file, boolean clean) {
        File f = file.toFile();
        // we close the maps ourselves, after the writer has drained: Chronicle's own exit hook
        // would close them under a writer still finishing the requests in flight
        builder.skipCloseOnExitHook(true);
        try {
            if (f.exists() && f.length() > 0 && !clean) {
                LOG.info("{} was not closed cleanly: recovering it", file);
                return builder.recoverPersistedTo(f, true);
            }
            return builder.createPersistedTo(f);
        } catch (IOException e) {
            throw new StoreException("cannot open " + file + ": " + e, e);
        }
    }

    private void rebuildIndex() {
        buckets.forEachEntry(e -> index.add(BucketKey.decode(e.key().get())));
    }

    private static long freeBytes(Path dir) {
        try {
            return Files.getFileStore(dir).getUsableSpace();
        } catch (IOException e) {
            throw new StoreException("cannot read the free space of " + dir + ": " + e, e);
        }
    }

    /** Free bytes on the data directory's disk. */
    public long freeBytes() {
        return freeBytes(dataDir);
    }

    /**
     * Whether the disk has room for more writes: below {@code store.minFreeBytes} a write to the
     * memory-mapped files could fault, so the writer refuses batches (HTTP 507) instead.
     */
    boolean hasRoom() {
        return freeBytes() >= minFreeBytes;
    }

    public Path dataDir() {
        return dataDir;
    }

    public boolean isOpen() {
        return open;
    }

    /** Buckets held: those in the map and those created since the last checkpoint. */
    public long bucketCount() {
        return buckets.longSize() + unsavedNewBuckets;
    }

    public long userCount() {
        return users.longSize();
    }

    public long eventIdCount() {
        return events.longSize();
    }

    /** Bytes of the map and journal files on disk (allocated, not apparent). */
    public long diskBytes() {
        long total = 0;
        try (var files = Files.list(dataDir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                total += Files.size(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return total;
    }

    /**
     * PostgreSQL mode, on the writer thread: removes buckets that ended before the first hour to
     * keep of their app and whose last write is flushed ({@code lastSeq <= watermark}). A day goes
     * once all its hours are before that hour. Late data for a removed bucket creates it again with
     * a new generation, so that its flushed row is never overwritten.
     */
    int evict(long watermark, java.util.function.ToIntFunction<String> firstHourToKeep, int max,
              java.util.function.Consumer<BucketKey> onRemoved) {
        int removed = 0;
        for (String app : java.util.List.copyOf(index.apps())) {
            int hour = firstHourToKeep.applyAsInt(app);
            for (Granularity g : Granularity.values()) {
                int before = g == Granularity.HOUR ? hour : AppClock.dayOfHour(hour);
                for (Dimension d : Dimension.values()) {
                    for (java.util.Map.Entry<Integer, java.util.Set<String>> e
                            : java.util.List.copyOf(index.before(app, g, d, before).entrySet())) {
                        for (String value : java.util.List.copyOf(e.getValue())) {
                            if (removed >= max) {
                                return removed;
                            }
                            BucketKey key = new BucketKey(app, g, e.getKey(), d, value);
                            byte[] k = key.encode();
                            byte[] stored = buckets.get(k);
                            if (stored == null) {
                                index.remove(key);
                            } else if (BucketValue.decode(stored).lastSeq <= watermark) {
                                buckets.remove(k);
                                index.remove(key);
                                versions.changed(key);
                                onRemoved.accept(key);
                                removed++;
                            }
                        }
                    }
                }
            }
        }
        return removed;
    }

    /** Forgets client event ids accepted before the cutoff; returns how many were removed. */
    public int expireEventIds(long acceptedBefore) {
        int[] removed = {0};
        events.forEachEntry(e -> {
            Long at = e.value().get();
            if (at != null && at < acceptedBefore) {
                e.context().remove(e);
                removed[0]++;
            }
        });
        return removed[0];
    }

    @Override
    public void close() {
        if (!open) {
            return;
        }
        open = false;
        try {
            journal.close();
        } catch (IOException e) {
            LOG.warn("closing journal: {}", e.toString());
        }
        try {
            redoLog.close();
        } catch (IOException e) {
            LOG.warn("closing redo log: {}", e.toString());
        }
        closeQuietly(buckets);
        closeQuietly(users);
        closeQuietly(events);
        try {
            Files.writeString(dataDir.resolve(CLEAN_MARKER), "closed cleanly\n");
        } catch (IOException e) {
            LOG.warn("cannot write the clean-shutdown marker: {}", e.toString());
        }
    }

    private static void closeQuietly(ChronicleMap<?, ?> map) {
        if (map != null) {
            map.close();
        }
    }
}
