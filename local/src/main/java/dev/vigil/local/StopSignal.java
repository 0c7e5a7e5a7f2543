package dev.vigil.local;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Blocks a long-running command until Ctrl-C (or a time limit), then lets it shut down in order: the JVM's shutdown
 * hook releases the command and waits up to {@value #GRACE_SECONDS} seconds for it to finish closing.
 */
final class StopSignal implements AutoCloseable {
    private static final int GRACE_SECONDS = 20;

    private final CountDownLatch stop = new CountDownLatch(1);
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Thread hook = new Thread(this::onShutdown, "vigil-shutdown");

    StopSignal() {
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Waits for Ctrl-C, or for {@code limit} when not null; true when it was Ctrl-C. */
    boolean await(Duration limit) throws InterruptedException {
        if (limit == null) {
            stop.await();
            return true;
        }
        return stop.await(limit.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Returns once {@code done} completes or Ctrl-C arrives, whichever is first. */
    // whenComplete's own future only mirrors done, and its callback (a count-down) cannot throw.
    @SuppressWarnings("FutureReturnValueIgnored")
    void awaitEither(CompletableFuture<?> done, Duration limit) throws InterruptedException {
        done.whenComplete((v, e) -> stop.countDown());
        await(limit);
    }

    private void onShutdown() {
        stop.countDown();
        try {
            closed.await(GRACE_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The command has closed everything; a shutdown in progress may finish. */
    @Override
    public void close() {
        closed.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running and is waiting for the countdown above
        }
    }
}
