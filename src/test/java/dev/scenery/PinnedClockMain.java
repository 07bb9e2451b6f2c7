package dev.scenery;

import dev.scenery.config.ConfigLoader;

/**
 * {@code dev.scenery.Main} with "now" pinned to {@code SCENERY_TEST_NOW} (epoch millis), for child
 * JVMs that must take the acceptance data set, whose beacons are dated around
 * {@link AcceptanceData#NOW}.
 */
public final class PinnedClockMain {
    private PinnedClockMain() {
    }

    public static void main(String[] args) {
        System.setProperty("chronicle.analytics.disable", "true");
        long now = Long.parseLong(System.getenv("SCENERY_TEST_NOW"));
        Scenery scenery = Scenery.start(ConfigLoader.load(System.getenv()), () -> now);
        Runtime.getRuntime().addShutdownHook(new Thread(scenery::close, "scenery-shutdown"));
        System.out.println("Scenery is listening on http://localhost:" + scenery.port() + "/");
    }
}
