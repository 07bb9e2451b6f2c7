package dev.scenery.embedded.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scenery.beacon.Utm;
import dev.scenery.embedded.log.ByteSink;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** A write plan in the redo log keeps every tally whole, its combined UTM values and its app (a shadow app too). */
class WritePlanTest {
    @Test
    void aWritePlanKeepsItsTalliesWithTheirCombinedValues() {
        WritePlan plan = new WritePlan(7, 1_773_000_000_000L);
        Utm utm = new Utm("wechat", "cpc", null, null, null).withCombos("wechat / cpc", "wechat / cpc / (not set)");
        plan.tallies.add(new Tally("shop", 492_000, 1047, utm, 99L, true, 1));
        plan.tallies.add(new Tally("shop~test", 492_000, 1030, Utm.NONE, 98L, true, 0));
        ByteSink out = new ByteSink(256);
        plan.encode(out);
        WritePlan back = WritePlan.decode(ByteBuffer.wrap(Arrays.copyOf(out.array(), out.size())));
        assertThat(back.tallies).isEqualTo(plan.tallies);
        assertThat(back.tallies.get(0).utm().sourceMediumCampaign()).isEqualTo("wechat / cpc / (not set)");
    }
}
