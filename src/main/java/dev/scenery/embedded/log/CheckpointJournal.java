package dev.scenery.embedded.log;

import java.io.IOException;
import java.lang.invoke.VarHandle;
import java.nio.MappedByteBuffer;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * The checkpoint journal ({@code journal.dat}): one slot in a memory-mapped file holding the
 * {@link CheckpointImage} being written (not a log of writes: that is the {@link RedoLog}). Before a checkpoint touches the bucket map its image is written here and marked
 * pending; once the maps hold it, the slot records the image's sequence number as the last one
 * saved and is marked done. A process killed in between leaves a pending image that the next start
 * writes again, which is safe because it holds whole values, not increments.
 *
 * <p>Layout: magic (4), state (4: 0 done, 1 pending), last saved seq (8), payload length (4),
 * CRC32C of the payload (4), seq of the pending image (8), reserved up to byte 64, payload. The
 * last saved seq changes only in {@link #done}, after the maps hold the image: a kill at any point
 * of {@link #begin} leaves either no pending image and the old last seq (the redo log replays over
 * the old state) or a complete pending image. In durable mode the payload is forced before the
 * pending mark, and every mark is forced.
 */
public final class CheckpointJournal implements AutoCloseable {
    private static final int MAGIC = 0x53434e32; // "SCN2"
    private static final int HEADER = 64;
    private static final int INITIAL_SIZE = 1 << 20;

    private final MappedFile file;
    private final boolean durable;
    private MappedByteBuffer map;

    public CheckpointJournal(Path path, boolean durable) {
        this.durable = durable;
        file = new MappedFile(path, INITIAL_SIZE, "journal");
        map = file.buffer();
        if (map.getInt(0) != MAGIC) {
            map.putInt(4, 0).putLong(8, 0L).putInt(16, 0).putInt(20, 0).putLong(24, 0L);
            map.putInt(0, MAGIC);
            force();
        }
    }

    /** The sequence number of the last write plan the maps hold in full. */
    public long lastSeq() {
        return map.getLong(8);
    }

    /** The pending image left by a crash, or null. A torn (bad CRC) payload was never marked pending in order. */
    public byte[] pending() {
        return map.getInt(4) == 1 ? payload() : null;
    }

    /** Whether an image is marked pending (its checksum not checked). */
    public boolean isPending() {
        return map.getInt(4) == 1;
    }

    /** The image of the last checkpoint (done or pending), or null before the first. */
    public byte[] last() {
        return payload();
    }

    private byte[] payload() {
        int len = map.getInt(16);
        if (len <= 0 || HEADER + (long) len > map.capacity()) {
            return null;
        }
        byte[] payload = new byte[len];
        map.get(HEADER, payload);
        CRC32C crc = new CRC32C();
        crc.update(payload);
        return (int) crc.getValue() == map.getInt(20) ? payload : null;
    }

    public void begin(long seq, byte[] payload, int length) {
        map = file.ensureCapacity(HEADER + (long) length);
        map.put(HEADER, payload, 0, length);
        CRC32C crc = new CRC32C();
        crc.update(payload, 0, length);
        map.putInt(16, length).putInt(20, (int) crc.getValue()).putLong(24, seq);
        force();
        dev.scenery.fault.Faults.at(dev.scenery.fault.Faults.Step.CHECKPOINT_IMAGE_WRITTEN);
        VarHandle.releaseFence();
        map.putInt(4, 1);
        force();
    }

    /** The maps hold the pending image: it becomes the last saved state. */
    public void done() {
        map.putLong(8, map.getLong(24));
        VarHandle.releaseFence();
        map.putInt(4, 0);
        force();
    }

    private void force() {
        if (durable) {
            map.force();
        }
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
