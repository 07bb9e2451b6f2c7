package dev.scenery;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Debian's HAProxy run by a test with the shipped {@code deploy/haproxy.cfg} (the addresses come
 * from the environment, as in {@code deploy/start-local.sh}), in the foreground as a child process.
 */
final class Haproxy implements AutoCloseable {
    static final Path CONFIG = Path.of("deploy/haproxy.cfg");
    final int port;
    final int statsPort;
    private final Process process;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private Haproxy(Process process, int port, int statsPort, Path log) {
        this.process = process;
        this.port = port;
        this.statsPort = statsPort;
        this.log = log;
    }

    /**
     * Starts HAProxy on two free ports; a port taken by someone else between our choosing it and
     * HAProxy binding it (HAProxy cannot bind port 0 and say which it got) makes it exit: then it
     * starts again on two other ports.
     */
    static Haproxy start(Path dir, List<Integer> nodePorts) throws IOException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                return startOnce(dir, nodePorts);
            } catch (PortTaken e) {
                if (attempt == 3) {
                    throw new AssertionError(e.getMessage(), e);
                }
            }
        }
    }

    /** HAProxy exited at its start because a port it was given was taken. */
    private static final class PortTaken extends IOException {
        PortTaken(String log) {
            super("haproxy could not bind its ports: " + log);
        }
    }

    private static Haproxy startOnce(Path dir, List<Integer> nodePorts) throws IOException, InterruptedException {
        int port = ChildNode.freePort();
        int stats = ChildNode.freePort();
        Path log = Files.createTempFile(dir, "haproxy-", ".log");
        ProcessBuilder pb = new ProcessBuilder("haproxy", "-f", CONFIG.toAbsolutePath().toString(), "-db")
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("SCENERY_LB_BIND", "127.0.0.1:" + port);
        pb.environment().put("SCENERY_LB_STATS", "127.0.0.1:" + stats);
        for (int i = 0; i < nodePorts.size(); i++) {
            pb.environment().put("SCENERY_NODE" + (i + 1), "127.0.0.1:" + nodePorts.get(i));
        }
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new AssertionError("cannot run haproxy (apt-get install haproxy; scripts/test installs it): " + e, e);
        }
        Haproxy lb = new Haproxy(p, port, stats, log);
        lb.awaitServersUp(nodePorts.size());
        return lb;
    }

    /** Waits until the beacons backend shows this many servers UP (its health checks passed). */
    void awaitServersUp(int n) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                String text = Files.readString(log);
                if (text.contains("cannot bind socket") || text.contains("Address already in use")) {
                    throw new PortTaken(text);
                }
                throw new AssertionError("haproxy exited: " + text);
            }
            try {
                if (serversUp() == n) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("haproxy did not see " + n + " servers up: " + Files.readString(log));
    }

    /** Servers of the beacons backend whose status is UP, from the stats CSV. */
    int serversUp() throws IOException, InterruptedException {
        String csv = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + statsPort + "/stats;csv")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        int up = 0;
        for (String line : csv.split("\n")) {
            String[] f = line.split(",");
            if (f.length > 17 && f[0].equals("beacons") && f[1].startsWith("node") && f[17].equals("UP")) {
                up++;
            }
        }
        return up;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }
}
