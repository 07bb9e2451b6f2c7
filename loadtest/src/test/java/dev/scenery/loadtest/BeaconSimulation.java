package dev.scenery.loadtest;

import io.gatling.javaapi.core.Simulation;

/**
 * Native beacon batches ({@code POST /v1/apps/{app}/beacons}) at {@code scenery.rate} batches per second,
 * open model with a ramp, for {@code scenery.duration} seconds.
 */
public class BeaconSimulation extends Simulation {
    {
        LoadSettings s = LoadSettings.fromSystemProperties();
        Scenarios.announce("BeaconSimulation", s);
        setUp(Scenarios.nativeBeacons(s, "native beacons", s.rate, true, 1).injectOpen(Scenarios.ramped(s, s.rate)))
                .protocols(Scenarios.protocol(s))
                .assertions(Scenarios.assertions(s))
                .maxDuration(Scenarios.maxDuration(s));
    }
}
