package dev.scenery.embedded.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scenery.beacon.Utm;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** First-seen records keep the plan's seq and the app; records written before them still decode. */
class FirstVisitTest {
    @Test
    void aRecordKeepsItsSeqAndApp() {
        FirstVisit v = new FirstVisit(1_773_000_000_000L, 1047, new Utm("微信群", null, "spring", null, null), 42, "shop");
        assertThat(FirstVisit.decode(v.encode())).isEqualTo(v);
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
