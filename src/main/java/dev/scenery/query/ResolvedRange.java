package dev.scenery.query;

import dev.scenery.embedded.model.Granularity;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * A query range resolved in the app's time zone: inclusive local dates, the bucket size of its
 * trend, and the first and last bucket index (hours or days since the local epoch).
 */
public record ResolvedRange(String name, LocalDate from, LocalDate to, ZoneId zone, Granularity granularity,
                            int firstBucket, int lastBucket) {

    public int bucketCount() {
        return lastBucket - firstBucket + 1;
    }

    /** Day-bucket bounds of the range, whatever its trend granularity. */
    public int firstDay() {
        return (int) from.toEpochDay();
    }

    public int lastDay() {
        return (int) to.toEpochDay();
    }
}
