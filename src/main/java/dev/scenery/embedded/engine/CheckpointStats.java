package dev.scenery.embedded.engine;

/** The writer's checkpoints since start, for {@code /metrics}. */
public interface CheckpointStats {
    long count();

    double lastSeconds();

    double maxSeconds();

    /** Buckets the last checkpoint wrote. */
    int lastBuckets();
}
