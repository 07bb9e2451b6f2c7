package dev.scenery.aggregate;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable big-endian byte buffer, reused from one write plan to the next. */
final class ByteSink {
    private byte[] bytes;
    private int size;

    ByteSink(int initialCapacity) {
        bytes = new byte[initialCapacity];
    }

    void clear() {
        size = 0;
    }

    int size() {
        return size;
    }

    byte[] array() {
        return bytes;
    }

    ByteSink putByte(int b) {
        ensure(1);
        bytes[size++] = (byte) b;
        return this;
    }

    ByteSink putInt(int v) {
        ensure(4);
        for (int shift = 24; shift >= 0; shift -= 8) {
            bytes[size++] = (byte) (v >>> shift);
        }
        return this;
    }

    ByteSink putLong(long v) {
        ensure(8);
        for (int shift = 56; shift >= 0; shift -= 8) {
            bytes[size++] = (byte) (v >>> shift);
        }
        return this;
    }

    ByteSink putBytes(byte[] b) {
        putInt(b.length);
        ensure(b.length);
        System.arraycopy(b, 0, bytes, size, b.length);
        size += b.length;
        return this;
    }

    /** A UTF-8 string with a 4-byte length, or length -1 for null. */
    ByteSink putString(String s) {
        if (s == null) {
            return putInt(-1);
        }
        return putBytes(s.getBytes(StandardCharsets.UTF_8));
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }

    /** Reads what {@link #putBytes} wrote. */
    static byte[] readBytes(java.nio.ByteBuffer in) {
        byte[] b = new byte[in.getInt()];
        in.get(b);
        return b;
    }

    /** Reads what {@link #putString} wrote. */
    static String readString(java.nio.ByteBuffer in) {
        int len = in.getInt();
        if (len < 0) {
            return null;
        }
        byte[] b = new byte[len];
        in.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }
}
