package dev.scenery.embedded;

import dev.scenery.embedded.log.CheckpointJournal;
import dev.scenery.embedded.log.RedoLog;
import dev.scenery.embedded.model.BucketKey;
import dev.scenery.embedded.model.BucketValue;
import dev.scenery.embedded.model.FirstVisit;
import dev.scenery.config.StoreConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import net.openhft.chronicle.map.ChronicleMapBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded store's files under the data directory: three kinds of Chronicle Map files that
 * grow ({@link TieredMap}), the redo log, the checkpoint journal and a marker.
 * <ul>
 *   <li>{@code buckets*.dat}: {@link BucketKey} → {@link BucketValue}, per local hour and day;</li>
 *   <li>{@code users*.dat}: 16-byte user key → {@link FirstVisit} (the first-seen registry);</li>
 *   <li>{@code events/<day>*.dat}: 16-byte client event key → acceptance time, per UTC day of the
 *       beacon ({@link EventIds}, retry dedupe, deleted a day at a time past the late window);</li>
 *   <li>{@code redo.log}: the write plans acknowledged since the last checkpoint ({@link RedoLog});</li>
 *   <li>{@code journal.dat}: the image of the last checkpoint, pending until the maps hold it ({@link CheckpointJournal});</li>
 *   <li>{@code clean-shutdown}: present only while the store is closed after a complete checkpoint.</li>
 * </ul>
 * A file left by a process that did not close the store (killed, crashed) is opened with
 * {@code recoverPersistedTo}, which repairs the segment locks it held; a new file, or one closed
 * cleanly, with {@code createPersistedTo}.
 */
