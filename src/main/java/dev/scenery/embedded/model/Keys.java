package dev.scenery.embedded.model;

import dev.scenery.sketch.Hll;

/**
 * 128-bit keys of the first-seen registry and the dedupe map: two independent 64-bit murmur3
 * hashes of the app id and the user or event id, so that keys have a fixed 16-byte size.
 */
public final class Keys {
    private Keys() {
    }

    public static byte[] user(String app, String uid) {
        return key(app + '\u0000' + uid, uid + '\u0000' + app);
    }

    public static byte[] event(String app, String dedupeId) {
        return key(app + '\u0001' + dedupeId, dedupeId + '\u0001' + app);
    }

    private static byte[] key(String a, String b) {
        long h1 = Hll.hashOf(a);
        long h2 = Hll.hashOf(b);
        byte[] out = new byte[16];
        for (int i = 0; i < 8; i++) {
            out[i] = (byte) (h1 >>> (56 - 8 * i));
            out[8 + i] = (byte) (h2 >>> (56 - 8 * i));
        }
        return out;
    }
}
