package dev.scenery.config;

import dev.scenery.beacon.Beacon;
import dev.scenery.beacon.TestTraffic;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;

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
 * @param testScenes  scenes whose visits are test traffic, counted apart ({@link TestTraffic#DEFAULT_SCENES}
 *                    changed by {@code testTraffic.addScenes} and {@code removeScenes})
 */
public record AppConfig(String id, String name, ZoneId zone, boolean isPublic, List<byte[]> tokenHashes,
                        String wechatAppId, Set<Integer> testScenes) {

    public AppConfig {
        testScenes = Set.copyOf(testScenes);
    }

    /** With the default test scenes. */
    public AppConfig(String id, String name, ZoneId zone, boolean isPublic, List<byte[]> tokenHashes, String wechatAppId) {
        this(id, name, zone, isPublic, tokenHashes, wechatAppId, TestTraffic.DEFAULT_SCENES);
    }

    public AppConfig(String id, String name, ZoneId zone) {
        this(id, name, zone, false, List.of(), null);
    }

    /** Whether a beacon is test traffic for this app: marked by its client, or from one of the test scenes. */
    public boolean isTest(Beacon beacon) {
        return beacon.test() || testScenes.contains(beacon.scene());
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
