package dev.scenery.query;

import dev.scenery.embedded.model.AppClock;
import dev.scenery.embedded.model.Granularity;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * Resolves {@code range=today|yesterday|7d|30d|custom} (with {@code from}/{@code to}) against the
 * current time in an app's time zone. 7d and 30d are the complete days before today; today and
 * yesterday, and a custom range of a single day, are shown per hour (today up to the current hour).
 */
public final class RangeResolver {
    private final int maxCustomDays;

    public RangeResolver(int maxCustomDays) {
        this.maxCustomDays = maxCustomDays;
    }

    public ResolvedRange resolve(String range, String from, String to, ZoneId zone, long nowMillis) {
        int nowHour = new AppClock(zone).hourOf(nowMillis);
        LocalDate today = LocalDate.ofEpochDay(AppClock.dayOfHour(nowHour));
        String name = range == null || range.isEmpty() ? "7d" : range;
        if (!name.equals("custom") && (from != null || to != null)) {
            throw new BadQueryException("parameters 'from' and 'to' go with range=custom only");
        }
        return switch (name) {
            case "today" -> hourly(name, today, zone, nowHour);
            case "yesterday" -> hourly(name, today.minusDays(1), zone, Integer.MAX_VALUE);
            case "7d" -> daily(name, today.minusDays(7), today.minusDays(1), zone);
            case "30d" -> daily(name, today.minusDays(30), today.minusDays(1), zone);
            case "custom" -> custom(from, to, zone, today, nowHour);
            default -> throw new BadQueryException("parameter 'range' must be one of today, yesterday, 7d, 30d, custom; got '" + name + "'");
        };
    }

    private ResolvedRange custom(String from, String to, ZoneId zone, LocalDate today, int nowHour) {
        if (from == null || to == null) {
            throw new BadQueryException("range=custom needs both 'from' and 'to' (YYYY-MM-DD)");
        }
        LocalDate f = date("from", from);
        LocalDate t = date("to", to);
        if (t.isBefore(f)) {
            throw new BadQueryException("parameter 'to' (" + to + ") is before 'from' (" + from + ")");
        }
        if (t.isAfter(today)) {
            throw new BadQueryException("parameter 'to' (" + to + ") is after today (" + today + ") in " + zone);
        }
        long days = ChronoUnit.DAYS.between(f, t) + 1;
        if (days > maxCustomDays) {
            throw new BadQueryException("custom range spans " + days + " days; at most " + maxCustomDays + " are allowed");
        }
        if (days == 1) {
            return hourly("custom", f, zone, t.equals(today) ? nowHour : Integer.MAX_VALUE);
        }
        return daily("custom", f, t, zone);
    }

    private static LocalDate date(String param, String value) {
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw new BadQueryException("parameter '" + param + "' must be a date YYYY-MM-DD, got '" + value + "'");
        }
    }

    private static ResolvedRange hourly(String name, LocalDate day, ZoneId zone, int lastHourCap) {
        int first = (int) day.toEpochDay() * 24;
        int last = Math.min(first + 23, lastHourCap);
        return new ResolvedRange(name, day, day, zone, Granularity.HOUR, first, last);
    }

    private static ResolvedRange daily(String name, LocalDate from, LocalDate to, ZoneId zone) {
        return new ResolvedRange(name, from, to, zone, Granularity.DAY, (int) from.toEpochDay(), (int) to.toEpochDay());
    }
}
