package dev.scenery.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code postgres} section: off by default, typed, overridden by the environment, checked. */
class PostgresConfigTest {
    private static SceneryConfig parse(String postgres, Map<String, String> env) {
        Map<String, Object> tree = new org.yaml.snakeyaml.Yaml().load("apps:\n  - id: a\n" + postgres);
        return ConfigLoader.parse(tree, env);
    }

    @Test
    void offUnlessAUrlIsGiven() {
        PostgresConfig pg = parse("", Map.of()).postgres();
        assertThat(pg.enabled()).isFalse();
        assertThat(pg.flushIntervalMillis()).isEqualTo(5_000);
        assertThat(pg.embeddedRetentionMillis()).isEqualTo(48 * 3_600_000L);
        assertThat(pg.hourlyRetentionDays()).isEqualTo(35);
        assertThat(pg.dailyRetentionDays()).isEqualTo(400);
    }

    @Test
    void theFileAndTheEnvironmentSwitchItOn() {
        PostgresConfig pg = parse("postgres:\n  url: postgresql://u:secret@db:5433/scenery\n  poolSize: 8\n"
                + "  flushIntervalMillis: 1000\n  nodeId: web-1\n  embeddedRetentionHours: 0\n", Map.of()).postgres();
        assertThat(pg.enabled()).isTrue();
        assertThat(pg.connectOptions().getPort()).isEqualTo(5433);
        assertThat(pg.poolSize()).isEqualTo(8);
        assertThat(pg.nodeId()).isEqualTo("web-1");
        assertThat(pg.embeddedRetentionMillis()).isZero();
        assertThat(PostgresConfig.redact(pg.url())).isEqualTo("postgresql://u:***@db:5433/scenery");

        PostgresConfig env = parse("postgres:\n  nodeId: web-1\n", Map.of("SCENERY_PG_URL",
                "postgresql://postgres@127.0.0.1:5432/postgres", "SCENERY_NODE_ID", "web-2")).postgres();
        assertThat(env.url()).isEqualTo("postgresql://postgres@127.0.0.1:5432/postgres");
        assertThat(env.nodeId()).isEqualTo("web-2");
    }

    @Test
    void badValuesNameTheirKey() {
        assertThatThrownBy(() -> parse("postgres:\n  url: mysql://x/y\n", Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("postgres.url");
        assertThatThrownBy(() -> parse("", Map.of("SCENERY_PG_URL", "http://x")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("SCENERY_PG_URL");
        assertThatThrownBy(() -> parse("postgres:\n  nodeId: 'a b'\n", Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("postgres.nodeId");
        assertThatThrownBy(() -> parse("postgres:\n  flushIntervalMillis: 0\n", Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("postgres.flushIntervalMillis");
        assertThatThrownBy(() -> parse("postgres:\n  flushEvery: 3\n", Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("postgres.flushEvery");
    }
}
