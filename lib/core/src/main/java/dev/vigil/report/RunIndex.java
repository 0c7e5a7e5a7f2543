package dev.vigil.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The runs of one model, newest last ({@code reports/<model>/index.json}), so history needs no bucket listing.
 * Holds at most {@link #MAX_RUNS} entries (the oldest are dropped) and points at the champion's last good run, which
 * a failed run never moves.
 *
 * @param model model name
 * @param latestGood run id of the newest succeeded run of the champion, or null when none has
 * @param runs one entry per run, oldest first
 */
public record RunIndex(String model, String latestGood, List<Entry> runs) {
    public static final int MAX_RUNS = 1000;

    /**
     * One run in the index.
     *
     * @param runId the run's id
     * @param version model version evaluated
     * @param champion whether it was the champion then (false for a challenger evaluation)
     * @param status how the run ended
     * @param finishedAt when it finished
     * @param rowsScored rows scored
     * @param rowsRejected rows rejected
     * @param metrics what the run published (quality metrics only when judged on enough rows)
     * @param reportKey key of the run's JSON report
     * @param message the run's one-line message
     * @param slices what the run published under {model, slice}, by slice key then metric name
     */
    public record Entry(String runId, String version, boolean champion, RunStatus status, Instant finishedAt,
            long rowsScored, long rowsRejected, Map<String, Double> metrics, String reportKey, String message,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Map<String, Double>> slices) {
        public Entry {
            metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
            slices = slices == null ? Map.of() : RunReport.copyOfSlices(slices);
        }

        /** An entry of a run that published nothing under {model, slice}. */
        public Entry(String runId, String version, boolean champion, RunStatus status, Instant finishedAt,
                long rowsScored, long rowsRejected, Map<String, Double> metrics, String reportKey, String message) {
            this(runId, version, champion, status, finishedAt, rowsScored, rowsRejected, metrics, reportKey, message,
                    null);
        }
    }

    public RunIndex {
        runs = runs == null ? List.of() : List.copyOf(runs);
    }

    public static RunIndex empty(String model) {
        return new RunIndex(model, null, List.of());
    }

    /**
     * This index with {@code entry} added (replacing an entry of the same run id, which a retried run writes), ordered
     * by finish time and trimmed to {@link #MAX_RUNS}; {@code latestGood} moves only for a succeeded run of the
     * champion (a challenger's run is history, not the model's report) at least as new as the current one.
     */
    public RunIndex with(Entry entry) {
        List<Entry> next = new ArrayList<>(runs.stream().filter(e -> !e.runId().equals(entry.runId())).toList());
        next.add(entry);
        next.sort(Comparator.comparing(Entry::finishedAt)); // stable: runs finishing together keep recording order
        if (next.size() > MAX_RUNS) {
            next = next.subList(next.size() - MAX_RUNS, next.size());
        }
        String good = latestGood;
        if (entry.status() == RunStatus.SUCCEEDED && entry.champion()) {
            Entry current = good == null ? null
                    : runs.stream().filter(e -> e.runId().equals(latestGood)).findFirst().orElse(null);
            if (current == null || !entry.finishedAt().isBefore(current.finishedAt())) {
                good = entry.runId();
            }
        }
        return new RunIndex(model, good, next);
    }
}
