package dev.scenery.aggregate;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The after-images a checkpoint writes: the whole new value of every bucket changed since the
 * previous checkpoint, not deltas. Writing it again is harmless, so replaying it after a crash
 * completes a checkpoint whatever part of it was applied, even when Chronicle Map's recovery
 * dropped an entry that the killed process was in the middle of writing. (Records written by
 * earlier versions, one per write plan, also carry first-seen records and event ids.)
 */
final class RedoRecord {
    final long seq;
    final List<byte[]> bucketKeys = new ArrayList<>();
    final List<byte[]> bucketValues = new ArrayList<>();
    final List<byte[]> userKeys = new ArrayList<>();
    final List<byte[]> userValues = new ArrayList<>();
    final List<byte[]> eventKeys = new ArrayList<>();
    long eventAcceptedAt;

    RedoRecord(long seq) {
        this.seq = seq;
    }

    /** Writes the record into {@code out} (cleared first): the layout {@link #deserialize} reads. */
    void serialize(ByteSink out) {
        out.clear();
        out.putLong(seq).putLong(eventAcceptedAt);
        putPairs(out, bucketKeys, bucketValues);
        putPairs(out, userKeys, userValues);
        out.putInt(eventKeys.size());
        for (byte[] k : eventKeys) {
            out.putBytes(k);
        }
    }

    private static void putPairs(ByteSink out, List<byte[]> keys, List<byte[]> values) {
        out.putInt(keys.size());
        for (int i = 0; i < keys.size(); i++) {
            out.putBytes(keys.get(i)).putBytes(values.get(i));
        }
    }

    static RedoRecord deserialize(byte[] payload) {
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload));
            RedoRecord r = new RedoRecord(in.readLong());
            r.eventAcceptedAt = in.readLong();
            readPairs(in, r.bucketKeys, r.bucketValues);
            readPairs(in, r.userKeys, r.userValues);
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                r.eventKeys.add(readBytes(in));
            }
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException("journal payload is corrupt", e);
        }
    }

    private static void readPairs(DataInputStream in, List<byte[]> keys, List<byte[]> values) throws IOException {
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            keys.add(readBytes(in));
            values.add(readBytes(in));
        }
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        byte[] b = new byte[in.readInt()];
        in.readFully(b);
        return b;
    }
}
