package dev.scenery.query;

/**
 * The period an answer is compared with ({@code compare=}): the previous period of equal length
 * just before the range, or for a range of one day (today, yesterday, a one-day custom range) the
 * same day a week earlier. Periods are in the app's time zone: days are local days, and a day's
 * hours are its wall-clock hours (today so far is compared with the same hours of the other day).
 */
public enum Compare {
    PREVIOUS("previous"), WEEK("week");

    final String wireName;

    Compare(String wireName) {
        this.wireName = wireName;
    }

    static Compare parse(String value) {
        if (value == null) {
            return null;
        }
        for (Compare c : values()) {
            if (c.wireName.equals(value)) {
                return c;
            }
        }
        throw new BadQueryException("parameter 'compare' must be previous or week; got '" + value + "'");
    }

    /** The period to compare a resolved range with. */
    ResolvedRange periodBefore(ResolvedRange r) {
        boolean hourly = r.granularity() == dev.scenery.embedded.model.Granularity.HOUR;
        if (this == WEEK && !hourly) {
            throw new BadQueryException("compare=week goes with range=today, yesterday or a custom range of one day;"
                    + " use compare=previous for longer ranges");
        }
        int days = this == WEEK ? 7 : r.lastDay() - r.firstDay() + 1;
        int shift = hourly ? days * 24 : days;
        return new ResolvedRange(wireName, r.from().minusDays(days), r.to().minusDays(days), r.zone(), r.granularity(),
                r.firstBucket() - shift, r.lastBucket() - shift);
    }
}
