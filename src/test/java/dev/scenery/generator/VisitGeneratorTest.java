package dev.scenery.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.scenery.beacon.Beacon;
import dev.scenery.beacon.GrowingIoBatch;
import dev.scenery.beacon.GrowingIoBodies;
import dev.scenery.beacon.GrowingIoFormat;
import dev.scenery.beacon.GrowingIoParser;
import dev.scenery.beacon.NativeBatchParser;
import dev.scenery.beacon.ParsedBatch;
import dev.scenery.beacon.Utm;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class VisitGeneratorTest {
    private static final long END = Instant.parse("2026-03-12T15:20:00Z").toEpochMilli();
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    private static VisitProfile profile(long seed) {
        return new VisitProfile().seed(seed).app("shop", SHANGHAI, "wxShop", 2000, 6000)
                .days(10, END).scenes(new int[] {1001, 1047, 0}, new double[] {6, 3, 1})
                .utm(0.4, List.of(UtmChoice.of(3, "微信群", "social", "双十一", null, "咖啡"),
                        UtmChoice.of(1, "baidu", "cpc", null, null, null).withScenes(1053),
                        new UtmChoice(new Utm("tencent_ads", null, null, null, null), 1, true)))
                .launches(1, 1, 1).newUsers(0.3, 2).late(0.1).ids(0.75, "e").followUps(0.2, 3);
    }

    @Test
    void theSameSeedGivesTheSameVisitsAndAnotherSeedOthers() {
        List<Visit> visits = VisitGenerator.visits(profile(7));
        assertThat(VisitGenerator.visits(profile(7))).isEqualTo(visits);
        assertThat(VisitGenerator.visits(profile(8))).isNotEqualTo(visits);
    }

    @Test
    void theProfilesSharesAreRespected() {
        List<Visit> visits = VisitGenerator.visits(profile(11));
        double n = visits.size();
        assertThat(n).isGreaterThan(5000); // the hours after END on its last day are left out
        assertThat(visits.stream().filter(v -> !v.utm().isEmpty()).count() / n).isCloseTo(0.4, within(0.03));
        assertThat(visits.stream().filter(v -> v.launch() == Visit.Launch.AD_CLICK).count() / n).isCloseTo(0.08, within(0.02));
        // scenes without a combination's own: 60 % of the visits without UTM or with the first combination
        long plain = visits.stream().filter(v -> v.utm().isEmpty()).count();
        assertThat(visits.stream().filter(v -> v.utm().isEmpty() && v.scene() == 1001).count() / (double) plain)
                .isCloseTo(0.6, within(0.03));
        assertThat(visits.stream().filter(v -> "baidu".equals(v.utm().source())).allMatch(v -> v.scene() == 1053)).isTrue();
        assertThat(visits.stream().map(Visit::uid).distinct().count() / n).isCloseTo(0.3, within(0.03));
        assertThat(visits.stream().filter(v -> v.eventId() != null).count() / n).isCloseTo(0.75, within(0.03));
        assertThat(visits.stream().filter(v -> v.followUps() > 0).count() / n).isCloseTo(0.2, within(0.03));
        int outOfOrder = 0; // visits sent after a later one
        long latest = Long.MIN_VALUE;
        for (Visit v : visits) {
            outOfOrder += v.ts() < latest ? 1 : 0;
            latest = Math.max(latest, v.ts());
        }
        assertThat(outOfOrder / n).isCloseTo(0.1, within(0.03));
        Set<LocalDate> days = new HashSet<>();
        visits.forEach(v -> days.add(Instant.ofEpochMilli(v.ts()).atZone(SHANGHAI).toLocalDate()));
        assertThat(days).hasSize(10).contains(LocalDate.of(2026, 3, 12), LocalDate.of(2026, 3, 3));
        assertThat(visits).allMatch(v -> v.ts() < END);
    }

    @Test
    void aLaterEndOnTheSameDayKeepsTheEarlierVisits() {
        List<Visit> evening = VisitGenerator.visits(profile(3).late(0));
        List<Visit> morning = VisitGenerator.visits(profile(3).late(0).days(10, END - 5 * 3_600_000L));
        assertThat(morning.size()).isLessThan(evening.size());
        assertThat(evening).containsAll(morning);
    }

    @Test
    void nativeBodiesParseBackToTheVisitsWithTheServicesParser() {
        List<Visit> visits = VisitGenerator.visits(profile(5));
        List<String> bodies = NativeBodies.batches(visits, 500);
        NativeBatchParser parser = new NativeBatchParser(500, "tencent_ads");
        List<Beacon> parsed = new java.util.ArrayList<>();
        for (String body : bodies) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            ParsedBatch batch = parser.parse(bytes, bytes.length);
            assertThat(batch.rejected()).as(body).isEmpty();
            assertThat(batch.beacons().size()).isBetween(1, 500);
            parsed.addAll(batch.beacons());
        }
        assertThat(parsed).hasSize(visits.stream().mapToInt(v -> 1 + v.followUps()).sum());
        assertSameVisits(parsed, visits);
    }

    @Test
    void growingIoBodiesParseBackToTheVisitsWithTheServicesParser() {
        List<Visit> visits = VisitGenerator.visits(profile(5)).subList(0, 300);
        for (GrowingIoFormat format : GrowingIoFormat.values()) {
            String body = GrowingIoBodies.render(GrowingIoBodies.beacons(visits), format, "wxShop", null);
            GrowingIoBatch batch = GrowingIoParser.parse(body, format, "tencent_ads", 10_000);
            assertThat(batch.rejected()).isEmpty();
            assertThat(batch.entries()).allMatch(e -> e.domain().equals("wxShop"));
            assertSameVisits(batch.entries().stream().map(GrowingIoBatch.Entry::beacon).toList(), visits);
        }
    }

    private static void assertSameVisits(List<Beacon> parsed, List<Visit> visits) {
        List<Beacon> visitBeacons = parsed.stream().filter(Beacon::isVisit).toList();
        assertThat(visitBeacons).hasSize(visits.size());
        for (int i = 0; i < visits.size(); i++) {
            Visit v = visits.get(i);
            Beacon b = visitBeacons.get(i);
            assertThat(List.of(b.uid(), b.sid(), b.ts(), b.scene(), b.utm()))
                    .isEqualTo(List.of(v.uid(), v.sid(), v.ts(), v.scene(), v.utm()));
            assertThat(b.dedupeId() == null).isEqualTo(v.eventId() == null);
        }
    }
}
