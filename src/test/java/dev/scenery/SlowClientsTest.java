package dev.scenery;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clients that declare a large body and then send nothing (or trickle it) hold neither the
 * in-flight budget nor their connection for long: everyone else's batches still get 202, and the
 * stalled upload gets 408 and a closed connection after the body-read timeout.
 */
@ExtendWith(VertxExtension.class)
class SlowClientsTest {
    static final long NOW = AcceptanceData.NOW;
    static final int IDLE_UPLOADS = 64;
    static final String BATCH = "[{\"type\":\"visit\",\"uid\":\"u\",\"sid\":\"s\",\"ts\":" + (NOW - 60_000) + ",\"scene\":1047}]";

    @TempDir
    Path dir;

    private static String yaml(int uploadsPerIp, int bodyReadTimeoutMillis) {
        return "apps:\n  - id: shop\n    public: true\nlimits:\n  requestsPerSecondPerIp: 0\n"
                + "  maxConcurrentUploadsPerIp: " + uploadsPerIp + "\n  bodyReadTimeoutMillis: " + bodyReadTimeoutMillis + "\n";
    }

    /** A raw connection that sends a request head declaring a 1 MiB body, then nothing more. */
    private static Socket idleUpload(int port, String localAddress) throws IOException {
        Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), port, InetAddress.getByName(localAddress), 0);
        socket.setSoTimeout(10_000);
        OutputStream out = socket.getOutputStream();
        out.write(("POST /v1/apps/shop/beacons HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: 1048576\r\n\r\n[").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }

    /** Everything the server sends until it closes the connection. */
    private static String readToClose(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    private static double gauge(TestNode node, String name) {
        for (String line : node.get("/metrics").bodyAsString().split("\n")) {
            if (line.startsWith(name + " ")) {
                return Double.parseDouble(line.substring(name.length() + 1));
            }
        }
        throw new AssertionError(name + " is not in /metrics");
    }

    /** Waits (at most 10 s) until the server receives n bodies. */
    private static void settle(TestNode node, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (gauge(node, "scenery_ingest_uploads") != n && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    private static void awaitUploads(TestNode node, int n) throws InterruptedException {
        settle(node, n);
        assertThat(gauge(node, "scenery_ingest_uploads")).as("uploads the server is receiving").isEqualTo(n);
    }

    /** Posts one small batch and checks that it is taken within a second. */
    private static void aNormalBatchIsTaken(WebClient client) {
        long start = System.nanoTime();
        HttpResponse<Buffer> r = client.post("/v1/apps/shop/beacons").putHeader("Content-Type", "application/json")
                .sendBuffer(Buffer.buffer(BATCH)).await();
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(202);
        assertThat(millis).as("milliseconds to 202").isLessThan(1000);
    }

    @Test
    void idleUploadsBeyondThePerIpCapDoNotReserveTheInflightBudget(Vertx vertx) throws Exception {
        // the cap is high: only counting received bytes (not declared ones) keeps the budget free
        // and the budget is small: one upload's declared 1 MiB (4 MiB reserved per body byte) would fill it
        try (TestNode node = TestNode.start(vertx, dir, NOW, yaml(1000, 30_000) + "  maxInflightBytes: 4194304\n")) {
            List<Socket> idle = new ArrayList<>();
            try {
                for (int i = 0; i < IDLE_UPLOADS; i++) {
                    idle.add(idleUpload(node.scenery.port(), "127.0.0.1"));
                }
                settle(node, IDLE_UPLOADS);
                aNormalBatchIsTaken(node.client);
                assertThat(gauge(node, "scenery_ingest_uploads")).as("idle uploads still open").isEqualTo(IDLE_UPLOADS);
                assertThat(gauge(node, "scenery_ingest_inflight_bytes")).as("bytes held by the idle uploads").isLessThan(IDLE_UPLOADS * 16);
            } finally {
                for (Socket s : idle) {
                    s.close();
                }
            }
            awaitUploads(node, 0);
            assertThat(gauge(node, "scenery_ingest_inflight_bytes")).isZero();
        }
    }

    @Test
    void oneAddressMaySendOnlySoManyBodiesAtOnce(Vertx vertx) throws Exception {
        try (TestNode node = TestNode.start(vertx, dir, NOW, yaml(8, 30_000))) {
            List<Socket> idle = new ArrayList<>();
            WebClient other = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
                    .setDefaultPort(node.scenery.port()).setLocalAddress("127.0.0.2"));
            try {
                for (int i = 0; i < IDLE_UPLOADS; i++) {
                    idle.add(idleUpload(node.scenery.port(), "127.0.0.1"));
                }
                awaitUploads(node, 8);
                List<String> answers = answersOf(idle, IDLE_UPLOADS - 8);
                assertThat(answers).hasSize(IDLE_UPLOADS - 8).allSatisfy(answer -> assertThat(answer).startsWith("HTTP/1.1 429")
                        .containsIgnoringCase("Retry-After: 1").contains("too many uploads at once from this address"));
                // another address is not held back by this one
                aNormalBatchIsTaken(other);
            } finally {
                other.close();
                for (Socket s : idle) {
                    s.close();
                }
            }
        }
    }

    /**
     * The answers the server sent on these connections (each read up to the end of its JSON body),
     * polled until {@code expected} of them are complete and then a little longer, so that an
     * answer too many would show.
     */
    private static List<String> answersOf(List<Socket> sockets, int expected) throws IOException, InterruptedException {
        StringBuilder[] texts = new StringBuilder[sockets.size()];
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        long settle = Long.MAX_VALUE;
        while (System.nanoTime() < Math.min(deadline, settle)) {
            int complete = 0;
            for (int i = 0; i < sockets.size(); i++) {
                InputStream in = sockets.get(i).getInputStream();
                int available = in.available();
                if (available > 0) {
                    texts[i] = texts[i] == null ? new StringBuilder() : texts[i];
                    texts[i].append(new String(in.readNBytes(available), StandardCharsets.UTF_8));
                }
                complete += texts[i] != null && texts[i].toString().endsWith("}") ? 1 : 0;
            }
            if (complete >= expected && settle == Long.MAX_VALUE) {
                settle = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
            }
            Thread.sleep(10);
        }
        List<String> answers = new ArrayList<>();
        for (StringBuilder t : texts) {
            if (t != null) {
                answers.add(t.toString());
            }
        }
        return answers;
    }

    @Test
    void aStalledUploadGets408AndItsConnectionIsClosed(Vertx vertx) throws Exception {
        try (TestNode node = TestNode.start(vertx, dir, NOW, yaml(16, 500))) {
            try (Socket s = idleUpload(node.scenery.port(), "127.0.0.1")) {
                long start = System.nanoTime();
                String answer = readToClose(s); // returns only once the server closes the connection
                long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                assertThat(answer).startsWith("HTTP/1.1 408");
                JsonObject error = new JsonObject(answer.substring(answer.indexOf("\r\n\r\n") + 4));
                assertThat(error.getInteger("status")).isEqualTo(408);
                assertThat(error.getString("error")).contains("did not arrive within 500 ms");
                assertThat(millis).as("milliseconds to 408").isGreaterThanOrEqualTo(400).isLessThan(5000);
            }
            awaitUploads(node, 0);
            assertThat(gauge(node, "scenery_ingest_inflight_bytes")).isZero();
            aNormalBatchIsTaken(node.client);
        }
    }

    @Test
    void aConnectionThatSendsNothingIsClosedAfterTheIdleTimeout(Vertx vertx) throws Exception {
        String yaml = "apps:\n  - id: shop\n    public: true\nlimits:\n  idleTimeoutSeconds: 1\n";
        try (TestNode node = TestNode.start(vertx, dir, NOW, yaml);
             Socket s = new Socket("127.0.0.1", node.scenery.port())) {
            s.setSoTimeout(10_000);
            long start = System.nanoTime();
            assertThat(s.getInputStream().read()).as("end of stream").isEqualTo(-1);
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(900).isLessThan(5000);
        }
    }
}
