package dev.scenery.beacon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LzStringTest {

    private static final int LIMIT = 10_000_000;

    static String resource(String name) throws IOException {
        try (InputStream in = LzStringTest.class.getResourceAsStream("/growingio/" + name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a", "hello", "hello hello hello hello", "[{\"eventType\":\"VISIT\"}]",
        "微信扫码进入小程序", "emoji 🚀🎉 and 👩‍👩‍👧 families", "mixed ascii 中文 ✓ \u0000 \uffff end"})
    void roundTrips(String text) {
        String compressed = LzStringEncoder.compressToUTF16(text);
        assertThat(compressed).endsWith(" ");
        assertThat(LzString.decompressFromUTF16(compressed, LIMIT)).isEqualTo(text);
    }

    @Test
    void roundTripsLongRepetitiveInput() {
        String text = "{\"eventType\":\"PAGE\",\"path\":\"pages/index/index\"},".repeat(50_000);
        String compressed = LzStringEncoder.compressToUTF16(text);
        assertThat(compressed.length()).isLessThan(text.length() / 50);
        assertThat(LzString.decompressFromUTF16(compressed, text.length())).isEqualTo(text);
    }

    @Test
    void roundTripsRandomUtf16CodeUnits() {
        Random random = new Random(42);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            text.append(random.nextInt(4) == 0 ? (char) random.nextInt(0x10000) : (char) ('a' + random.nextInt(6)));
        }
        String s = text.toString();
        assertThat(LzString.decompressFromUTF16(LzStringEncoder.compressToUTF16(s), LIMIT)).isEqualTo(s);
    }

    @Test
    void matchesTheJavaScriptLibrary() {
        // Values printed by lz-string 1.5.0's compressToUTF16.
        assertThat(LzStringEncoder.compressToUTF16("")).isEqualTo("\u2020 ");
        assertThat(LzStringEncoder.compressToUTF16("hello")).isEqualTo("\u02e2\u4c2d\u4c3e\u6420 ");
        assertThat(LzStringEncoder.compressToUTF16("hello hello hello hello"))
                .isEqualTo("\u02e2\u4c2d\u4c3e\u6024\u50bb\u4ad7\u0a60 ");
        assertThat(LzStringEncoder.compressToUTF16("微信扫码 🚀")).isEqualTo("\u4edf\u292f\u72ba\u6488\u402f2\u17a3\u3821\u3dc0 ");
        assertThat(LzString.decompressFromUTF16("\u4edf\u292f\u72ba\u6488\u402f2\u17a3\u3821\u3dc0 ", 100))
                .isEqualTo("微信扫码 🚀");
    }

    @Test
    void decodesTheFixtureMadeByTheJavaScriptLibrary() throws IOException {
        String json = resource("cdp-batch.json");
        String compressed = resource("cdp-batch.lz16.txt");

        assertThat(LzString.decompressFromUTF16(compressed, LIMIT)).isEqualTo(json);
        assertThat(LzStringEncoder.compressToUTF16(json)).isEqualTo(compressed);
    }

    @Test
    void outputIsBoundedByMaxChars() throws IOException {
        String json = resource("cdp-batch.json");
        String compressed = resource("cdp-batch.lz16.txt");

        assertThat(LzString.decompressFromUTF16(compressed, json.length())).isEqualTo(json);
        assertThatThrownBy(() -> LzString.decompressFromUTF16(compressed, json.length() - 1))
                .isInstanceOfSatisfying(BadBatchException.class, e -> assertThat(e.tooLarge()).isTrue())
                .hasMessageContaining(Integer.toString(json.length() - 1));
    }

    @Test
    void stopsADecompressionBombEarly() {
        String bomb = LzStringEncoder.compressToUTF16("a".repeat(20_000_000));
        assertThat(bomb.length()).isLessThan(10_000);

        assertThatThrownBy(() -> LzString.decompressFromUTF16(bomb, 1_000_000))
                .isInstanceOfSatisfying(BadBatchException.class, e -> assertThat(e.tooLarge()).isTrue());
    }

    @Test
    void hasNoIntegrityCheckSoPlainJsonDecodesToGarbageLikeInJavaScript() {
        // lz-string 1.5.0 decodes this to the same fourteen chars; the JSON parser then refuses them.
        assertThat(LzString.decompressFromUTF16("[{\"eventType\":\"VISIT\"}]", LIMIT))
                .isEqualTo("\u0080\u0080\u0080\u00d0\u00d0\u0000\u1440\u006a\u0010\u0080\u0080\u0072\u00a8\u00c0");
    }

    @Test
    void rejectsMalformedInput() {
        String good = LzStringEncoder.compressToUTF16("{\"eventType\":\"VISIT\",\"deviceId\":\"abc\"}".repeat(20));

        assertThatThrownBy(() -> LzString.decompressFromUTF16("", LIMIT))
                .isInstanceOfSatisfying(BadBatchException.class, LzStringTest::isMalformed);
        assertThatThrownBy(() -> LzString.decompressFromUTF16(null, LIMIT))
                .isInstanceOfSatisfying(BadBatchException.class, LzStringTest::isMalformed);
        assertThatThrownBy(() -> LzString.decompressFromUTF16("\u0001abc", LIMIT))
                .isInstanceOfSatisfying(BadBatchException.class, LzStringTest::isMalformed)
                .hasMessageContaining("U+0001");
        assertThatThrownBy(() -> LzString.decompressFromUTF16(good.substring(0, good.length() / 2), LIMIT))
                .isInstanceOfSatisfying(BadBatchException.class, LzStringTest::isMalformed);
        assertThatThrownBy(() -> LzString.decompressFromUTF16("\u9000\u9000\u9000", LIMIT))
                .isInstanceOfSatisfying(BadBatchException.class, LzStringTest::isMalformed);
    }

    static void isMalformed(BadBatchException e) {
        assertThat(e.tooLarge()).as("tooLarge").isFalse();
    }
}
