package dev.scenery.embedded.log;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * What a checkpoint writes: the whole new value (after-image) of every bucket changed since the
 * previous checkpoint, not deltas, and each app's usage as of it. Writing it again is harmless,
 * so replaying it after a crash completes a checkpoint whatever part of it was applied, even when
 * Chronicle Map's recovery dropped an entry that the killed process was in the middle of writing.
 */
public final class CheckpointImage {
    /** The last write plan the image includes. */
    public final long seq;
    public final List<byte[]> bucketKeys = new ArrayList<>();
    public final List<byte[]> bucketValues = new ArrayList<>();
    /** {@code AppUsage.encode} as of this image. */
    public byte[] usage = new byte[0];

    public CheckpointImage(long seq) {
        this.seq = seq;
    }

    /** Writes the image into {@code out} (cleared first). Layout: seq (8), count (4), keys and values, usage. */
    public void serialize(ByteSink out) {
        out.clear();
        out.putLong(seq).putInt(bucketKeys.size());
        for (int i = 0; i < bucketKeys.size(); i++) {
            out.putBytes(bucketKeys.get(i)).putBytes(bucketValues.get(i));
        }
        out.putBytes(usage);
    }

    public static CheckpointImage deserialize(byte[] payload) {
        try {
            ByteBuffer in = ByteBuffer.wrap(payload);
            CheckpointImage image = new CheckpointImage(in.getLong());
            int n = in.getInt();
            for (int i = 0; i < n; i++) {
                image.bucketKeys.add(ByteSink.readBytes(in));
                image.bucketValues.add(ByteSink.readBytes(in));
            }
            image.usage = ByteSink.readBytes(in);
            return image;
        } catch (RuntimeException e) {
            throw new IllegalStateException("the journal's checkpoint image is corrupt: " + e, e);
        }
    }
}
