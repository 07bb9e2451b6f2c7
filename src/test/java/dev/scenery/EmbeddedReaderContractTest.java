package dev.scenery;

import dev.scenery.query.FigureReader;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link FigureReaderContract} against the embedded reader over real Chronicle Map files: the data
 * set goes in through the HTTP API of a node, the node is stopped and started again over the same
 * files (the reader then reads what the files kept), and the contract is asked of its reader.
 */
class EmbeddedReaderContractTest extends FigureReaderContract {
    @TempDir
    static Path dir; // static: JUnit injects it before @BeforeAll
    private Vertx vertx;
    private TestNode node;

    @BeforeAll
    void ingestAndReopen() {
        vertx = Vertx.vertx();
        try (TestNode first = TestNode.start(vertx, dir, AcceptanceData.NOW)) {
            FigureContract.ingest(first, DATA.batches);
        }
        node = TestNode.start(vertx, dir, AcceptanceData.NOW);
    }

    @AfterAll
    void close() {
        if (node != null) {
            node.close();
        }
        vertx.close().await();
    }

    @Override
    String source() {
        return "embedded";
    }

    @Override
    FigureReader reader() {
        return node.scenery.figures();
    }
}
