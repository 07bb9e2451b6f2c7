package dev.scenery.postgres;

import dev.scenery.embedded.StoreException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;

/**
 * The node id a data directory flushes under, recorded in {@value #FILE} the first time the
 * directory is used in PostgreSQL mode. The rows of a node are the absolute values of its
 * embedded buckets: flushing one directory under two ids, or two directories under one id, would
 * count buckets twice or overwrite them, so a configured id must match the recorded one.
 */
final class NodeIdentity {
    static final String FILE = "postgres-node-id";

    private NodeIdentity() {
    }

    static String resolve(Path dataDir, String configured) {
        Path file = dataDir.resolve(FILE);
        try {
            String recorded = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8).trim() : null;
            if (recorded != null && !recorded.isEmpty()) {
                if (configured != null && !configured.equals(recorded)) {
                    throw new StoreException("data directory " + dataDir + " flushes to PostgreSQL as node '" + recorded
                            + "' but postgres.nodeId (or SCENERY_NODE_ID) is '" + configured + "': use '" + recorded
                            + "', or a new data directory for a new node id");
                }
                return recorded;
            }
            String id = configured != null ? configured : "node-" + UUID.randomUUID().toString().substring(0, 8);
            Path tmp = dataDir.resolve(FILE + ".tmp");
            Files.writeString(tmp, id + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return id;
        } catch (IOException e) {
            throw new StoreException("cannot read or write " + file + ": " + e, e);
        }
    }
}
