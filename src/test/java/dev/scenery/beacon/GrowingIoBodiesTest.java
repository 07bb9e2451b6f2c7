package dev.scenery.beacon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scenery.beacon.GrowingIoBatch.Entry;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class GrowingIoBodiesTest {

    private static final List<Beacon> BEACONS = List.of(
            new Beacon(BeaconType.VISIT, "u1", "s1", 1717000000000L, 1047,
                    new Utm("微信 群", "cpc", "春季&促销", null, "a=b"), "7"),
            new Beacon(BeaconType.PAGE, "u1", "s1", 1717000000100L, 1047, Utm.NONE, "seq-8"),
            new Beacon(BeaconType.CUSTOM, "u2", null, 1717000000200L, 0, Utm.NONE, null));

    @ParameterizedTest
    @EnumSource(GrowingIoFormat.class)
    void renderedBodiesParseBackToTheSameBeacons(GrowingIoFormat format) {
        String plain = GrowingIoBodies.render(BEACONS, format, "wxApp", "ds1");
        String compressed = GrowingIoBodies.renderCompressed(BEACONS, format, "wxApp", "ds1");

        assertThat(LzString.decompressFromUTF16(compressed, plain.length())).isEqualTo(plain);
        GrowingIoBatch batch = GrowingIoParser.parse(plain, format, null, 10);
        assertThat(batch.rejected()).isEmpty();
        assertThat(batch.entries()).extracting(Entry::domain).containsOnly("wxApp");
        assertThat(batch.entries()).extracting(Entry::dataSourceId)
                .containsOnly(format == GrowingIoFormat.CDP ? "ds1" : null);
        for (int i = 0; i < BEACONS.size(); i++) {
            Beacon sent = BEACONS.get(i);
            Beacon got = batch.entries().get(i).beacon();
            assertThat(new Beacon(got.type(), got.uid(), got.sid(), got.ts(), got.scene(), got.utm(), sent.dedupeId()))
                    .isEqualTo(sent);
        }
        String type = format == GrowingIoFormat.CDP ? "VISIT" : "vst";
        assertThat(batch.entries().get(0).beacon().dedupeId()).isEqualTo("gio|" + type + "|u1|s1|7");
        assertThat(batch.entries().get(2).beacon().dedupeId()).isNull();
    }

    @Test
    void rendersTheSdkShapes() {
        List<Beacon> one = List.of(new Beacon(BeaconType.VISIT, "u1", "s1", 5, 0, new Utm("x", null, null, null, null), "1"));

        assertThat(GrowingIoBodies.render(one, GrowingIoFormat.CDP, "wxApp", "ds1")).isEqualTo(
                "[{\"eventType\":\"VISIT\",\"deviceId\":\"u1\",\"sessionId\":\"s1\",\"timestamp\":5,"
                        + "\"eventSequenceId\":\"1\",\"domain\":\"wxApp\",\"dataSourceId\":\"ds1\","
                        + "\"appChannel\":\"scn:NA\",\"query\":\"utm_source=x\"}]");
        assertThat(GrowingIoBodies.render(one, GrowingIoFormat.SAAS, "wxApp", "ds1")).isEqualTo(
                "[{\"t\":\"vst\",\"u\":\"u1\",\"s\":\"s1\",\"tm\":5,\"esid\":\"1\",\"d\":\"wxApp\",\"ch\":\"scn:NA\","
                        + "\"q\":\"utm_source=x\"}]");
    }
}
