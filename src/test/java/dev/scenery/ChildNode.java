package dev.scenery;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A Scenery node in a child JVM started with {@code dev.scenery.Main}, to be killed with SIGKILL. */
final class ChildNode {
    final Process process;
    final int port;
    final Path log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ChildNode(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    static ChildNode start(Path dir, String yaml) throws IOException, InterruptedException {
        return start(dir, yaml, java.util.Map.of());
    }

    /** Like {@link #start(Path, String)} with more environment variables (such as {@code SCENERY_FAULT}). */
    static ChildNode start(Path dir, String yaml, java.util.Map<String, String> env) throws IOException, InterruptedException {
        // port 0: the child binds a port of its own and logs it, so no other process can take it
        // between our choosing it and the child binding it
        Path log = Files.createTempFile(dir, "child-", ".log");
        Process process = launch(dir, yaml, 0, dir.resolve("data"), log, env);
        ChildNode node = new ChildNode(process, awaitListeningPort(process, log), log);
        node.awaitHealthy();
        return node;
    }

    private static final java.util.regex.Pattern LISTENING = java.util.regex.Pattern.compile("Scenery listening on port (\\d+)");

    /** The port the child reports in its "Scenery listening on port N" log line, once it has bound it. */
    private static int awaitListeningPort(Process process, Path log) {
        int[] port = new int[1];
        try {
            org.awaitility.Awaitility.await("the child's listening port").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(50)).until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException("child exited with " + process.exitValue() + ": " + Files.readString(log));
                        }
                        java.util.regex.Matcher m = LISTENING.matcher(Files.readString(log));
                        if (m.find()) {
                            port[0] = Integer.parseInt(m.group(1));
                        }
                        return port[0] != 0;
                    });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new IllegalStateException("child did not report its port: " + readOrEmpty(log), e);
        }
        return port[0];
    }

    private static String readOrEmpty(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** Starts {@code dev.scenery.Main} in a child JVM with this config, data directory and port. */
    static Process launch(Path dir, String yaml, int port, Path dataDir, Path log) throws IOException {
        return launch(dir, yaml, port, dataDir, log, java.util.Map.of());
    }

    static Process launch(Path dir, String yaml, int port, Path dataDir, Path log, java.util.Map<String, String> env) throws IOException {
        Path config = dir.resolve("scenery.yaml");
        Files.writeString(config, TestNode.withSmallStore(yaml));
        List<String> cmd = jvm(ChildClassArchive.options());
        cmd.add(env.getOrDefault("SCENERY_TEST_MAIN", "dev.scenery.Main"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("SCENERY_CONFIG", config.toString());
        pb.environment().put("SCENERY_DATA_DIR", dataDir.toString());
        pb.environment().put("SCENERY_HTTP_PORT", Integer.toString(port));
        pb.environment().putAll(env);
        return pb.start();
    }

    /** The command of a child JVM up to its main class: this JVM's module flags, a small heap, C1, more {@code options}. */
    static List<String> jvm(List<String> options) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("--add-") || arg.startsWith("-Dchronicle")) {
                cmd.add(arg);
            }
        }
        cmd.add("-Xmx256m");
        cmd.add("-XX:TieredStopAtLevel=1"); // C1 only: a child that lives seconds starts 20% sooner
        cmd.addAll(options);
        cmd.add("-cp");
        cmd.add(ChildClassArchive.classPath());
        return cmd;
    }

    /**
     * Starts a node on a given port, waiting until it is healthy: a restart on the port a balancer's
     * configuration already names (a first start uses {@link #start} and reports its port).
     */
    static ChildNode startOn(Path dir, String yaml, int port, java.util.Map<String, String> env) throws IOException, InterruptedException {
        Path log = Files.createTempFile(dir, "child-", ".log");
        ChildNode node = new ChildNode(launch(dir, yaml, port, dir.resolve("data"), log, env), port, log);
        node.awaitHealthy();
        return node;
    }

    String log() throws IOException {
        return Files.readString(log);
    }

    private void awaitHealthy() {
        try {
            org.awaitility.Awaitility.await("the child's /health").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(50)).ignoreExceptionsInstanceOf(IOException.class).until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException("child exited with " + process.exitValue() + ": " + Files.readString(log));
                        }
                        return get("/health").statusCode() == 200;
                    });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new IllegalStateException("child did not become healthy: " + readOrEmpty(log), e);
        }
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** SIGKILL: no shutdown hook, no clean close of the maps. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    void stop() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
