package dev.scenery.config;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A typed view of one level of the parsed YAML tree that remembers its key path, so that every
 * error names the bad key ("limits.maxBatch must be an integer from 1 to 10000").
 */
final class ConfigNode {
    private final String path;
    private final Map<String, Object> values;

    ConfigNode(String path, Map<String, Object> values) {
        this.path = path;
        this.values = values == null ? Map.of() : values;
    }

    String key(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    void allowOnly(Set<String> known) {
        for (String k : values.keySet()) {
            if (!known.contains(k)) {
                throw new ConfigException("unknown config key '" + key(k) + "' (known: " + String.join(", ", known.stream().sorted().toList()) + ")");
            }
        }
    }

    String string(String name, String fallback) {
        Object v = values.get(name);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Map || v instanceof List) {
            throw new ConfigException("config key '" + key(name) + "' must be a string");
        }
        return String.valueOf(v);
    }

    String requiredString(String name) {
        String v = string(name, null);
        if (v == null || v.isBlank()) {
            throw new ConfigException("config key '" + key(name) + "' is required");
        }
        return v;
    }

    long number(String name, long fallback, long min, long max) {
        Object v = values.get(name);
        if (v == null) {
            return fallback;
        }
        long n;
        if (v instanceof Number num && !(v instanceof Double) && !(v instanceof Float)) {
            n = num.longValue();
        } else {
            try {
                n = Long.parseLong(String.valueOf(v).trim());
            } catch (NumberFormatException e) {
                throw new ConfigException("config key '" + key(name) + "' must be an integer, got '" + v + "'");
            }
        }
        if (n < min || n > max) {
            throw new ConfigException("config key '" + key(name) + "' must be from " + min + " to " + max + ", got " + n);
        }
        return n;
    }

    int integer(String name, int fallback, int min, int max) {
        return (int) number(name, fallback, min, max);
    }

    boolean bool(String name, boolean fallback) {
        Object v = values.get(name);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        String s = String.valueOf(v).trim();
        if (s.equalsIgnoreCase("true")) {
            return true;
        }
        if (s.equalsIgnoreCase("false")) {
            return false;
        }
        throw new ConfigException("config key '" + key(name) + "' must be true or false, got '" + v + "'");
    }

    List<String> strings(String name) {
        Object v = values.get(name);
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof List<?> list)) {
            throw new ConfigException("config key '" + key(name) + "' must be a list of strings");
        }
        java.util.ArrayList<String> out = new java.util.ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Object item = list.get(i);
            if (item == null || item instanceof Map || item instanceof List) {
                throw new ConfigException("config key '" + key(name) + "[" + i + "]' must be a string");
            }
            out.add(String.valueOf(item));
        }
        return out;
    }

    /** A list of integers, each from min to max; the error names the item's index. */
    List<Integer> integers(String name, int min, int max) {
        Object v = values.get(name);
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof List<?> list)) {
            throw new ConfigException("config key '" + key(name) + "' must be a list of integers");
        }
        java.util.ArrayList<Integer> out = new java.util.ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Object item = list.get(i);
            long n;
            try {
                if (!(item instanceof Number) && !(item instanceof String)) {
                    throw new NumberFormatException();
                }
                n = item instanceof Number num && !(item instanceof Double) && !(item instanceof Float)
                        ? num.longValue() : Long.parseLong(String.valueOf(item).trim());
            } catch (NumberFormatException e) {
                throw new ConfigException("config key '" + key(name) + "[" + i + "]' must be an integer, got '" + item + "'");
            }
            if (n < min || n > max) {
                throw new ConfigException("config key '" + key(name) + "[" + i + "]' must be from " + min + " to " + max + ", got " + n);
            }
            out.add((int) n);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    ConfigNode child(String name) {
        Object v = values.get(name);
        if (v == null) {
            return new ConfigNode(key(name), Map.of());
        }
        if (!(v instanceof Map)) {
            throw new ConfigException("config key '" + key(name) + "' must be a mapping");
        }
        return new ConfigNode(key(name), (Map<String, Object>) v);
    }

    @SuppressWarnings("unchecked")
    List<ConfigNode> children(String name) {
        Object v = values.get(name);
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof List<?> list)) {
            throw new ConfigException("config key '" + key(name) + "' must be a list");
        }
        java.util.ArrayList<ConfigNode> out = new java.util.ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Object item = list.get(i);
            String itemPath = key(name) + "[" + i + "]";
            if (!(item instanceof Map)) {
                throw new ConfigException("config key '" + itemPath + "' must be a mapping");
            }
            out.add(new ConfigNode(itemPath, (Map<String, Object>) item));
        }
        return out;
    }
}
