package dev.scenery;

import dev.scenery.query.FigureReader;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link FigureReaderContract} against the PostgreSQL reader over a real database: one node takes
 * the data set and flushes it, and the contract is asked of the reader of a second node with an
 * empty embedded store, so every figure comes from PostgreSQL's rollup rows.
 */
class PostgresReaderContractIT extends FigureReaderContract {
    @TempDir
    static Path dir; // static: JUnit injects it before @BeforeAll
    private PgTestDatabase db;
    private Vertx vertx;
    private TestNode reading;

    @BeforeAll
    void ingestFlushAndOpenAReader() throws Exception {
        db = PgTestDatabase.create("reader_contract");
        vertx = Vertx.vertx();
        try (TestNode writing = TestNode.start(vertx, Files.createDirectories(dir.resolve("writer")), AcceptanceData.NOW,
                PostgresAcceptanceIT.yaml(db.url(), "writer", 0))) {
            FigureContract.ingest(writing, DATA.batches);
            PostgresAcceptanceIT.flush(writing);
        }
        reading = TestNode.start(vertx, Files.createDirectories(dir.resolve("reader")), AcceptanceData.NOW,
                PostgresAcceptanceIT.yaml(db.url(), "reader", 0));
    }

    @AfterAll
    void close() throws Exception {
        if (reading != null) {
            reading.close();
        }
        if (vertx != null) {
            vertx.close().await();
        }
        if (db != null) {
            db.close();
        }
    }

    @Override
    String source() {
        return "postgres";
    }

    @Override
    FigureReader reader() {
        return reading.scenery.figures();
    }
}
