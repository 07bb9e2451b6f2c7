package dev.scenery.generator;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * What a generated data set looks like: its apps (with their time zones, users and visits), the
 * scenes and promotion values visits carry and in what shares, the days or the window they span,
 * how many visits are by new users, how many arrive late, and the seed. A consumer (the demo data,
 * a test's data set, the load kit, the bench) states its own profile; {@link VisitGenerator} turns
 * it into visits, the same ones for the same profile.
 */
public final class VisitProfile {
    /** An app of the data set; {@code token} is the GrowingIO domain (mini-program appId) or null. */
    public record App(String id, ZoneId zone, String token, int users, int visits) {
    }

    final List<App> apps = new ArrayList<>();
    long seed = 1;
    long end;
    int days;
    long windowMillis = 3_600_000L;
    double recentShare;
    long recentMillis;
    double[] hourWeights;
    int[] scenes = {1001};
    double[] sceneWeights = {1};
    List<UtmChoice> utmCombos = List.of();
    double utmShare;
    int[] launchWeights = {1, 0, 0};
    double newUserShare = 0.5;
    double returnSkew = 1;
    double lateShare;
    double idShare = 1;
    String idPrefix = "v";
    String uidInfix = "-user-";
    double followUpShare;
    int maxFollowUps = 1;
    double followUpSkew = 1;

    public VisitProfile app(String id, ZoneId zone, String token, int users, int visits) {
        apps.add(new App(id, zone, token, users, visits));
        return this;
    }

    public VisitProfile seed(long value) {
        seed = value;
        return this;
    }

    /**
     * Visits fall on the {@code count} local days that end with the day of {@code endMillis}; those
     * drawn at or after {@code endMillis} are left out, after every draw is made, so that a later end
     * on the same day gives the same visits and more.
     */
    public VisitProfile days(int count, long endMillis) {
        days = count;
        end = endMillis;
        return this;
    }

    /** Visits fall uniformly in the {@code window} millis before {@code endMillis}. */
    public VisitProfile window(long window, long endMillis) {
        days = 0;
        windowMillis = window;
        end = endMillis;
        return this;
    }

    /** In window mode, the share of visits that fall in the last {@code millis} of the window. */
    public VisitProfile recent(double share, long millis) {
        recentShare = share;
        recentMillis = millis;
        return this;
    }

    /** The relative number of visits in each local hour 0..23 (without it: the same in each). */
    public VisitProfile hours(double... weights) {
        hourWeights = weights;
        return this;
    }

    /** The scene values and their relative weights (0 stands for a visit that reports none). */
    public VisitProfile scenes(int[] values, double[] weights) {
        scenes = values;
        sceneWeights = weights;
        return this;
    }

    /** The share of visits with promotion values, and the combinations those are drawn from. */
    public VisitProfile utm(double share, List<UtmChoice> combos) {
        utmShare = share;
        utmCombos = combos;
        return this;
    }

    /** Relative weights of the launch shapes of UTM values: query string, query object, utm object. */
    public VisitProfile launches(int queryString, int queryObject, int utmObject) {
        launchWeights = new int[] {queryString, queryObject, utmObject};
        return this;
    }

    /**
     * In time order, the share of visits by a user not seen before (until the app's users are used
     * up); a returning visit is by an earlier user, the recent ones the likelier the larger {@code skew}
     * (1: all alike).
     */
    public VisitProfile newUsers(double share, double skew) {
        newUserShare = share;
        returnSkew = skew;
        return this;
    }

    /** The share of visits sent after later ones (at the end, in random order): 1 sends all shuffled. */
    public VisitProfile late(double share) {
        lateShare = share;
        return this;
    }

    /** The share of visits sent with an event id, and how the ids begin. */
    public VisitProfile ids(double share, String prefix) {
        idShare = share;
        idPrefix = prefix;
        return this;
    }

    /** User ids are the app id, this infix and the user's index. */
    public VisitProfile uids(String infix) {
        uidInfix = infix;
        return this;
    }

    /** The share of visits followed by page or custom events, 1 to {@code max} of them, all counts alike. */
    public VisitProfile followUps(double share, int max) {
        return followUps(share, max, 1);
    }

    /** Like {@link #followUps(double, int)}, few follow-ups the likelier the larger {@code skew} (1: all alike). */
    public VisitProfile followUps(double share, int max, double skew) {
        followUpShare = share;
        maxFollowUps = max;
        followUpSkew = skew;
        return this;
    }
}
