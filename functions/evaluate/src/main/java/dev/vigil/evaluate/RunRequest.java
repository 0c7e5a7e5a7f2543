package dev.vigil.evaluate;

import dev.vigil.dataset.DatasetWindow;

/**
 * What an invocation asks to evaluate.
 *
 * @param model model name
 * @param version the version to evaluate, or null for the champion
 * @param prefix where the labelled data lives, or null for {@code labelled/<model>/}
 * @param window which objects to read
 * @param options how to evaluate
 * @param runId a caller-chosen run id (e.g. the Step Functions execution name), or null for a new one
 * @param traffic for a run over served traffic, which window of it; null for a run over labelled data
 */
public record RunRequest(String model, String version, String prefix, DatasetWindow window, EvaluationOptions options,
        String runId, TrafficRequest traffic, boolean challenger) {
    /** Evaluates the last 7 days when no window is given: a rolling week, re-evaluated on every schedule. */
    public static final DatasetWindow DEFAULT_WINDOW = new DatasetWindow.LastDays(7);

    /** A run over labelled data. */
    public RunRequest(String model, String version, String prefix, DatasetWindow window, EvaluationOptions options,
            String runId) {
        this(model, version, prefix, window, options, runId, null, false);
    }

    /** A run over labelled data or served traffic, publishing as the champion when it evaluates the champion. */
    public RunRequest(String model, String version, String prefix, DatasetWindow window, EvaluationOptions options,
            String runId, TrafficRequest traffic) {
        this(model, version, prefix, window, options, runId, traffic, false);
    }

    public RunRequest {
        window = window == null ? DEFAULT_WINDOW : window;
        options = options == null ? EvaluationOptions.DEFAULT : options;
    }
}
