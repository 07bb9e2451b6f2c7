package dev.scenery.embedded.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scenery.beacon.Utm;
import org.junit.jupiter.api.Test;

/** First-seen records keep the plan's seq, the app and the combined UTM values as counted. */
class FirstVisitTest {
    @Test
    void aRecordKeepsItsSeqAndApp() {
        FirstVisit v = new FirstVisit(1_773_000_000_000L, 1047, new Utm("微信群", null, "spring", null, null), 42, "shop");
        assertThat(FirstVisit.decode(v.encode())).isEqualTo(v);
    }

    @Test
    void aRecordKeepsItsCombinedUtmValues() {
        Utm utm = new Utm("微信群", null, "spring", null, null).withCombos("微信群 / (not set)", "(other)");
        FirstVisit v = new FirstVisit(1_773_000_000_000L, 1047, utm, 42, "shop~test");
        FirstVisit back = FirstVisit.decode(v.encode());
        assertThat(back).isEqualTo(v);
        assertThat(back.utm().sourceMedium()).isEqualTo("微信群 / (not set)");
        assertThat(back.utm().sourceMediumCampaign()).isEqualTo("(other)");
    }
}
