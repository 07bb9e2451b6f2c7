package dev.scenery.generator;

import dev.scenery.beacon.Utm;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Turns a {@link VisitProfile} into visits, deterministically: one seeded stream of draws per
 * profile, made in the same order whatever the profile's end, so the same profile gives the same
 * visits, and a later end on the same day (days mode) gives the earlier visits and more.
 */
public final class VisitGenerator {
    private static final long HOUR = 3_600_000L;
    /** A session id lasts half an hour: a user's visits within one share it. */
    private static final long SESSION = 1_800_000L;

    private final VisitProfile profile;
    private final Random rnd;
    private final double[] sceneCdf;
    private final double[] utmCdf;
    private final double[] hourCdf;
    private int idSeq;

    private VisitGenerator(VisitProfile profile) {
        this.profile = profile;
        this.rnd = new Random(profile.seed);
        this.sceneCdf = Draws.cdf(profile.sceneWeights);
        this.utmCdf = Draws.cdf(profile.utmCombos.stream().mapToDouble(UtmChoice::weight).toArray());
        this.hourCdf = profile.hourWeights == null ? null : Draws.cdf(profile.hourWeights);
    }

    /** The profile's visits, app after app, each app's in the order they are sent. */
    public static List<Visit> visits(VisitProfile profile) {
        VisitGenerator g = new VisitGenerator(profile);
        List<Visit> out = new ArrayList<>();
        for (VisitProfile.App app : profile.apps) {
            List<Visit> late = new ArrayList<>();
            g.app(app, (v, isLate) -> (isLate ? late : out).add(v));
            Collections.shuffle(late, g.rnd);
            out.addAll(late);
        }
        return out;
    }

    /**
     * The profile's visits app after app, each app's in time order (the profile's late share is not
     * applied), one at a time: for data sets too large to hold as a list of visits.
     */
    public static void inTimeOrder(VisitProfile profile, Consumer<Visit> each) {
        VisitGenerator g = new VisitGenerator(profile);
        for (VisitProfile.App app : profile.apps) {
            g.app(app, (v, isLate) -> each.accept(v));
        }
    }

    /** Gives each visit of the app before the end, in time order, and whether it is to be sent late. */
    private void app(VisitProfile.App app, BiConsumer<Visit, Boolean> each) {
        long[] times = new long[app.visits()];
        for (int i = 0; i < times.length; i++) {
            times[i] = time(app.zone());
        }
        // users are assigned in time order, so that "new" means the user's first visit
        Arrays.sort(times);
        int seen = 0;
        for (long ts : times) {
            int user;
            if (seen == 0 || seen < app.users() && rnd.nextDouble() < profile.newUserShare) {
                user = seen++;
            } else {
                user = seen - 1 - (int) Math.floor(Math.pow(rnd.nextDouble(), profile.returnSkew) * seen);
            }
            Visit v = visit(app, user, ts);
            boolean isLate = rnd.nextDouble() < profile.lateShare;
            if (ts < profile.end) {
                each.accept(v, isLate);
            }
        }
    }

    private long time(ZoneId zone) {
        if (profile.days == 0) {
            long window = rnd.nextDouble() < profile.recentShare ? profile.recentMillis : profile.windowMillis;
            return profile.end - 1 - (long) (rnd.nextDouble() * window);
        }
        LocalDate last = Instant.ofEpochMilli(profile.end).atZone(zone).toLocalDate();
        LocalDate day = last.minusDays(rnd.nextInt(profile.days));
        int hour = hourCdf == null ? rnd.nextInt(24) : Draws.rank(hourCdf, rnd.nextDouble());
        return day.atStartOfDay(zone).toInstant().toEpochMilli() + hour * HOUR + (long) (rnd.nextDouble() * HOUR);
    }

    private Visit visit(VisitProfile.App app, int user, long ts) {
        String uid = app.id() + profile.uidInfix + user;
        int scene = profile.scenes[Draws.rank(sceneCdf, rnd.nextDouble())];
        Utm utm = Utm.NONE;
        Visit.Launch launch = Visit.Launch.PLAIN;
        if (!profile.utmCombos.isEmpty() && rnd.nextDouble() < profile.utmShare) {
            UtmChoice combo = profile.utmCombos.get(Draws.rank(utmCdf, rnd.nextDouble()));
            utm = combo.utm();
            if (combo.scenes().length > 0) {
                scene = combo.scenes()[rnd.nextInt(combo.scenes().length)];
            }
            launch = combo.adClick() ? Visit.Launch.AD_CLICK
                    : Visit.Launch.values()[1 + Draws.weighted(rnd, profile.launchWeights)];
        }
        String id = rnd.nextDouble() < profile.idShare ? profile.idPrefix + idSeq++ : null;
        int followUps = rnd.nextDouble() < profile.followUpShare
                ? 1 + (int) (profile.maxFollowUps * Math.pow(rnd.nextDouble(), profile.followUpSkew)) : 0;
        // a session's events are all before the end (a later end on the same day only adds to them)
        followUps = (int) Math.min(followUps, Math.max(0, (profile.end - 1 - ts) / Visit.FOLLOW_UP_GAP));
        return new Visit(app.id(), user, uid, uid + "-" + ts / SESSION, id, ts, scene, utm, launch, followUps);
    }
}
