package dev.scenery;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sends the generated acceptance data set through the real HTTP API and checks every figure of
 * every query route against the ground truth ({@link FigureContract}, embedded store), then
 * restarts the node on the same data directory and checks again.
 */
@ExtendWith(VertxExtension.class)
class AcceptanceTest {
    static final String[] DIMENSIONS = FigureContract.DIMENSIONS;
    static final String[] METRICS = FigureContract.METRICS;

    @TempDir
    Path dir;

    @Test
    void everyFigureOfEveryRouteMatchesTheGroundTruthBeforeAndAfterARestart(Vertx vertx) {
        AcceptanceData data = new AcceptanceData();
        try (TestNode node = TestNode.start(vertx, dir, AcceptanceData.NOW)) {
            FigureContract.ingest(node, data.batches);
            FigureContract.checkAll(node, data.visits, "embedded");
            CompareContract.checkAll(node, data);
        }
        try (TestNode restarted = TestNode.start(vertx, dir, AcceptanceData.NOW)) {
            FigureContract.checkAll(restarted, data.visits, "embedded");
        }
    }

    static void assertVisitors(long got, long want, boolean exact, String where) {
        FigureContract.assertVisitors(got, want, exact, where);
    }
}
