package dev.scenery.beacon;

import java.util.List;
import java.util.Set;

/**
 * Test traffic, set apart from an app's figures: visits from WeChat's test, crawler and tooling
 * entries, and beacons the client marks {@code "test": true}. They are stored under the app's
 * shadow id ({@link #shadowOf}), which no configured app id can take (app ids are
 * {@code [A-Za-z0-9_.-]}), so the whole write path, its budgets and the PostgreSQL flush treat them
 * as one more app, and {@code traffic=test} reads them as such.
 *
 * <p>The default test scenes, from WeChat's scene list
 * (https://developers.weixin.qq.com/miniprogram/dev/reference/scene-list.html):
 * 1030 自动化测试下打开小程序 (automated tests), 1101 远程调试热更新 (devtools remote debugging and
 * auto preview), 1129 微信爬虫访问 (WeChat's crawler), 1203 微信小程序压测工具的请求 (WeChat's load-test
 * tool). The trial-build entries 1017 前往小程序体验版的入口页 and 1059 体验版小程序绑定邀请页 are real people
 * on a trial build: flagged in the catalog ({@link #TRIAL_SCENES}), not set apart unless an app adds them
 * ({@code apps[].testTraffic.addScenes}).
 */
public final class TestTraffic {
    /** Scenes whose visits are test traffic unless an app removes them. */
    public static final Set<Integer> DEFAULT_SCENES = Set.of(1030, 1101, 1129, 1203);
    /** The trial-build entries: flagged, counted as real traffic by default. */
    public static final Set<Integer> TRIAL_SCENES = Set.of(1017, 1059);
    /** In ascending order, for messages and documents. */
    public static final List<Integer> DEFAULT_SCENES_SORTED = DEFAULT_SCENES.stream().sorted().toList();
    /** Ends every shadow id; '~' is not allowed in app ids. */
    static final String SUFFIX = "~test";

    private TestTraffic() {
    }

    /** The id under which the test traffic of an app is stored. */
    public static String shadowOf(String app) {
        return app + SUFFIX;
    }

    /** Whether a stored app id is the shadow of an app's test traffic. */
    public static boolean isShadow(String storedApp) {
        return storedApp.endsWith(SUFFIX);
    }

    /** The app a stored id belongs to: the id itself, or the app whose test traffic it holds. */
    public static String appOf(String storedApp) {
        return isShadow(storedApp) ? storedApp.substring(0, storedApp.length() - SUFFIX.length()) : storedApp;
    }
}
