package dev.scenery.beacon;

import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The encoder of LZString's UTF-16 flavour ({@code compressToUTF16}), byte-for-byte as lz-string 1.5.0, for
 * tests and the load kit (the service only decodes: {@link LzString}). Every output char carries 15 bits
 * plus 32, and the text ends with a padding space.
 */
public final class LzStringEncoder {
    private static final int BITS_PER_CHAR = 15;
    private static final int OFFSET = 32;

    private LzStringEncoder() {
    }

    /**
     * Compresses text exactly like {@code LZString.compressToUTF16} (same output chars).
     *
     * @param input the text, not null
     * @return the compressed text, ending with a space
     */
    public static String compressToUTF16(String input) {
        Objects.requireNonNull(input, "input");
        return new Encoder(input.length()).encode(input);
    }

    /** One compression, with the dictionary as a trie keyed by (prefix code, next char). */
    private static final class Encoder {
        private final StringBuilder out;
        private final Map<Long, Integer> trie = new HashMap<>();
        private final int[] charCodes = new int[Character.MAX_VALUE + 1];
        private final BitSet unsent = new BitSet();
        private int value;
        private int position;
        private int dictSize = 3;
        private int numBits = 2;
        private int enlargeIn = 2;
        private int wCode;
        private char wChar;
        private int wLen;

        Encoder(int inputLength) {
            out = new StringBuilder(inputLength / 3 + 16);
        }

        String encode(String input) {
            for (int i = 0; i < input.length(); i++) {
                char c = input.charAt(i);
                if (charCodes[c] == 0) {
                    charCodes[c] = dictSize++;
                    unsent.set(c);
                }
                if (wLen > 0) {
                    long key = ((long) wCode << 16) | c;
                    Integer known = trie.get(key);
                    if (known != null) {
                        wCode = known;
                        wLen++;
                        continue;
                    }
                    emitW();
                    trie.put(key, dictSize++);
                }
                wCode = charCodes[c];
                wChar = c;
                wLen = 1;
            }
            if (wLen > 0) {
                emitW();
            }
            writeBits(2, numBits);
            while (true) {
                value <<= 1;
                if (position == BITS_PER_CHAR - 1) {
                    out.append((char) (value + OFFSET));
                    break;
                }
                position++;
            }
            return out.append(' ').toString();
        }

        private void emitW() {
            if (wLen == 1 && unsent.get(wChar)) {
                boolean narrow = wChar < 256;
                writeBits(narrow ? 0 : 1, numBits);
                writeBits(wChar, narrow ? 8 : 16);
                countDown();
                unsent.clear(wChar);
            } else {
                writeBits(wCode, numBits);
            }
            countDown();
        }

        private void countDown() {
            if (--enlargeIn == 0) {
                enlargeIn = 1 << numBits;
                numBits++;
            }
        }

        private void writeBits(int bits, int n) {
            for (int i = 0; i < n; i++) {
                value = (value << 1) | (bits & 1);
                bits >>= 1;
                if (position == BITS_PER_CHAR - 1) {
                    position = 0;
                    out.append((char) (value + OFFSET));
                    value = 0;
                } else {
                    position++;
                }
            }
        }
    }
}
