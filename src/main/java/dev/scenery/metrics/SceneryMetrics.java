package dev.scenery.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Set;
import java.util.function.Supplier;
import dev.scenery.beacon.RejectReason;

/**
 * Scenery's meters, published in Prometheus format at {@code /metrics}. Every tag value comes from
 * a bounded set: app ids only of declared apps (others, which {@code allowUndeclaredApps} lets any
 * client make up, count as {@value #OTHER_APP}); formats, routes, rejection reasons and cache
 * names from enums ({@link BeaconFormat}, {@link QueryRoute}, {@link RejectReason}, {@link ReadCacheName}). Each distinct value is a time series Prometheus keeps.
 */
public final class SceneryMetrics {
    static final String OTHER_APP = "_other";
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Set<String> declaredApps;

    /** Without declared apps: every app counts as {@value #OTHER_APP}. */
    public SceneryMetrics() {
        this(Set.of());
    }

    public SceneryMetrics(Set<String> declaredApps) {
        this.declaredApps = Set.copyOf(declaredApps);
        new io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics().bindTo(registry);
        new io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics().bindTo(registry);
        // GC pauses (jvm_gc_pause_seconds): the other source of ingest latency spikes besides checkpoints
        new io.micrometer.core.instrument.binder.jvm.JvmGcMetrics().bindTo(registry);
    }

    public void accepted(String app, BeaconFormat format, int accepted, int duplicates) {
        Counter.builder(MeterNames.BEACONS_ACCEPTED).tag(MeterNames.TAG_APP, appTag(app)).tag(MeterNames.TAG_FORMAT, format.tag())
                .register(registry).increment(accepted);
        if (duplicates > 0) {
            Counter.builder(MeterNames.BEACONS_DUPLICATE).tag(MeterNames.TAG_APP, appTag(app)).tag(MeterNames.TAG_FORMAT, format.tag())
                    .register(registry).increment(duplicates);
        }
    }

    public void rejected(String app, BeaconFormat format, RejectReason reason) {
        Counter.builder(MeterNames.BEACONS_REJECTED).tag(MeterNames.TAG_APP, appTag(app)).tag(MeterNames.TAG_FORMAT, format.tag())
                .tag(MeterNames.TAG_REASON, reason.code()).register(registry).increment();
    }

    private String appTag(String app) {
        return app != null && declaredApps.contains(app) ? app : OTHER_APP;
    }

    public void shed(String app, BeaconFormat format) {
        Counter.builder(MeterNames.BATCHES_SHED).tag(MeterNames.TAG_APP, appTag(app)).tag(MeterNames.TAG_FORMAT, format.tag())
                .register(registry).increment();
    }

    public void batch(String app, BeaconFormat format, int size) {
        DistributionSummary.builder(MeterNames.BATCH_SIZE).tag(MeterNames.TAG_APP, appTag(app)).tag(MeterNames.TAG_FORMAT, format.tag())
                .register(registry).record(size);
    }

    public void ingestLatency(BeaconFormat format, int status, long nanos) {
        Timer.builder(MeterNames.INGEST_LATENCY).tag(MeterNames.TAG_FORMAT, format.tag()).tag(MeterNames.TAG_STATUS, Integer.toString(status))
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry).record(Duration.ofNanos(nanos));
    }

    public void queryLatency(QueryRoute route, int status, long nanos) {
        Timer.builder(MeterNames.QUERY_LATENCY).tag(MeterNames.TAG_ROUTE, route.tag()).tag(MeterNames.TAG_STATUS, Integer.toString(status))
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry).record(Duration.ofNanos(nanos));
    }

    /** A visit counted under a dimension's overflow value (its per-day budget was used up); test traffic under its app. */
    public void overflowed(String app, dev.scenery.embedded.model.Dimension dimension) {
        Counter.builder(MeterNames.BUDGET_OVERFLOW).tag(MeterNames.TAG_APP, appTag(dev.scenery.beacon.TestTraffic.appOf(app)))
                .tag(MeterNames.TAG_DIMENSION, dimension.name().toLowerCase(java.util.Locale.ROOT))
                .register(registry).increment();
    }

    /** Publishes a read cache's statistics: {@code cache_gets_total{cache, result=hit|miss}}, size, evictions. */
    public void monitor(ReadCacheName name, com.github.benmanes.caffeine.cache.Cache<?, ?> cache) {
        io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics.monitor(registry, cache, name.tag());
    }

    /** The counter of requests one HTTP event loop took, named by its thread (at most the event-loop pool's size). */
    public Counter httpRequests(String loopThread) {
        return Counter.builder(MeterNames.HTTP_REQUESTS).tag(MeterNames.TAG_LOOP, loopThread).register(registry);
    }

    /** Registers a gauge read when /metrics is scraped. */
    public void gauge(String name, Supplier<Number> value) {
        Gauge.builder(name, value).register(registry);
    }

    /** Registers a gauge with tags from a fixed set. */
    public void gauge(String name, java.util.Map<String, String> tags, Supplier<Number> value) {
        Gauge.Builder<Supplier<Number>> b = Gauge.builder(name, value);
        tags.forEach(b::tag);
        b.register(registry);
    }

    public String scrape() {
        return registry.scrape();
    }
}
