package dev.vigil.local.retrain;

import dev.vigil.training.Retrainer;
import dev.vigil.retrain.RetrainLaunchException;
import dev.vigil.retrain.RetrainLauncher;
import dev.vigil.retrain.RetrainRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The retrain-trigger's in-process backend: {@link #start} queues a {@link Retrainer} run on one background thread
 * and returns its execution id at once, as StartPipelineExecution would. Runs execute one at a time; a second start
 * with the same idempotency key returns the first run's id. The listener hears when a run starts and finishes (the
 * local runner reports completion to the retrain-trigger from there, as a pipeline's last step would).
 */
public final class InProcessRetrainLauncher implements RetrainLauncher, AutoCloseable {
    /** The backend name the retrain-trigger records for runs started here. */
    public static final String BACKEND = "in-process";
    private static final DateTimeFormatter ID_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final Retrainer retrainer;
    private final Listener listener;
    private final Clock clock;
    private final ExecutorService runs = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "vigil-retrain");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, String> byKey = new HashMap<>();
    private Future<?> last;

    public InProcessRetrainLauncher(Retrainer retrainer, Listener listener, Clock clock) {
        this.retrainer = Objects.requireNonNull(retrainer, "retrainer");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public synchronized String start(RetrainRequest request) {
        String existing = byKey.get(request.idempotencyKey());
        if (existing != null) {
            return existing;
        }
        String executionId = "local-" + request.modelName() + "-" + ID_TIME.format(clock.instant()) + "-"
                + request.idempotencyKey().substring(0, Math.min(8, request.idempotencyKey().length()));
        try {
            last = runs.submit(() -> run(executionId, request));
        } catch (RejectedExecutionException e) {
            throw new RetrainLaunchException("the local runner is shutting down", false, e);
        }
        byKey.put(request.idempotencyKey(), executionId);
        return executionId;
    }

    private void run(String executionId, RetrainRequest request) {
        listener.started(executionId, request);
        Retrainer.Result result = retrainer.retrain(executionId, request);
        listener.finished(executionId, request, result);
    }

    /**
     * Waits until every run started so far has finished.
     *
     * @return false when {@code limit} passed first
     */
    public boolean awaitIdle(Duration limit) throws InterruptedException {
        Future<?> pending;
        synchronized (this) {
            pending = last;
        }
        if (pending == null) {
            return true;
        }
        try {
            pending.get(limit.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return true;
        }
    }

    /** Lets a running retrain finish (up to a minute), then stops the background thread. */
    @Override
    public void close() {
        runs.shutdown();
        try {
            if (!runs.awaitTermination(1, TimeUnit.MINUTES)) {
                runs.shutdownNow();
            }
        } catch (InterruptedException e) {
            runs.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /** Hears about runs; called on the retrain thread. */
    public interface Listener {
        void started(String executionId, RetrainRequest request);

        void finished(String executionId, RetrainRequest request, Retrainer.Result result);
    }
}
