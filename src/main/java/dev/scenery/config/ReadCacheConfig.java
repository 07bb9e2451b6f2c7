package dev.scenery.config;

/**
 * Sizes of the read caches (config section {@code readCache}), in the units their weighers count.
 *
 * @param rangeRollups    rollups the embedded range cache holds over all its ranges (a dense sketch
 *                        is 32 KiB: 4,096 are 128 MiB at most)
 * @param trendPoints     single-bucket figures (trend points) the embedded reader keeps
 * @param postgresAnswers whole answers PostgreSQL mode keeps
 */
public record ReadCacheConfig(int rangeRollups, int trendPoints, int postgresAnswers) {
    public static final ReadCacheConfig DEFAULTS = new ReadCacheConfig(4096, 100_000, 1024);

    static ReadCacheConfig parse(ConfigNode node) {
        node.allowOnly(java.util.Set.of("rangeRollups", "trendPoints", "postgresAnswers"));
        return new ReadCacheConfig(
                node.integer("rangeRollups", DEFAULTS.rangeRollups(), 1, 10_000_000),
                node.integer("trendPoints", DEFAULTS.trendPoints(), 1, 100_000_000),
                node.integer("postgresAnswers", DEFAULTS.postgresAnswers(), 1, 10_000_000));
    }
}
