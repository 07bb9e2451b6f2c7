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
 * the {@code wechat-scenes.tsv} resource. Unknown values get a generated name, never dropped.
 */
public final class SceneCatalog {

    /** One scene value. */
    public record Scene(int code, String name, String group) {
    }

    private static final String RESOURCE = "/wechat-scenes.tsv";
    /** The code that stands for scene values past an app's daily budget (see the store's BatchPlanner). */
    public static final int OVERFLOW = -1;
    private final Map<Integer, Scene> byCode;
    private final List<Scene> all;

    private SceneCatalog(List<Scene> scenes) {
        Map<Integer, Scene> map = new HashMap<>();
        for (Scene s : scenes) {
            map.put(s.code(), s);
        }
        this.byCode = Map.copyOf(map);
        this.all = Collections.unmodifiableList(scenes);
    }

    /** Loads the catalog bundled in the jar. */
    public static SceneCatalog load() {
        try (InputStream in = SceneCatalog.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("scene catalog resource " + RESOURCE + " is missing from the classpath");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            List<Scene> scenes = new ArrayList<>();
            String line = reader.readLine(); // header: code name_zh group note
            while ((line = reader.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                String[] cols = line.split("\t", -1);
                scenes.add(new Scene(Integer.parseInt(cols[0].trim()), cols[1].trim(), cols[2].trim()));
            }
            return new SceneCatalog(scenes);
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
            return new Scene(0, "未知场景", "unknown");
        }
        if (code == OVERFLOW) {
            return new Scene(OVERFLOW, "其他场景值（超出每日预算）", "overflow");
        }
        return new Scene(code, "场景值 " + code, "other");
    }

    public List<Scene> all() {
        return all;
    }
}
