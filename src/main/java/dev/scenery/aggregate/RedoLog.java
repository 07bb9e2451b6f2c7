package dev.scenery.aggregate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The append-only log of the write plans acknowledged since the last checkpoint, in a
 * memory-mapped file. A plan is appended before its batches are acknowledged; a checkpoint that
 * has written every bucket to the maps {@link #reset}s it. After a crash the next start applies
 * again the plans it holds past the last checkpoint.
 *
 * <p>Layout: magic (4), reserved up to byte {@value #HEADER}, then records: payload length (4),
 * CRC32C of the payload (4), payload ({@link WritePlan#encode}). A zero length ends the log. A
 * record's length is written last, after its payload and the next record's zero length, so a
 * process killed while appending leaves the log ending before that record (which was never
 * acknowledged). The page cache keeps what was written when the process dies; power loss is not
 * covered (no fsync per plan).
 */
final class RedoLog implements AutoCloseable {
    private static final int MAGIC = 0x53434e52; // "SCNR"
    private static final int HEADER = 64;
    private static final int INITIAL_SIZE = 8 << 20;

    private final FileChannel channel;
    private MappedByteBuffer map;
    private int end = HEADER;
    private final CRC32C crc = new CRC32C();

    RedoLog(Path file) {
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            map = channel.map(FileChannel.MapMode.READ_WRITE, 0, Math.max(channel.size(), INITIAL_SIZE));
            if (map.getInt(0) != MAGIC) {
                map.putInt(HEADER, 0);
                map.putInt(0, MAGIC);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open redo log " + file + ": " + e.getMessage(), e);
        }
    }

    /** The payloads in the log, oldest first, up to the first missing or torn record. */
    List<ByteBuffer> records() {
        List<ByteBuffer> out = new ArrayList<>();
        int at = HEADER;
        while (at + 8L <= map.capacity()) {
            int len = map.getInt(at);
            if (len <= 0 || at + 8L + len + 4 > map.capacity()) {
                break;
            }
            byte[] payload = new byte[len];
            map.get(at + 8, payload);
            CRC32C check = new CRC32C();
            check.update(payload);
            if ((int) check.getValue() != map.getInt(at + 4)) {
                break;
            }
            out.add(ByteBuffer.wrap(payload));
            at += 8 + len;
        }
        return out;
    }

    /** Appends one record; when this returns, a process crash no longer loses it. */
    void append(byte[] payload, int length) {
        ensureCapacity(end + 8L + length + 4);
        map.put(end + 8, payload, 0, length);
        crc.reset();
        crc.update(payload, 0, length);
        map.putInt(end + 4, (int) crc.getValue());
        map.putInt(end + 8 + length, 0);
        VarHandle.releaseFence();
        map.putInt(end, length);
        end += 8 + length;
    }

    /** Bytes of records in the log. */
    long size() {
        return end - HEADER;
    }

    /** Empties the log: every plan in it is in the maps. */
    void reset() {
        map.putInt(HEADER, 0);
        end = HEADER;
    }

    private void ensureCapacity(long needed) {
        if (needed <= map.capacity()) {
            return;
        }
        long size = map.capacity();
        while (size < needed) {
            size *= 2;
        }
        if (size > Integer.MAX_VALUE) {
            throw new StoreException("a write plan of " + needed + " bytes does not fit the redo log");
        }
        try {
            // no force(): what is written stays in the page cache, which outlives the process;
            // a larger mapping of the same file sees it (an fsync here cost 100+ ms of writer pause)
            map = channel.map(FileChannel.MapMode.READ_WRITE, 0, size);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot grow the redo log: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws IOException {
        map.force();
        channel.close();
    }
}
