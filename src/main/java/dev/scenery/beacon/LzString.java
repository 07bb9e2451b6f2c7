package dev.scenery.beacon;

import java.util.Arrays;
import java.util.Map;

/**
 * The decoder of the UTF-16 flavour of LZString ({@code decompressFromUTF16}), byte-for-byte
 * compatible with lz-string 1.5.0 and with the copy the GrowingIO mini-program SDK uses to compress CDP
 * batches ({@code X-Compress-Codec: 1}). Every output char carries 15 bits plus 32, and the text ends with
 * a padding space.
 *
 * <p>Unlike the JavaScript library, decoding never returns null or "" for bad input: malformed or truncated
 * text throws {@link BadBatchException#malformed} (HTTP 400), and output longer than the caller's bound throws
 * {@link BadBatchException#tooLarge} (HTTP 413) before it is built, so a decompression bomb costs at most about
 * {@code maxChars} chars of memory (plus two ints per dictionary entry): the reason it is ours, not one of the
 * Java ports, which have no output bound. The encoder is test code ({@code LzStringEncoder} in src/test). LZString has no checksum: text that is
 * not compressed (plain JSON, say) may well "decode" to garbage, which the JSON parser then refuses; so decide
 * whether a body is compressed from the request ({@code X-Compress-Codec: 1} / {@code compress=1}), not by trying.
 * Ours, not a port's: the Java ports of lz-string have no bound on the output, so one small body could fill the heap.
 */
public final class LzString {

    private static final int BITS_PER_CHAR = 15;
    private static final int OFFSET = 32;
    private static final int MAX_CHAR = OFFSET + (1 << BITS_PER_CHAR) - 1;

    private LzString() {
    }

    /**
     * Decompresses the output of {@code LZString.compressToUTF16}.
     *
     * @param input    the compressed text
     * @param maxChars the most chars the result may have
     * @return the original text
     * @throws BadBatchException malformed when the input is null, empty, truncated or not LZString UTF-16 text;
     *                           too large when the result would be longer than {@code maxChars}
     */
    public static String decompressFromUTF16(String input, int maxChars) {
        if (input == null || input.isEmpty()) {
            throw BadBatchException.malformed("compressed body is empty");
        }
        if (maxChars < 0) {
            throw new IllegalArgumentException("maxChars must not be negative");
        }
        return new Decoder(input, maxChars).decode();
    }

    /** One decompression: the bit reader, the output buffer and a dictionary of slices of that output. */
    private static final class Decoder {
        private static final int RESET = 1 << (BITS_PER_CHAR - 1);

        private final String input;
        private final int maxChars;
        private int value;
        private int position = RESET;
        private int index;
        private char[] out;
        private int outLen;
        // Every dictionary entry is a run of the output already written: it starts at starts[i], len lens[i].
        private int[] starts = new int[256];
        private int[] lens = new int[256];
        private int dictSize = 4;
        private int numBits = 3;
        private int enlargeIn = 4;

        Decoder(String input, int maxChars) {
            this.input = input;
            this.maxChars = maxChars;
            this.out = new char[(int) Math.min(maxChars, Math.min(Integer.MAX_VALUE - 8, input.length() * 8L + 16))];
            this.value = valueAt(0);
            this.index = 1;
        }

        String decode() {
            int first = readBits(2);
            if (first == 2) {
                return "";
            }
            if (first == 3) {
                throw malformed("bad first code");
            }
            append((char) readBits(first == 0 ? 8 : 16));
            define(3, 0, 1);
            int wStart = 0;
            int wLen = 1;
            while (true) {
                if (index > input.length()) {
                    throw malformed("truncated input");
                }
                int code = readBits(numBits);
                int entryStart = outLen;
                int entryLen;
                if (code == 2) {
                    return new String(out, 0, outLen);
                } else if (code < 2) {
                    append((char) readBits(code == 0 ? 8 : 16));
                    define(dictSize++, entryStart, 1);
                    entryLen = 1;
                    countDown();
                } else if (code < dictSize) {
                    entryLen = lens[code];
                    copy(starts[code], entryLen);
                } else if (code == dictSize) {
                    // The KwKwK case: the entry is w followed by its own first char.
                    entryLen = wLen + 1;
                    copy(wStart, wLen);
                    append(out[wStart]);
                } else {
                    throw malformed("code " + code + " is not in the dictionary");
                }
                // The new entry is w plus the entry's first char, i.e. the output run from w's start.
                define(dictSize++, wStart, wLen + 1);
                countDown();
                wStart = entryStart;
                wLen = entryLen;
            }
        }

        private void countDown() {
            if (--enlargeIn == 0) {
                enlargeIn = 1 << numBits;
                numBits++;
            }
        }

        private int readBits(int n) {
            int bits = 0;
            for (int i = 0; i < n; i++) {
                if ((value & position) != 0) {
                    bits |= 1 << i;
                }
                position >>= 1;
                if (position == 0) {
                    position = RESET;
                    value = valueAt(index++);
                }
            }
            return bits;
        }

        private int valueAt(int i) {
            if (i >= input.length()) {
                return 0;
            }
            char ch = input.charAt(i);
            if (ch < OFFSET || ch > MAX_CHAR) {
                throw malformed(String.format("char U+%04X at %d is outside the LZString UTF-16 alphabet", (int) ch, i));
            }
            return ch - OFFSET;
        }

        private void define(int code, int start, int len) {
            if (code >= starts.length) {
                starts = Arrays.copyOf(starts, starts.length * 2);
                lens = Arrays.copyOf(lens, lens.length * 2);
            }
            starts[code] = start;
            lens[code] = len;
        }

        private void copy(int start, int len) {
            reserve(len);
            System.arraycopy(out, start, out, outLen, len);
            outLen += len;
        }

        private void append(char c) {
            reserve(1);
            out[outLen++] = c;
        }

        private void reserve(int len) {
            long needed = (long) outLen + len;
            if (needed > maxChars) {
                throw BadBatchException.tooLarge("decompressed body is longer than " + maxChars + " characters");
            }
            if (needed > out.length) {
                out = Arrays.copyOf(out, (int) Math.min(maxChars, Math.max(needed, out.length * 2L)));
            }
        }

        private static BadBatchException malformed(String why) {
            return BadBatchException.malformed("body is not valid LZString UTF-16 text: " + why);
        }
    }
}
