package dev.scenery.embedded;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The files of a {@link TieredMap}: tier 0 is {@code <name>.dat}, tier i {@code <name>.<i>.<entries>.dat}
 * (its capacity in its name, so that it opens with the entries it was created with).
 */
final class TierFiles {
    private static final Pattern TIER_FILE = Pattern.compile("\\.(\\d+)\\.(\\d+)\\.dat$");

    /** A further tier's file, its index and the entries it was created with. */
    record Further(Path file, int index, long entries) {
    }

    private TierFiles() {
    }

    static Path first(Path dir, String name) {
        return dir.resolve(name + ".dat");
    }

    static Path of(Path dir, String name, int index, long entries) {
        return dir.resolve(name + "." + index + "." + entries + ".dat");
    }

    /** The further tiers of {@code name} in {@code dir}, in tier order. */
    static List<Further> further(Path dir, String name) throws IOException {
        List<Further> out = new ArrayList<>();
        try (var files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String file = p.getFileName().toString();
                Matcher m = TIER_FILE.matcher(file);
                if (file.startsWith(name + ".") && m.find()) {
                    out.add(new Further(p, Integer.parseInt(m.group(1)), Long.parseLong(m.group(2))));
                }
            }
        }
        out.sort(Comparator.comparingInt(Further::index));
        return out;
    }

    /** Forces a tier file to disk (durable sync mode): dirty pages of its mappings included. */
    static void force(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(false);
        } catch (IOException e) {
            throw new StoreException("cannot force " + file + " to disk: " + e.getMessage(), e);
        }
    }
}
