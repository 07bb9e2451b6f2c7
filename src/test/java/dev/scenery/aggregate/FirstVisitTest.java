package dev.scenery.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scenery.beacon.Utm;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** First-seen records and write plans keep what they count; records written before (seq and app, combined UTM values) still decode. */
class FirstVisitTest {
    @Test
    void aRecordKeepsItsSeqAndApp() {
        FirstVisit v = new FirstVisit(1_773_000_000_000L, 1047, new Utm("微信群", null, "spring", null, null), 42, "shop");
        assertThat(FirstVisit.decode(v.encode())).isEqualTo(v);
    }

    @Test
    void aRecordKeepsItsCombinedUtmValuesAndOneFromBeforeThemDecodesWithout() {
        Utm utm = new Utm("微信群", null, "spring", null, null).withCombos("微信群 / (not set)", "(other)");
        FirstVisit v = new FirstVisit(1_773_000_000_000L, 1047, utm, 42, "shop~test");
        assertThat(FirstVisit.decode(v.encode())).isEqualTo(v);
        // the layout before combined values: the same bytes up to and including the app
        byte[] encoded = v.encode();
        byte[] before = java.util.Arrays.copyOf(encoded, encoded.length - (2 + "微信群 / (not set)".getBytes(StandardCharsets.UTF_8).length)
                - (2 + "(other)".length()));
        FirstVisit old = FirstVisit.decode(before);
        assertThat(old.app()).isEqualTo("shop~test");
        assertThat(old.seq()).isEqualTo(42);
        assertThat(old.utm().sourceMedium()).isNull();
        assertThat(old.utm().sourceMediumCampaign()).isNull();
        assertThat(old.utm().campaign()).isEqualTo("spring");
    }

    @Test
    void aWritePlanKeepsItsTalliesCombinedValuesAndOneFromBeforeThemDecodesWithout() {
        WritePlan plan = new WritePlan(7, 1_773_000_000_000L);
        Utm utm = new Utm("wechat", "cpc", null, null, null).withCombos("wechat / cpc", "wechat / cpc / (not set)");
        plan.tallies.add(new Tally("shop", 492_000, 1047, utm, 99L, true, 1));
        plan.tallies.add(new Tally("shop~test", 492_000, 1030, Utm.NONE, 98L, true, 0));
        ByteSink out = new ByteSink(256);
        plan.encode(out);
        WritePlan back = WritePlan.decode(ByteBuffer.wrap(java.util.Arrays.copyOf(out.array(), out.size())));
        assertThat(back.tallies).isEqualTo(plan.tallies);
        // a record of the layout before: no last part
        int last = 4 + (4 + "wechat / cpc".length()) + (4 + "wechat / cpc / (not set)".length()) + 4 + 4;
        WritePlan old = WritePlan.decode(ByteBuffer.wrap(java.util.Arrays.copyOf(out.array(), out.size() - last)));
        assertThat(old.tallies.get(0).utm().sourceMedium()).isNull();
        assertThat(old.tallies.get(0).utm().source()).isEqualTo("wechat");
        assertThat(old.tallies.get(1).app()).isEqualTo("shop~test");
    }

    @Test
    void aRecordFromBeforeSeqAndAppDecodesWithout() {
        byte[] source = "wechat".getBytes(StandardCharsets.UTF_8);
        ByteBuffer old = ByteBuffer.allocate(12 + 2 + source.length + 4 * 2);
        old.putLong(1_773_000_000_000L).putInt(1001).putShort((short) source.length).put(source);
        for (int i = 0; i < 4; i++) {
            old.putShort((short) 0xFFFF);
        }
        FirstVisit v = FirstVisit.decode(old.array());
        assertThat(v.ts()).isEqualTo(1_773_000_000_000L);
        assertThat(v.scene()).isEqualTo(1001);
        assertThat(v.utm().source()).isEqualTo("wechat");
        assertThat(v.seq()).isEqualTo(FirstVisit.NO_SEQ);
        assertThat(v.app()).isNull();
    }
}
