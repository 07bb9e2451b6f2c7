package dev.scenery.embedded.log;

import java.io.IOException;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.file.Path;
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
 * CRC32C of the payload (4), payload ({@code WritePlan.encode}). A zero length ends the log. A
 * record's length is written last, after its payload and the next record's zero length, so a
 * process killed while appending leaves the log ending before that record (which was never
 * acknowledged). In durable mode ({@code store.sync: durable}) each append is forced to disk
 * before it returns (one force per group of batches), so an acknowledged plan survives power loss.
 */
public final class RedoLog implements AutoCloseable {
    private static final int MAGIC = 0x53434e52; // "SCNR"
    private static final int HEADER = 64;
    private static final int INITIAL_SIZE = 4 << 20;

    private final MappedFile file;
    private final boolean durable;
    private MappedByteBuffer map;
    private int end = HEADER;
    private final CRC32C crc = new CRC32C();
    private long forces;

    public RedoLog(Path path, boolean durable) {
        this.durable = durable;
        file = new MappedFile(path, INITIAL_SIZE, "redo log");
        map = file.buffer();
        if (map.getInt(0) != MAGIC) {
            map.putInt(HEADER, 0);
            map.putInt(0, MAGIC);
            if (durable) {
                map.force();
            }
        }
    }

    /** The payloads in the log, oldest first, up to the first missing or torn record. */
    public List<ByteBuffer> records() {
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
        end = at;
        return out;
    }

    /** Bytes the log needs to append a record of this length (more than it has: it must grow first). */
    public long growthFor(int length) {
        long needed = end + 8L + length + 4;
        return needed <= map.capacity() ? 0 : Math.max(map.capacity(), needed - map.capacity());
    }

    /**
     * Appends one record; when this returns, a process crash (and in durable mode a power loss)
     * no longer loses it.
     *
     * @return the position before the record, for {@link #truncate}
     */
    public int append(byte[] payload, int length) {
        int start = end;
        map = file.ensureCapacity(end + 8L + length + 4);
        map.put(end + 8, payload, 0, length);
        crc.reset();
        crc.update(payload, 0, length);
        map.putInt(end + 4, (int) crc.getValue());
        map.putInt(end + 8 + length, 0);
        VarHandle.releaseFence();
        map.putInt(end, length);
        if (durable) {
            // one force for the record and the zero length after it: should power fail during it,
            // a length that reached the disk without its payload fails the CRC and ends the log
            map.force(end, 8 + length + 4);
            forces++;
        }
        end += 8 + length;
        return start;
    }

    /** Takes back the records from {@code position} on (their plan was refused before any answer). */
    public void truncate(int position) {
        map.putInt(position, 0);
        if (durable) {
            map.force(position, 4);
        }
        end = position;
    }

    /** Bytes of records in the log. */
    public long size() {
        return end - HEADER;
    }

    /** Forces to disk, since start (durable mode). */
    public long forces() {
        return forces;
    }

    /** Empties the log: every plan in it is in the maps. */
    public void reset() {
        map.putInt(HEADER, 0);
        if (durable) {
            map.force(HEADER, 4);
        }
        end = HEADER;
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
