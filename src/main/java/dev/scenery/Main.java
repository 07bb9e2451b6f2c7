package dev.scenery;

import dev.scenery.embedded.StoreException;
import dev.scenery.config.ConfigException;
import dev.scenery.config.ConfigLoader;
import dev.scenery.config.SceneryConfig;

/** Starts a Scenery node from {@code config/scenery.yaml} and the environment. */
public final class Main {
    /** Exit code when the configuration is wrong. */
    static final int EXIT_CONFIG = 2;
    /** Exit code when the data directory cannot be used. */
    static final int EXIT_STORE = 3;

    private Main() {
    }

    public static void main(String[] args) {
        if (args.length > 0 && "--demo-data".equals(args[0])) {
            // posts 14 days of demo beacons to the 'demo' app of a running service, then exits
            System.exit(DemoData.run(args.length > 1 ? args[1] : "http://localhost:8080"));
            return;
        }
        // Chronicle reads this when its classes load: it must be set before the store is touched.
        System.setProperty("chronicle.analytics.disable", "true");
        if ("json".equalsIgnoreCase(System.getenv("SCENERY_LOG_FORMAT"))) {
            JsonLogFormatter.install();
        }
        SceneryConfig config;
        try {
            config = ConfigLoader.load(System.getenv());
        } catch (ConfigException e) {
            System.err.println("scenery: bad configuration: " + e.getMessage());
            System.exit(EXIT_CONFIG);
            return;
        }
        Scenery scenery;
        try {
            scenery = Scenery.start(config);
        } catch (StoreException e) {
            System.err.println("scenery: cannot use the data directory: " + e.getMessage());
            System.exit(EXIT_STORE);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(scenery::close, "scenery-shutdown"));
        System.out.println("Scenery is listening on http://localhost:" + scenery.port() + "/");
    }
}
