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
    private final long seq;
    private final List<byte[]> bucketKeys = new ArrayList<>();
    private final List<byte[]> bucketValues = new ArrayList<>();
    /** {@code AppUsage.encode} as of this image. */
    private byte[] usage = new byte[0];

    public CheckpointImage(long seq) {
        this.seq = seq;
    }

    public long seq() {
        return seq;
    }

    /** Adds a bucket's key and whole new value. */
    public void add(byte[] key, byte[] value) {
        bucketKeys.add(key);
        bucketValues.add(value);
    }

    public int bucketCount() {
        return bucketKeys.size();
    }

    public byte[] key(int i) {
        return bucketKeys.get(i);
    }

    public byte[] value(int i) {
        return bucketValues.get(i);
    }

    public byte[] usage() {
        return usage;
    }

    public void usage(byte[] encoded) {
        this.usage = encoded;
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
