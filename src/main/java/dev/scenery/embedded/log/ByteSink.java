package dev.scenery.embedded.log;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable big-endian byte buffer, reused from one write plan to the next. */
public final class ByteSink {
    private byte[] bytes;
    private int size;

    public ByteSink(int initialCapacity) {
        bytes = new byte[initialCapacity];
    }

    public void clear() {
        size = 0;
    }

    public int size() {
        return size;
    }

    public byte[] array() {
        return bytes;
    }

    public ByteSink putByte(int b) {
        ensure(1);
        bytes[size++] = (byte) b;
        return this;
    }

    public ByteSink putInt(int v) {
        ensure(4);
        for (int shift = 24; shift >= 0; shift -= 8) {
            bytes[size++] = (byte) (v >>> shift);
        }
        return this;
    }

    public ByteSink putLong(long v) {
        ensure(8);
        for (int shift = 56; shift >= 0; shift -= 8) {
            bytes[size++] = (byte) (v >>> shift);
        }
        return this;
    }

    public ByteSink putBytes(byte[] b) {
        putInt(b.length);
        ensure(b.length);
        System.arraycopy(b, 0, bytes, size, b.length);
        size += b.length;
        return this;
    }

    /** A UTF-8 string with a 4-byte length, or length -1 for null. */
    public ByteSink putString(String s) {
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
    public static byte[] readBytes(java.nio.ByteBuffer in) {
        byte[] b = new byte[in.getInt()];
        in.get(b);
        return b;
    }

    /** Reads what {@link #putString} wrote. */
    public static String readString(java.nio.ByteBuffer in) {
        int len = in.getInt();
        if (len < 0) {
            return null;
        }
        byte[] b = new byte[len];
        in.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }
}