public final class ChronicleStore implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ChronicleStore.class);
    static final String CLEAN_MARKER = "clean-shutdown";

    private final TieredMap buckets;
    private final TieredMap users;
    private final EventIds events;
    private final CheckpointJournal journal;
    private final RedoLog redoLog;
    private final DiskBudget budget;
    private final AppUsage usage = new AppUsage();
    private final BucketIndex index = new BucketIndex();
    private final Versions versions = new Versions();
    private final StoreConfig config;
    private final Path dataDir;
    private volatile boolean open = true;
    /** Buckets the writer created since its last checkpoint (not yet in {@link #buckets}). */
    private volatile int unsavedNewBuckets;

    private ChronicleStore(StoreConfig config, Path dataDir, DiskBudget budget, TieredMap buckets, TieredMap users,
                           EventIds events, CheckpointJournal journal, RedoLog redoLog) {
        this.config = config;
        this.dataDir = dataDir;
        this.budget = budget;
        this.buckets = buckets;
        this.users = users;
        this.events = events;
        this.journal = journal;
        this.redoLog = redoLog;
    }

    /** Opens (or creates) the store; the writer then completes what a crash left ({@code AggregateWriter}). */
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
        DiskBudget budget = new DiskBudget(dir, config.maxDiskBytes(), config.minFreeBytes());
        long free = budget.freeBytes();
        if (free < config.minFreeBytes()) {
            throw new StoreException("data directory " + dir + " has " + free + " bytes free; at least "
                    + config.minFreeBytes() + " are needed (store.minFreeBytes)");
        }
        boolean recover = !consumeCleanMarker(dir);
        boolean durable = config.sync() == StoreConfig.Sync.DURABLE;
        TieredMap buckets = null;
        TieredMap users = null;
        EventIds events = null;
        try {
            buckets = new TieredMap(dir, "buckets", config.initialBuckets(), entries -> ChronicleMapBuilder.of(byte[].class, byte[].class)
                    .entries(entries)
                    .averageKeySize(24)
                    .averageValueSize(160)
                    .maxBloatFactor(4.0), recover, budget, false);
            users = new TieredMap(dir, "users", config.initialUsers(), entries -> ChronicleMapBuilder.of(byte[].class, byte[].class)
                    .entries(entries)
                    .constantKeySizeBySample(new byte[16])
                    .averageValueSize(36)
                    .maxBloatFactor(2.0), recover, budget, true);
            events = new EventIds(dir, config.initialEventIdsPerDay(), recover, budget);
            ChronicleStore store = new ChronicleStore(config, dir, budget, buckets, users, events,
                    new CheckpointJournal(dir.resolve("journal.dat"), durable), new RedoLog(dir.resolve("redo.log"), durable));
            buckets.forEach((k, v) -> store.index.add(BucketKey.decode(k)));
            return store;
        } catch (RuntimeException e) {
            for (AutoCloseable c : new AutoCloseable[]{buckets, users, events}) {
                closeQuietly(c);
            }
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

    /** The bucket map: {@link BucketKey} bytes to {@link BucketValue} bytes. */
    public TieredMap buckets() {
        return buckets;
    }

    /** The first-seen registry: 16-byte user key to {@link FirstVisit} bytes. */
    public TieredMap users() {
        return users;
    }

    public EventIds events() {
        return events;
    }

    public CheckpointJournal checkpointJournal() {
        return journal;
    }

    public RedoLog redoLog() {
        return redoLog;
    }

    public DiskBudget budget() {
        return budget;
    }

    public AppUsage usage() {
        return usage;
    }

    public BucketIndex index() {
        return index;
    }

    public Versions versions() {
        return versions;
    }

    public StoreConfig config() {
        return config;
    }

    /** The writer created ({@code +1}) or took back ({@code -1}) a bucket not yet in the map (writer thread only). */
    public void addUnsavedNewBuckets(int delta) {
        unsavedNewBuckets += delta; // volatile, written by the writer thread only
    }

    /** A checkpoint put every new bucket into the map. */
    public void clearUnsavedNewBuckets() {
        unsavedNewBuckets = 0;
    }

    /** Free bytes on the data directory's disk. */
    public long freeBytes() {
        return budget.freeBytes();
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
        return events.count();
    }

    /**
     * Bytes of the store's files, their apparent sizes (what {@code store.maxDiskBytes} counts);
     * Chronicle Map files are sparse, so they take somewhat less on disk.
     */
    public long fileBytes() {
        return budget.usedBytes();
    }

    /** The disk budget ({@code store.maxDiskBytes}; 0: none besides the free-disk floor). */
    public long maxDiskBytes() {
        return budget.maxBytes();
    }

    /** Files the bucket map and the first-seen registry have grown to. */
    public int bucketTiers() {
        return buckets.tierCount();
    }

    public int userTiers() {
        return users.tierCount();
    }

    /** Estimated bytes each app holds (see {@link AppUsage}). */
    public java.util.Map<String, Long> bytesByApp() {
        return usage.bytesByApp();
    }

    /** Forces every map file to disk (durable mode, at a checkpoint, before the redo log is emptied). */
    public void force() {
        buckets.force();
        users.force();
        events.force();
    }

    /**
     * Closes the files. {@code clean}: the last checkpoint completed and the redo log is empty, so
     * the next start may open the files as they are; otherwise no marker is left and it recovers them.
     */
    public void close(boolean clean) {
        if (!open) {
            return;
        }
        open = false;
        closeQuietly(journal);
        closeQuietly(redoLog);
        closeQuietly(buckets);
        closeQuietly(users);
        closeQuietly(events);
        if (!clean) {
            LOG.warn("the store was closed without a complete checkpoint: the next start recovers it");
            return;
        }
        try {
            Files.writeString(dataDir.resolve(CLEAN_MARKER), "closed cleanly\n");
        } catch (IOException e) {
            LOG.warn("cannot write the clean-shutdown marker: {}", e.toString());
        }
    }

    /** Closes the files; clean only when nothing is pending (see {@link #close(boolean)}). */
    @Override
    public void close() {
        close(open && journal != null && journal.pending() == null && redoLog.size() == 0);
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            LOG.warn("closing {}: {}", c.getClass().getSimpleName(), e.toString());
        }
    }
}
