package dev.scenery.loadtest;

import io.gatling.javaapi.core.Simulation;

/**
 * The load of {@link BeaconSimulation} in the GrowingIO mini-program SDK's wire format: CDP
 * ({@code POST /v3/projects/{account}/collect}, plain or LZString-compressed) and SaaS 3.8
 * ({@code POST /projects/{project}/apps/{wxAppId}/collect}), at {@code scenery.rate} requests per second.
 */
public class GrowingIoSimulation extends Simulation {
    {
        LoadSettings s = LoadSettings.fromSystemProperties();
        Scenarios.announce("GrowingIoSimulation", s);
        setUp(Scenarios.growingIoBeacons(s, "growingio beacons", s.rate, true, 2).injectOpen(Scenarios.ramped(s, s.rate)))
                .protocols(Scenarios.protocol(s))
                .assertions(Scenarios.assertions(s))
                .maxDuration(Scenarios.maxDuration(s));
    }
}
