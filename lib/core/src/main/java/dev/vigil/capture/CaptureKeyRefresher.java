package dev.vigil.capture;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Refreshes a {@link CaptureKeySource} off the request path: on one daemon thread, every {@code interval} (counted
 * from the end of the previous refresh), and at once on {@link #refreshNow()} (after a SnapStart restore). A refresh
 * that throws does not end the schedule. {@link #close()} stops the thread; a refresh under way is interrupted.
 */
public final class CaptureKeyRefresher implements AutoCloseable {
    /** The name of the refresher's thread, as thread dumps show it. */
    public static final String THREAD_NAME = "vigil-capture-key-refresh";

    private final CaptureKeySource source;
    private final ScheduledExecutorService executor;
    private final ScheduledFuture<?> schedule;

    private CaptureKeyRefresher(CaptureKeySource source, Duration interval) {
        this.source = source;
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, THREAD_NAME);
            thread.setDaemon(true);
            return thread;
        });
        pool.setRemoveOnCancelPolicy(true);
        this.executor = pool;
        long nanos = interval.toNanos();
        this.schedule = pool.scheduleWithFixedDelay(this::refreshQuietly, nanos, nanos, TimeUnit.NANOSECONDS);
    }

    /**
     * Starts refreshing {@code source} every {@code interval}; the first refresh is one interval from now (the source
     * read its key when it was created).
     *
     * @throws IllegalArgumentException when the interval is not positive
     */
    public static CaptureKeyRefresher start(CaptureKeySource source, Duration interval) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(interval, "interval");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("the capture key refresh interval must be positive; it is " + interval);
        }
        return new CaptureKeyRefresher(source, interval);
    }

    /** Asks for a refresh on the refresher's thread as soon as it is free; returns at once. Ignored once closed. */
    public void refreshNow() {
        if (!executor.isShutdown()) {
            try {
                executor.execute(this::refreshQuietly);
            } catch (RejectedExecutionException closed) {
                // closed meanwhile: nothing to refresh for
            }
        }
    }

    /** Stops the schedule and the thread. */
    @Override
    public void close() {
        schedule.cancel(false);
        executor.shutdownNow();
    }

    private void refreshQuietly() {
        try {
            source.refresh();
        } catch (RuntimeException e) {
            // CaptureKeySource.refresh() reports its own failures; one that throws anyway must not end the schedule
        }
    }
}
