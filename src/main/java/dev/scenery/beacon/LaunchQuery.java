package dev.scenery.beacon;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Reads the UTM parameters out of a mini-program's launch query ({@code a=1&utm_source=x&...}).
 * Tencent ads click ids ({@code gdt_vid}, {@code weixinadinfo}, {@code clickid}, ...) without a
 * {@code utm_source} are attributed to a configured ads source, so paid traffic shows up.
 */
public final class LaunchQuery {

    /** Launch-query parameters that mark a click on a Tencent (广点通 / 朋友圈) ad. */
    static final Set<String> TENCENT_AD_CLICK_IDS = Set.of("gdt_vid", "weixinadinfo", "clickid", "qz_gdt", "wx_aid");

    private LaunchQuery() {
    }

    /**
     * Extracts the UTM values of a raw launch query.
     *
     * @param query    the raw query, may be null or empty, with or without a leading '?'
     * @param adSource the source to use for ad-click traffic without utm_source, or null to leave it out
     * @return the UTM values, {@link Utm#NONE} when there are none
     */
    public static Utm utmOf(String query, String adSource) {
        if (query == null || query.isEmpty()) {
            return Utm.NONE;
        }
        String[] values = new String[5];
        boolean adClick = false;
        int start = query.charAt(0) == '?' ? 1 : 0;
        int len = query.length();
        while (start < len) {
            int end = query.indexOf('&', start);
            if (end < 0) {
                end = len;
            }
            int eq = query.indexOf('=', start);
            if (eq > start && eq < end) {
                String name = query.substring(start, eq);
                if (name.startsWith("utm_")) {
                    UtmDimension d = UtmDimension.ofWireName(name.substring(4));
                    if (d != null) {
                        values[d.ordinal()] = decode(query.substring(eq + 1, end));
                    }
                } else if (TENCENT_AD_CLICK_IDS.contains(name) && eq + 1 < end) {
                    adClick = true;
                }
            }
            start = end + 1;
        }
        if (adClick && adSource != null && Utm.blankToNull(values[0]) == null) {
            values[0] = adSource;
        }
        return Utm.of(values);
    }

    private static String decode(String raw) {
        if (raw.indexOf('%') < 0 && raw.indexOf('+') < 0) {
            return raw;
        }
        try {
            return URLDecoder.decode(raw, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException badEscape) {
            return raw;
        }
    }
}
