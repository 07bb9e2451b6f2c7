package dev.scenery.embedded.log;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A file mapped read-write as one buffer, remapped larger on demand. What is written stays in the
 * page cache, which outlives the process; nothing is forced to disk before {@link #close}.
 */
final class MappedFile implements AutoCloseable {
    private final FileChannel channel;
    private final String what;
    private MappedByteBuffer map;

    /** Opens (or creates) {@code file}, mapping at least {@code initialSize} bytes; {@code what} names it in errors. */
    MappedFile(Path file, long initialSize, String what) {
        this.what = what;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            map = channel.map(FileChannel.MapMode.READ_WRITE, 0, Math.max(channel.size(), initialSize));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + what + " " + file + ": " + e.getMessage(), e);
        }
    }

    MappedByteBuffer buffer() {
        return map;
    }

    /** The buffer, remapped (doubling) first if it holds fewer than {@code needed} bytes. */
    MappedByteBuffer ensureCapacity(long needed) {
        if (needed <= map.capacity()) {
            return map;
        }
        long size = map.capacity();
        while (size < needed) {
            size *= 2;
        }
        if (size > Integer.MAX_VALUE) {
            throw new IllegalStateException("a record of " + needed + " bytes does not fit the " + what);
        }
        try {
            // no force(): a larger mapping of the same file sees what was written (an fsync here
            // cost the writer 100+ ms pauses)
            map = channel.map(FileChannel.MapMode.READ_WRITE, 0, size);
            return map;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot grow the " + what + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws IOException {
        map.force();
        channel.close();
    }
}
