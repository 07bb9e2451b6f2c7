package dev.scenery.embedded.model;

import java.time.Instant;
import java.time.ZoneId;
import java.time.zone.ZoneRules;

/**
 * Maps an instant to the local hour and local day of an app's time zone, as counts since the
 * local epoch (1970-01-01T00:00 on the wall clock). Two UTC hours that fall into the same wall
 * clock hour at a DST change share a bucket; offsets that are not whole hours work.
 */
public final class AppClock {
    private final ZoneRules rules;

    public AppClock(ZoneId zone) {
        this.rules = zone.getRules();
    }

    public int hourOf(long epochMillis) {
        long seconds = Math.floorDiv(epochMillis, 1000L);
        int offset = rules.isFixedOffset() ? rules.getOffset(Instant.EPOCH).getTotalSeconds()
                : rules.getOffset(Instant.ofEpochSecond(seconds)).getTotalSeconds();
        return (int) Math.floorDiv(seconds + offset, 3600L);
    }

    public static int dayOfHour(int hour) {
        return Math.floorDiv(hour, 24);
    }
}
