package dev.scenery.embedded.engine;

import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;

/** Work other threads hand to the writer thread, run between two write plans. */
final class WriterTasks {
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final WriterThread onThread;
    private final Runnable wake;

    /** @param wake makes the writer look at its tasks soon (a full queue means it is busy and will) */
    WriterTasks(WriterThread onThread, Runnable wake) {
        this.onThread = onThread;
        this.wake = wake;
    }

    <T> CompletableFuture<T> submit(Function<WriterThread, T> task, boolean writerStopped) {
        CompletableFuture<T> done = new CompletableFuture<>();
        if (writerStopped) {
            done.completeExceptionally(new IllegalStateException("the writer is stopped"));
            return done;
        }
        tasks.add(() -> {
            try {
                done.complete(task.apply(onThread));
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        wake.run();
        return done;
    }

    /** Runs every task waiting, on the writer thread (or once it has ended). */
    void runAll() {
        Runnable task;
        while ((task = tasks.poll()) != null) {
            task.run();
        }
    }
}
