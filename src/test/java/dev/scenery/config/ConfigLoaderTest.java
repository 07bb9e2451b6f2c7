package dev.scenery.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The configuration is typed, takes environment overrides, and fails fast naming the bad key. */
class ConfigLoaderTest {
    @TempDir
    Path dir;

    private SceneryConfig load(String yaml, Map<String, String> env) throws IOException {
        Path file = dir.resolve("scenery.yaml");
        Files.writeString(file, yaml);
        java.util.HashMap<String, String> all = new java.util.HashMap<>(env);
        all.put("SCENERY_CONFIG", file.toString());
        return ConfigLoader.load(all);
    }

    @Test
    void theShippedConfigLoadsWithItsDefaults() {
        SceneryConfig c = ConfigLoader.load(Map.of("SCENERY_CONFIG", "config/scenery.yaml"));
        assertThat(c.httpPort()).isEqualTo(8080);
        assertThat(c.app("demo").zone()).isEqualTo(ZoneId.of("Asia/Shanghai"));
        assertThat(c.app("other")).isNull();
        assertThat(c.limits().maxBatch()).isEqualTo(500);
        assertThat(c.limits().maxBodyBytes()).isEqualTo(1 << 20);
        assertThat(c.limits().lateWindowMillis()).isEqualTo(30L * 86_400_000L);
        assertThat(c.store().dataDir()).isEqualTo(Path.of("./data"));
        assertThat(c.store().cacheBuckets()).isEqualTo(4096);
        assertThat(c.store().checkpointMillis()).isEqualTo(1000);
        assertThat(c.readCache()).isEqualTo(ReadCacheConfig.DEFAULTS);
        assertThat(c.limits().bodyReadTimeoutMillis()).isEqualTo(10_000);
        assertThat(c.limits().idleTimeoutSeconds()).isEqualTo(60);
        assertThat(c.limits().maxConcurrentUploadsPerIp()).isEqualTo(32);
        assertThat(c.growingIo().resolve("demo-account", "wxanything", null)).isEqualTo("demo");
    }

    @Test
    void testScenesAreTheDefaultsChangedPerAppAndABadListFailsNamingItsItem() throws IOException {
        SceneryConfig c = load("""
                apps:
                  - id: a
                  - id: b
                    testTraffic:
                      addScenes: [1017, 1059]
                      removeScenes: [1101]
                allowUndeclaredApps: true
                """, Map.of());
        assertThat(c.app("a").testScenes()).containsExactlyInAnyOrder(1030, 1101, 1129, 1203);
        assertThat(c.app("b").testScenes()).containsExactlyInAnyOrder(1017, 1030, 1059, 1129, 1203);
        assertThat(c.app("b").isTest(new dev.scenery.beacon.Beacon(dev.scenery.beacon.BeaconType.VISIT, "u", "s", 1, 1017, null, null))).isTrue();
        assertThat(c.app("b").isTest(new dev.scenery.beacon.Beacon(dev.scenery.beacon.BeaconType.VISIT, "u", "s", 1, 1101, null, null))).isFalse();
        assertThat(c.app("b").isTest(new dev.scenery.beacon.Beacon(dev.scenery.beacon.BeaconType.VISIT, "u", "s", 1, 1001, null, null, true))).isTrue();
        // an undeclared app takes the defaults; the store's shadow ids of test traffic are no app ids
        assertThat(c.app("undeclared").testScenes()).containsExactlyInAnyOrder(1030, 1101, 1129, 1203);
        assertThat(c.app("a~test")).isNull();
        assertThat(c.zoneOf("b~test")).isEqualTo(c.app("b").zone());
        assertThatThrownBy(() -> load("apps:\n  - id: a\n    testTraffic:\n      addScenes: [1017, 1030]\n", Map.of()))
                .hasMessage("config key 'apps[0].testTraffic.addScenes[1]' adds scene 1030, which is a test scene already (the defaults are [1030, 1101, 1129, 1203])");
        assertThatThrownBy(() -> load("apps:\n  - id: a\n    testTraffic:\n      removeScenes: [1047]\n", Map.of()))
                .hasMessage("config key 'apps[0].testTraffic.removeScenes[0]' removes scene 1047, which is not a default test scene ([1030, 1101, 1129, 1203])");
        assertThatThrownBy(() -> load("apps:\n  - id: a\n    testTraffic:\n      addScenes: [scan]\n", Map.of()))
                .hasMessage("config key 'apps[0].testTraffic.addScenes[0]' must be an integer, got 'scan'");
        assertThatThrownBy(() -> load("apps:\n  - id: a\n    testTraffic:\n      addScenes: 1017\n", Map.of()))
                .hasMessage("config key 'apps[0].testTraffic.addScenes' must be a list of integers");
        assertThatThrownBy(() -> load("apps:\n  - id: a\n    testTraffic:\n      scenes: [1017]\n", Map.of()))
                .hasMessageStartingWith("unknown config key 'apps[0].testTraffic.scenes'");
    }

    @Test
    void environmentOverridesTheFile() throws IOException {
        SceneryConfig c = load("apps:\n  - id: a\n", Map.of("SCENERY_HTTP_PORT", "9191", "SCENERY_DATA_DIR", "/tmp/x"));
        assertThat(c.httpPort()).isEqualTo(9191);
        assertThat(c.store().dataDir()).isEqualTo(Path.of("/tmp/x"));
        assertThat(c.app("a").zone()).isEqualTo(ZoneId.of("Asia/Shanghai"));
    }

