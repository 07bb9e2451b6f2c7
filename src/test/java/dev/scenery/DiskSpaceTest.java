package dev.scenery;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full disk gives a clear message: at start (exit code 3) and while running (507, nothing
 * written, the service keeps answering). Uses a small tmpfs, which needs root (as the test
 * machines and CI have); without it the test fails saying so.
 */
@ExtendWith(VertxExtension.class)
class DiskSpaceTest {
    static final String SMALL_STORE = "store:\n  initialBuckets: 20000\n  initialUsers: 20000\n  initialEventIdsPerDay: 20000\n";

    @TempDir
    Path dir;
    Path disk;

    private void mountTmpfs(String size) throws Exception {
        disk = Files.createDirectories(dir.resolve("disk"));
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", disk.toString())
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("mounting a tmpfs to fill (needs root): " + new String(p.getInputStream().readAllBytes()))
                .isZero();
    }

    @AfterEach
    void unmount() throws Exception {
        if (disk != null) {
            new ProcessBuilder("umount", "-l", disk.toString()).start().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aDiskWithoutRoomStopsTheStartWithExitCode3() throws Exception {
        mountTmpfs("8m");
        Path log = dir.resolve("full.log");
        Process p = ChildNode.launch(dir, "apps:\n  - id: shop\n" + SMALL_STORE, 0, disk.resolve("data"), log);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(3);
        assertThat(Files.readString(log)).contains("bytes free").contains("store.minFreeBytes");
    }

    @Test
    void aDiskThatFillsUpWhileRunningRefusesBatchesWith507AndRecovers(Vertx vertx) throws Exception {
        mountTmpfs("160m");
        String yaml = "apps:\n  - id: shop\n    public: true\n" + SMALL_STORE;
        try (TestNode node = TestNode.start(vertx, disk, AcceptanceData.NOW, yaml)) {
            String batch = "[{\"type\":\"visit\",\"uid\":\"u1\",\"sid\":\"s\",\"ts\":" + (AcceptanceData.NOW - 1000) + "}]";
            assertThat(node.postJson("/v1/apps/shop/beacons", batch).statusCode()).isEqualTo(202);

            long free = Files.getFileStore(disk).getUsableSpace();
            Path filler = disk.resolve("filler");
            try (RandomAccessFile f = new RandomAccessFile(filler.toFile(), "rw")) {
                byte[] chunk = new byte[1 << 20];
                for (long written = 0; written < free - (32L << 20); written += chunk.length) {
                    f.write(chunk);
                }
            }
            HttpResponse<Buffer> full = node.postJson("/v1/apps/shop/beacons", batch.replace("u1", "u2"));
            assertThat(full.statusCode()).as(full.bodyAsString()).isEqualTo(507);
            assertThat(full.getHeader("Retry-After")).isNotBlank();
            assertThat(full.bodyAsJsonObject().getString("error")).contains("disk");
            assertThat(node.getJson("/ready").getJsonObject("store").getLong("freeBytes")).isLessThan(64L << 20);

            Files.delete(filler);
            assertThat(node.postJson("/v1/apps/shop/beacons", batch.replace("u1", "u3")).statusCode()).isEqualTo(202);
            assertThat(node.getJson("/v1/apps/shop/scenes?range=today").getJsonObject("total").getLong("opens")).isEqualTo(2);
        }
    }
}
