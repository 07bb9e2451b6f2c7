package dev.scenery.beacon;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * WeChat's scene values with their official Chinese names and an analyst-facing group, read from
 * the {@code wechat-scenes.tsv} resource, and the groups' names in Chinese and English
 * ({@code scene-groups.tsv}). Unknown values get a generated name, never dropped.
 */
public final class SceneCatalog {

    /** One scene value. */
    public record Scene(int code, String name, String group) {
        /** A trial-build entry ({@link TestTraffic#TRIAL_SCENES}): flagged, counted as real traffic by default. */
        public boolean trialBuild() {
            return TestTraffic.TRIAL_SCENES.contains(code);
        }
    }

    /** A group of scenes, the entry kind an analyst reads (scan, search, share, ...), with its names. */
    public record Group(String key, String nameZh, String nameEn) {
        /** Its name in a page language ({@code en}, otherwise Chinese). */
        public String name(String lang) {
            return "en".equals(lang) ? nameEn : nameZh;
        }
    }

    private static final String RESOURCE = "/wechat-scenes.tsv";
    private static final String GROUPS = "/scene-groups.tsv";
    /** The group of the unknown scene 0. */
    public static final String UNKNOWN_GROUP = "unknown";
    /** The group of the overflow scene -1. */
    public static final String OVERFLOW_GROUP = "overflow";
    /** The group of a scene value not in the catalog. */
    public static final String OTHER_GROUP = "other";
    /** The code that stands for scene values past an app's daily budget (see the store's BatchPlanner). */
    public static final int OVERFLOW = -1;
    private final Map<Integer, Scene> byCode;
    private final List<Scene> all;
    private final Map<String, Group> groups;

    private SceneCatalog(List<Scene> scenes, List<Group> groups) {
        Map<Integer, Scene> map = new HashMap<>();
        for (Scene s : scenes) {
            map.put(s.code(), s);
        }
        this.byCode = Map.copyOf(map);
        this.all = Collections.unmodifiableList(scenes);
        Map<String, Group> byKey = new java.util.LinkedHashMap<>();
        for (Group g : groups) {
            byKey.put(g.key(), g);
        }
        for (Scene s : scenes) {
            if (!byKey.containsKey(s.group())) {
                throw new IllegalStateException("scene " + s.code() + " is in group '" + s.group() + "', which " + GROUPS + " does not name");
            }
        }
        this.groups = Collections.unmodifiableMap(byKey);
    }

    /** Loads the catalog bundled in the jar. */
    public static SceneCatalog load() {
        List<Scene> scenes = new ArrayList<>();
        for (String[] cols : rows(RESOURCE)) { // code name_zh group note
            scenes.add(new Scene(Integer.parseInt(cols[0].trim()), cols[1].trim(), cols[2].trim()));
        }
        List<Group> groups = new ArrayList<>();
        for (String[] cols : rows(GROUPS)) { // group name_zh name_en
            groups.add(new Group(cols[0].trim(), cols[1].trim(), cols[2].trim()));
        }
        return new SceneCatalog(scenes, groups);
    }

    /** The rows of a tab-separated resource, without its header line and blank lines. */
    private static List<String[]> rows(String resource) {
        try (InputStream in = SceneCatalog.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("scene catalog resource " + resource + " is missing from the classpath");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            List<String[]> rows = new ArrayList<>();
            String line = reader.readLine();
            while ((line = reader.readLine()) != null) {
                if (!line.isBlank()) {
                    rows.add(line.split("\t", -1));
                }
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The scene of a code; unknown codes are named {@code 场景值 NNNN} in group {@code other}. */
    public Scene scene(int code) {
        Scene s = byCode.get(code);
        if (s != null) {
            return s;
        }
        if (code == 0) {
            return new Scene(0, "未知场景", UNKNOWN_GROUP);
        }
        if (code == OVERFLOW) {
            return new Scene(OVERFLOW, "其他场景值（超出每日预算）", OVERFLOW_GROUP);
        }
        return new Scene(code, "场景值 " + code, OTHER_GROUP);
    }

    public List<Scene> all() {
        return all;
    }

    /** Every group, in the order of {@code scene-groups.tsv}. */
    public java.util.Collection<Group> groups() {
        return groups.values();
    }

    /** The group of a key, or null when there is none. */
    public Group group(String key) {
        return groups.get(key);
    }

    /**
     * The group of every scene value in the catalog, and of 0 and -1, as stored values (decimal
     * codes); any other value is in {@link #OTHER_GROUP}.
     */
    public Map<String, String> groupOfValues() {
        Map<String, String> out = new HashMap<>();
        for (Scene s : all) {
            out.put(Integer.toString(s.code()), s.group());
        }
        out.put("0", UNKNOWN_GROUP);
        out.put(Integer.toString(OVERFLOW), OVERFLOW_GROUP);
        return Map.copyOf(out);
    }
}
