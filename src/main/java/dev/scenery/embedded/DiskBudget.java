package dev.scenery.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the store may take on disk: at most {@code store.maxDiskBytes} of files under the data
 * directory (0: no budget of its own), and never the last {@code store.minFreeBytes} of the disk.
 * The files' apparent sizes are what is counted: Chronicle Map files are sparse and take somewhat
 * less on disk, so the budget errs on the safe side. The directory's sizes are read again at most every 200 ms
 * (the writer asks before every group of batches; what it claims in between is added).
 */
public final class DiskBudget {
    private static final long REFRESH_NANOS = 200_000_000L;
    private final Path dir;
    private final long maxBytes;
    private final long minFreeBytes;
    private long usedBytes;
    private long freeBytes;
    private long readAt;

    DiskBudget(Path dir, long maxBytes, long minFreeBytes) {
        this.dir = dir;
        this.maxBytes = maxBytes;
        this.minFreeBytes = minFreeBytes;
    }

    /**
     * Checks that {@code bytes} more fit, before anything is written for them.
     *
     * @throws StoreFullException naming the limit they would pass
     */
    public synchronized void claim(String what, long bytes) {
        claim(what, bytes, true);
    }

    /**
     * Like {@link #claim(String, long)}; with {@code withinBudget} false only the free-disk floor
     * applies: for the bucket map's growth at a checkpoint, which must not fail at the budget (the
     * writer keeps room for it, {@link #claimHeadroom}, but a start over budget must still recover).
     */
    synchronized void claim(String what, long bytes, boolean withinBudget) {
        refresh(false);
        if (freeBytes - bytes < minFreeBytes) {
            throw new StoreFullException("the data directory's disk is nearly full (" + freeBytes + " bytes free, "
                    + what + " needs " + bytes + ", store.minFreeBytes keeps " + minFreeBytes + "); nothing was written, retry later", StoreLimit.DISK);
        }
        if (withinBudget && maxBytes > 0 && usedBytes + bytes > maxBytes) {
            throw new StoreFullException("the store holds " + usedBytes + " bytes and " + what + " needs " + bytes
                    + " more, past store.maxDiskBytes (" + maxBytes + "); nothing was written", StoreLimit.BUDGET);
        }
        usedBytes += bytes; // until the next read of the directory
    }

    /**
     * Checks that the store keeps at least {@code bytes} of room, without claiming them.
     *
     * @throws StoreFullException naming the limit it is at
     */
    public synchronized void claimHeadroom(String what, long bytes) {
        claim(what, bytes);
        usedBytes -= bytes;
    }


    /** The bytes the store may hold in all: its budget, or what it holds plus what the disk may still give. */
    public synchronized long capacity() {
        refresh(false);
        return maxBytes > 0 ? maxBytes : usedBytes + Math.max(0, freeBytes - minFreeBytes);
    }

    synchronized long usedBytes() {
        refresh(false);
        return usedBytes;
    }

    synchronized long freeBytes() {
        refresh(false);
        return freeBytes;
    }

    long maxBytes() {
        return maxBytes;
    }

    /** Reads the directory again at the next question (files were added or removed). */
    synchronized void changed() {
        readAt = 0;
    }

    /** Free space is read every time (one statfs); the directory's sizes at most every 200 ms. */
    private void refresh(boolean force) {
        long now = System.nanoTime();
        try {
            freeBytes = Files.getFileStore(dir).getUsableSpace();
        } catch (IOException e) {
            freeBytes = 0;
        }
        if (!force && readAt != 0 && now - readAt < REFRESH_NANOS) {
            return;
        }
        try {
            long total = 0;
            try (var files = Files.walk(dir)) {
                for (Path p : (Iterable<Path>) files::iterator) {
                    if (Files.isRegularFile(p)) {
                        total += Files.size(p);
                    }
                }
            }
            usedBytes = total;
        } catch (IOException | java.io.UncheckedIOException e) {
            // a file removed while walking: read again next time
            readAt = 0;
            return;
        }
        readAt = now;
    }
}
