package dev.scenery.loadtest;

import io.gatling.javaapi.core.Simulation;

/**
 * Native beacons at a fixed {@code scenery.rate} batches per second for the whole run while analysts open
 * the dashboard at {@code scenery.dashboardRate} loads per second (ramped): the queries' latency under
 * ingest load, and the ingest's under queries.
 */
public class MixedSimulation extends Simulation {
    {
        LoadSettings s = LoadSettings.fromSystemProperties();
        Scenarios.announce("MixedSimulation", s);
        setUp(
                Scenarios.nativeBeacons(s, "native beacons", s.rate, false, 3).injectOpen(Scenarios.fixed(s, s.rate)),
                Scenarios.dashboard(s, "dashboard").injectOpen(Scenarios.ramped(s, s.dashboardRate)))
                .protocols(Scenarios.protocol(s))
                .assertions(Scenarios.assertions(s))
                .maxDuration(Scenarios.maxDuration(s));
    }
}
