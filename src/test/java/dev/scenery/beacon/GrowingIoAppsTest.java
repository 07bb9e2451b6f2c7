package dev.scenery.beacon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scenery.beacon.GrowingIoApps.Rule;
import java.util.List;
import org.junit.jupiter.api.Test;

class GrowingIoAppsTest {

    private final GrowingIoApps apps = new GrowingIoApps(List.of(
            new Rule("acc1", null, null, "fallback"),
            new Rule("acc1", "wxA", null, "app-a"),
            new Rule("acc1", null, "ds9", "app-ds9"),
            new Rule("acc1", "wxB", "ds9", "app-b-ds9"),
            new Rule("saasProj", "wxS", null, "app-s"),
            new Rule("acc2", "", " ", "only-acc2")));

    @Test
    void theMostSpecificRuleWins() {
        assertThat(apps.resolve("acc1", "wxA", null)).isEqualTo("app-a");
        assertThat(apps.resolve("acc1", "wxZ", "ds9")).isEqualTo("app-ds9");
        assertThat(apps.resolve("acc1", "wxB", "ds9")).isEqualTo("app-b-ds9");
        assertThat(apps.resolve("acc1", "wxB", "ds1")).isEqualTo("fallback");
        assertThat(apps.resolve("acc1", null, null)).isEqualTo("fallback");
    }

    @Test
    void equallySpecificRulesKeepConfigurationOrder() {
        assertThat(apps.resolve("acc1", "wxA", "ds9")).isEqualTo("app-a");
    }

    @Test
    void withoutAnAccountWideRuleUnmatchedEventsHaveNoApp() {
        assertThat(apps.resolve("saasProj", "wxS", null)).isEqualTo("app-s");
        assertThat(apps.resolve("saasProj", "wxOther", null)).isNull();
        assertThat(apps.resolve("saasProj", null, null)).isNull();
    }

    @Test
    void blankNarrowingsMeanAny() {
        assertThat(apps.resolve("acc2", "wxAnything", "dsAnything")).isEqualTo("only-acc2");
    }

    @Test
    void unknownAccounts() {
        assertThat(apps.resolve("nope", "wxA", null)).isNull();
        assertThat(apps.resolve(null, "wxA", null)).isNull();
        assertThat(apps.knowsAccount("acc1")).isTrue();
        assertThat(apps.knowsAccount("saasProj")).isTrue();
        assertThat(apps.knowsAccount("nope")).isFalse();
        assertThat(apps.knowsAccount(null)).isFalse();
        assertThat(new GrowingIoApps(List.of()).knowsAccount("acc1")).isFalse();
    }

    @Test
    void rulesNeedAnAccountAndAnApp() {
        assertThatThrownBy(() -> new Rule(" ", "wxA", null, "app")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Rule("acc", "wxA", null, null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void duplicateRulesAreRefused() {
        assertThatThrownBy(() -> new GrowingIoApps(List.of(
                new Rule("acc", "wxA", null, "one"), new Rule("acc", "wxA", "", "two"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("duplicate");
    }
}
