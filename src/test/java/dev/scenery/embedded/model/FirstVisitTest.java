package dev.scenery.embedded.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scenery.beacon.Utm;
import org.junit.jupiter.api.Test;

/** First-seen records keep the plan's seq and the app. */
class FirstVisitTest {
    @Test
    void aRecordKeepsItsSeqAndApp() {
        FirstVisit v = new FirstVisit(1_773_000_000_000L, 1047, new Utm("微信群", null, "spring", null, null), 42, "shop");
        assertThat(FirstVisit.decode(v.encode())).isEqualTo(v);
    }
}
