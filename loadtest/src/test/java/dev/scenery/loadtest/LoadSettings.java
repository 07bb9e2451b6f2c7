package dev.scenery.loadtest;

import java.time.ZoneId;

/**
 * The knobs of every simulation, read from system properties ({@code -Dscenery.rate=50} on the Maven
 * command line reaches the forked Gatling JVM). Defaults aim at a short, modest run against a local service.
 */
public final class LoadSettings {

    /** Where Scenery listens. */
    public final String baseUrl = string("scenery.baseUrl", "http://127.0.0.1:8080");
    /** The Scenery app the native beacons and the dashboard queries go to. */
    public final String app = string("scenery.app", "demo");
    /** The app's time zone, for custom date ranges (to must not be after the app's today). */
    public final ZoneId timeZone = ZoneId.of(string("scenery.timeZone", "Asia/Shanghai"));
    /** Beacon batches (requests) per second at full rate. */
    public final double rate = number("scenery.rate", 50);
    /** Dashboard loads per second (each load is a dozen or so queries). */
    public final double dashboardRate = number("scenery.dashboardRate", 2);
    /** Seconds of injection, ramp included. */
    public final int duration = (int) number("scenery.duration", 30);
    /** Seconds of linear ramp from 1/s up to the rate; default a fifth of the duration. */
    public final int ramp = (int) Math.min(number("scenery.ramp", duration / 5), Math.max(0, duration - 1));
    /** p99 response time (ms) the run must stay under. */
    public final int p99Ms = (int) number("scenery.p99Ms", 500);
    /** Seed of the data generator: the same seed, run tag and sizes give the same request bodies. */
    public final long seed = (long) number("scenery.seed", 42);
    /**
     * Tag in every event id, session id and new-user id, so that a second run is not all duplicates of the
     * first (the service remembers ids for 48 hours). Set it to replay exactly the same bodies.
     */
    public final String runTag = string("scenery.runTag", Long.toString(System.currentTimeMillis() / 1000 % 46_656_000L, 36));
    /** Largest number of distinct batches generated up front; beyond that the pool is reused with new ids. */
    public final int maxPool = (int) number("scenery.maxPool", 20_000);
    /** Known (returning) users the beacons are drawn from. */
    public final int returningUsers = (int) number("scenery.returningUsers", 20_000);
    /** Share of batches from users never seen before. */
    public final double newUserShare = number("scenery.newUserShare", 0.3);
    /** Share of batches sent twice with the same ids (an SDK retry); the second answer must be all duplicates. */
    public final double retryShare = number("scenery.retryShare", 0.05);
    /** Share of batches of at least 10 beacons sent gzip-compressed (Content-Encoding: gzip). */
    public final double gzipShare = number("scenery.gzipShare", 0.5);
    /** Share of visits carrying UTM parameters. */
    public final double utmShare = number("scenery.utmShare", 0.3);
    /** Largest batch (beacons per request), at most 500. */
    public final int maxBatch = (int) Math.min(500, number("scenery.maxBatch", 100));
    /** GrowingIO account (CDP accountId / SaaS projectId) mapped to the app in the service's config. */
    public final String gioAccount = string("scenery.gioAccount", "demo-account");
    /** The mini-program's wx appId sent as GrowingIO domain (and SaaS path appId). */
    public final String gioDomain = string("scenery.gioDomain", "wx0123456789abcdef");
    /** Share of GrowingIO requests in the SaaS 3.8 format; the rest are CDP. */
    public final double gioSaasShare = number("scenery.gioSaasShare", 0.3);
    /** Share of CDP requests LZString-compressed (compress=1). */
    public final double gioCompressShare = number("scenery.gioCompressShare", 0.5);
    /** Think time between the steps of a dashboard load, milliseconds. */
    public final int thinkMs = (int) number("scenery.thinkMs", 300);

    public static LoadSettings fromSystemProperties() {
        return new LoadSettings();
    }

    private static String string(String name, String dflt) {
        String v = System.getProperty(name);
        return v == null || v.isBlank() ? dflt : v.trim();
    }

    private static double number(String name, double dflt) {
        String v = System.getProperty(name);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        try {
            return Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("system property " + name + " must be a number, got '" + v + "'", e);
        }
    }

    /**
     * Batches a beacon scenario will ask for, so the pool can hold each once (capped by maxPool).
     *
     * @param ramped whether the injection ramps up first ({@link Scenarios#ramped}) or not ({@link Scenarios#fixed})
     */
    public int expectedBatches(double ratePerSecond, boolean ramped) {
        int r = ramped ? ramp : 0;
        double rampPart = r * (Math.min(1, ratePerSecond) + ratePerSecond) / 2;
        double flat = Math.max(1, duration - r) * ratePerSecond;
        return (int) Math.min(maxPool, Math.max(100, Math.ceil((rampPart + flat) * 1.05) + 10));
    }

    @Override
    public String toString() {
        return "baseUrl=" + baseUrl + " app=" + app + " rate=" + rate + "/s dashboardRate=" + dashboardRate
                + "/s duration=" + duration + "s ramp=" + ramp + "s p99Ms=" + p99Ms + " seed=" + seed
                + " runTag=" + runTag;
    }
}
