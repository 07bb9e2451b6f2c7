package dev.scenery;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * The class path of the suite's child JVMs, with a class-data-sharing archive of the classes a node
 * loads (Vert.x, Netty, Chronicle, ours), so that each of the many children maps them instead of
 * loading and verifying them again (the suite's child-heavy tests run in about half the time).
 * JDK 17 archives only jars, so the build's class directories go into one jar first; then one
 * child of our own starts a node and stops it cleanly, writing the archive at its exit
 * ({@code -XX:ArchiveClassesAtExit}); the tests' children only read it. Both are made by each
 * test JVM (the classes may have changed since the last), and a child runs without the archive
 * when it could not be made or cannot be used ({@code -Xshare:auto}): it only makes starts faster,
 * never changes what a child does. {@code -Dscenery.test.childClassArchive=false} turns it off.
 */
final class ChildClassArchive {
    private static final boolean ENABLED = Boolean.parseBoolean(System.getProperty("scenery.test.childClassArchive", "true"));
    private static final Path DIR = Path.of("target", "child-jvm").toAbsolutePath();
    private static final Path ARCHIVE = DIR.resolve("classes-" + ProcessHandle.current().pid() + ".jsa");
    private static final List<String> QUIET = List.of("-Xlog:cds=off", "-Xlog:cds+dynamic=off");
    private static String classPath;
    private static List<String> options;

    private ChildClassArchive() {
    }

    /** The class path of a child: this JVM's, with its class directories in one jar. */
    static synchronized String classPath() {
        if (classPath == null) {
            classPath = ENABLED ? jarred(System.getProperty("java.class.path")) : System.getProperty("java.class.path");
        }
        return classPath;
    }

    /** The archive options of a test's child (none when the archive is off or could not be made). */
    static synchronized List<String> options() {
        if (options == null) {
            options = ENABLED && make() ? join(List.of("-XX:SharedArchiveFile=" + ARCHIVE), QUIET) : List.of();
        }
        return options;
    }

    /** Starts a node that writes the archive when it stops; true when the archive is there. */
    private static boolean make() {
        try {
            Path dir = Files.createTempDirectory("child-class-archive");
            Path config = Files.writeString(dir.resolve("scenery.yaml"), TestNode.withSmallStore("apps:\n  - id: shop\n"));
            List<String> cmd = ChildNode.jvm(join(List.of("-XX:ArchiveClassesAtExit=" + ARCHIVE), QUIET));
            cmd.add("dev.scenery.Main");
            Path log = dir.resolve("node.log");
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().put("SCENERY_CONFIG", config.toString());
            pb.environment().put("SCENERY_DATA_DIR", dir.resolve("data").toString());
            pb.environment().put("SCENERY_HTTP_PORT", "0");
            Process node = pb.start();
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
            while (node.isAlive() && !Files.readString(log).contains("Scenery listening on port") && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            node.destroy(); // SIGTERM: a clean stop, at whose exit the JVM writes the archive
            if (!node.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                node.destroyForcibly();
            }
            return Files.isRegularFile(ARCHIVE);
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static List<String> join(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static String jarred(String path) {
        try {
            Files.createDirectories(DIR);
            Path jar = DIR.resolve("classes-" + ProcessHandle.current().pid() + ".jar");
            jar.toFile().deleteOnExit(); // both are this test JVM's alone (40 MB for the archive)
            ARCHIVE.toFile().deleteOnExit();
            List<String> out = new ArrayList<>();
            List<Path> dirs = new ArrayList<>();
            for (String entry : path.split(java.io.File.pathSeparator)) {
                if (Files.isDirectory(Path.of(entry))) {
                    dirs.add(Path.of(entry));
                } else {
                    out.add(entry);
                }
            }
            try (JarOutputStream j = new JarOutputStream(Files.newOutputStream(jar))) {
                java.util.Set<String> seen = new java.util.HashSet<>();
                for (Path dir : dirs) { // in class path order: the first of two same names wins, as it would
                    try (Stream<Path> files = Files.walk(dir)) {
                        for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                            String name = dir.relativize(f).toString().replace(java.io.File.separatorChar, '/');
                            if (seen.add(name)) {
                                j.putNextEntry(new JarEntry(name));
                                Files.copy(f, (OutputStream) j);
                                j.closeEntry();
                            }
                        }
                    }
                }
            }
            out.add(0, jar.toString());
            return String.join(java.io.File.pathSeparator, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
