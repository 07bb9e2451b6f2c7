package dev.scenery.aggregate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * A one-slot redo log in a memory-mapped file. Before a write touches the maps, its after-images
 * ({@link RedoRecord}) are written here and the slot is marked pending; once the maps hold them the
 * slot is marked done. A process killed in between leaves a pending record that the next start
 * writes again, which is safe because it holds whole values, not increments.
 *
 * <p>Layout: magic (4), state (4: 0 done, 1 pending), seq (8), payload length (4), CRC32C of the
 * payload (4), reserved up to byte 64, payload. The page cache keeps what was written when the
 * process dies; power loss is not covered (no fsync per batch).
 */
final class Journal implements AutoCloseable {
    private static final int MAGIC = 0x53434e31; // "SCN1"
    private static final int HEADER = 64;
    private static final int INITIAL_SIZE = 4 << 20;

    private final FileChannel channel;
    private MappedByteBuffer map;

    Journal(Path file) {
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            long size = Math.max(channel.size(), INITIAL_SIZE);
            map = channel.map(FileChannel.MapMode.READ_WRITE, 0, size);
            if (map.getInt(0) != MAGIC) {
                map.putInt(4, 0).putLong(8, 0L).putInt(16, 0).putInt(20, 0);
                map.putInt(0, MAGIC);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open journal " + file + ": " + e.getMessage(), e);
        }
    }

    /** The highest sequence number ever written. */
    long lastSeq() {
        return map.getLong(8);
    }

    /** The pending plan left by a crash, or null. A torn (bad CRC) payload was never acknowledged. */
    byte[] pending() {
        if (map.getInt(4) != 1) {
            return null;
        }
        int len = map.getInt(16);
        if (len < 0 || HEADER + (long) len > map.capacity()) {
            return null;
        }
        byte[] payload = new byte[len];
        map.get(HEADER, payload);
        CRC32C crc = new CRC32C();
        crc.update(payload);
        return (int) crc.getValue() == map.getInt(20) ? payload : null;
    }

    void begin(long seq, byte[] payload, int length) {
        ensureCapacity(HEADER + (long) length);
        map.putInt(4, 0);
        map.put(HEADER, payload, 0, length);
        CRC32C crc = new CRC32C();
        crc.update(payload, 0, length);
        map.putLong(8, seq).putInt(16, length).putInt(20, (int) crc.getValue());
        map.putInt(4, 1);
    }

    void done() {
        map.putInt(4, 0);
    }

    private void ensureCapacity(long needed) {
        if (needed <= map.capacity()) {
            return;
        }
        long size = map.capacity();
        while (size < needed) {
            size *= 2;
        }
        try {
            // no force(): what is written stays in the page cache, which outlives the process;
            // a larger mapping of the same file sees it (an fsync here cost 100+ ms of writer pause)
            map = channel.map(FileChannel.MapMode.READ_WRITE, 0, size);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot grow journal: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws IOException {
        map.force();
        channel.close();
    }
}
