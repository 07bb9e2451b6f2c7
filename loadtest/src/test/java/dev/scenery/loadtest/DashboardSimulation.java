package dev.scenery.loadtest;

import io.gatling.javaapi.core.Simulation;

/**
 * Analysts opening the dashboard at {@code scenery.dashboardRate} loads per second (each load is 16
 * queries), open model with a ramp, for {@code scenery.duration} seconds. Run it after some beacons were
 * ingested (e.g. after {@link BeaconSimulation}) so the queries have figures to rank.
 */
public class DashboardSimulation extends Simulation {
    {
        LoadSettings s = LoadSettings.fromSystemProperties();
        Scenarios.announce("DashboardSimulation", s);
        setUp(Scenarios.dashboard(s, "dashboard").injectOpen(Scenarios.ramped(s, s.dashboardRate)))
                .protocols(Scenarios.protocol(s))
                .assertions(Scenarios.assertions(s))
                .maxDuration(Scenarios.maxDuration(s));
    }
}