    @Test
    void httpInstancesDefaultToTheCoresAndMustBeAtLeastOne() throws IOException {
        assertThat(load("apps:\n  - id: a\n", Map.of()).httpInstances()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(load("http:\n  instances: 3\napps:\n  - id: a\n", Map.of()).httpInstances()).isEqualTo(3);
        assertBad("http:\n  instances: 0\napps:\n  - id: a\n", Map.of(), "http.instances");
        assertBad("http:\n  instances: -2\napps:\n  - id: a\n", Map.of(), "http.instances");
    }

    @Test
    void theMetricsTokenComesFromTheFileOrTheEnvironment() throws IOException {
        assertThat(load("apps:\n  - id: a\n", Map.of()).opensMetrics(null)).as("public by default").isTrue();
        SceneryConfig file = load("http:\n  metricsToken: from-the-file-0123456\napps:\n  - id: a\n", Map.of());
        assertThat(file.opensMetrics("from-the-file-0123456")).isTrue();
        assertThat(file.opensMetrics(null)).isFalse();
        SceneryConfig env = load("http:\n  metricsToken: from-the-file-0123456\napps:\n  - id: a\n",
                Map.of("SCENERY_METRICS_TOKEN", "from-the-env-01234567"));
        assertThat(env.opensMetrics("from-the-env-01234567")).isTrue();
        assertThat(env.opensMetrics("from-the-file-0123456")).as("the environment wins").isFalse();
        assertBad("http:\n  metricsToken: short\napps:\n  - id: a\n", Map.of(), "http.metricsToken");
        assertBad("apps:\n  - id: a\n", Map.of("SCENERY_METRICS_TOKEN", "short"), "SCENERY_METRICS_TOKEN");
    }

    @Test
    void trustedProxiesComeFromTheFileOrTheEnvironment() throws IOException {
        assertThat(load("apps:\n  - id: a\n", Map.of()).limits().trustedProxies()).isEmpty();
        assertThat(load("limits:\n  trustedProxies: [10.0.0.5]\napps:\n  - id: a\n", Map.of()).limits().trustedProxies())
                .containsExactly("10.0.0.5");
        assertThat(load("limits:\n  trustedProxies: [10.0.0.5]\napps:\n  - id: a\n",
                Map.of("SCENERY_TRUSTED_PROXIES", "127.0.0.1, 10.0.0.6")).limits().trustedProxies())
                .as("the environment wins").containsExactly("127.0.0.1", "10.0.0.6");
    }

    @Test
    void undeclaredAppsCanBeAllowedForAQuickStart() throws IOException {
        SceneryConfig c = load("allowUndeclaredApps: true\ndefaultTimeZone: Europe/Berlin\n", Map.of());
        assertThat(c.app("anything").zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
    }

    @Test
    void everyBadValueIsReportedWithItsKey() {
        assertBad("apps:\n  - id: a\nlimits:\n  maxBatch: lots\n", Map.of(), "limits.maxBatch");
        assertBad("apps:\n  - id: a\nlimits:\n  maxBatch: 0\n", Map.of(), "limits.maxBatch");
        assertBad("apps:\n  - id: a\n    timeZone: Mars/Olympus\n", Map.of(), "apps[0].timeZone");
        assertBad("apps:\n  - name: nameless\n", Map.of(), "apps[0].id");
        assertBad("apps:\n  - id: 'bad id!'\n", Map.of(), "apps[0].id");
        assertBad("apps:\n  - id: a\n  - id: a\n", Map.of(), "apps[1].id");
        assertBad("apps:\n  - id: a\nlimts: {}\n", Map.of(), "limts");
        assertBad("apps: []\n", Map.of(), "apps");
        assertBad("apps:\n  - id: a\n", Map.of("SCENERY_HTTP_PORT", "http"), "SCENERY_HTTP_PORT");
        assertBad("apps:\n  - id: a\ngrowingio:\n  projects:\n    - account: x\n      app: nope\n", Map.of(), "growingio.projects[0].app");
        assertBad("apps:\n  - id: a\nstore:\n  checkpointMillis: 0\n", Map.of(), "store.checkpointMillis");
        assertBad("apps:\n  - id: a\nstore:\n  cacheBuckets: many\n", Map.of(), "store.cacheBuckets");
        assertBad("apps:\n  - id: a\nlimits:\n  bodyReadTimeoutMillis: 0\n", Map.of(), "limits.bodyReadTimeoutMillis");
        assertBad("apps:\n  - id: a\nlimits:\n  idleTimeoutSeconds: never\n", Map.of(), "limits.idleTimeoutSeconds");
        assertBad("apps:\n  - id: a\nlimits:\n  maxConcurrentUploadsPerIp: 0\n", Map.of(), "limits.maxConcurrentUploadsPerIp");
        assertBad("apps: [", Map.of(), "not valid YAML");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("SCENERY_CONFIG", dir.resolve("missing.yaml").toString())))
                .isInstanceOf(ConfigException.class).hasMessageContaining("missing.yaml");
    }

    private void assertBad(String yaml, Map<String, String> env, String named) {
        assertThatThrownBy(() -> load(yaml, env)).isInstanceOf(ConfigException.class).hasMessageContaining(named);
    }

    @Test
    void readCacheSizesAreTypedAndABadOneNamesItsKey() throws IOException {
        SceneryConfig c = load("apps:\n  - id: shop\nreadCache:\n  rangeRollups: 128\n  postgresAnswers: 16\n", Map.of());
        assertThat(c.readCache()).isEqualTo(new ReadCacheConfig(128, 100_000, 16));
        assertThatThrownBy(() -> load("apps:\n  - id: shop\nreadCache:\n  trendPoints: 0\n", Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("readCache.trendPoints");
        assertThatThrownBy(() -> load("apps:\n  - id: shop\nreadCache:\n  points: 10\n", Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("readCache.points");
    }
}
