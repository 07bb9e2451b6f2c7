package dev.scenery.aggregate;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.file.Path;
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

    private final MappedFile file;
    private MappedByteBuffer map;

    Journal(Path path) {
        file = new MappedFile(path, INITIAL_SIZE, "journal");
        map = file.buffer();
        if (map.getInt(0) != MAGIC) {
            map.putInt(4, 0).putLong(8, 0L).putInt(16, 0).putInt(20, 0);
            map.putInt(0, MAGIC);
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
        map = file.ensureCapacity(HEADER + (long) length);
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

    @Override
    public void close() throws IOException {
        file.close();
    }
}
