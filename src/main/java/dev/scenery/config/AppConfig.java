package dev.scenery.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneId;
import java.util.List;

/**
 * One mini-program whose figures Scenery keeps.
 *
 * @param id          the app id used in every route
 * @param name        a human name for dashboards
 * @param zone        the time zone its days and hours are counted in
 * @param isPublic    its figures may be read without a token
 * @param tokenHashes SHA-256 of each read token that opens its query routes
 * @param wechatAppId the mini-program's WeChat appid; when set, native beacons must come with the
 *                    Referer WeChat sets ({@code https://servicewechat.com/{wechatAppId}/...})
 */
public record AppConfig(String id, String name, ZoneId zone, boolean isPublic, List<byte[]> tokenHashes,
                        String wechatAppId) {

    public AppConfig(String id, String name, ZoneId zone) {
        this(id, name, zone, false, List.of(), null);
    }

    /** Whether a request with this Referer may send beacons for the app. */
    public boolean acceptsReferer(String referer) {
        return wechatAppId == null
                || (referer != null && referer.startsWith("https://servicewechat.com/" + wechatAppId + "/"));
    }

    /** Whether the token opens this app's figures, compared in constant time over its hash. */
    public boolean acceptsToken(String token) {
        byte[] hash = sha256(token);
        boolean match = false;
        for (byte[] h : tokenHashes) {
            match |= MessageDigest.isEqual(h, hash);
        }
        return match;
    }

    static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
