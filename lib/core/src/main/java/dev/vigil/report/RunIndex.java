package dev.vigil.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.vigil.estimation.EstimatedValue;
import dev.vigil.estimation.LabelledCalibration;
import dev.vigil.metrics.VigilMetric;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
     * @param source a run over served traffic's source ({@code traffic} or {@code capture}); null for labelled data
     * @param windowStart a run over served traffic's window start; null otherwise
     * @param windowEnd its window end; null otherwise
     * @param estimated a capture run's estimated metrics with their ranges, published or not, by published name
     * @param calibrationExcessError the part of the published calibration error sampling alone does not explain;
     *     null when the run published none
     */
    public record Entry(String runId, String version, boolean champion, RunStatus status, Instant finishedAt,
            long rowsScored, long rowsRejected, Map<String, Double> metrics, String reportKey, String message,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Map<String, Double>> slices,
            @JsonInclude(JsonInclude.Include.NON_NULL) String source,
            @JsonInclude(JsonInclude.Include.NON_NULL) Instant windowStart,
            @JsonInclude(JsonInclude.Include.NON_NULL) Instant windowEnd,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, EstimatedValue> estimated,
            @JsonInclude(JsonInclude.Include.NON_NULL) Double calibrationExcessError) {
        public Entry {
            metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
            slices = slices == null ? Map.of() : RunReport.copyOfSlices(slices);
            estimated = estimated == null ? Map.of() : Map.copyOf(estimated);
        }

        /** An entry without a calibration excess error. */
        public Entry(String runId, String version, boolean champion, RunStatus status, Instant finishedAt,
                long rowsScored, long rowsRejected, Map<String, Double> metrics, String reportKey, String message,
                Map<String, Map<String, Double>> slices, String source, Instant windowStart, Instant windowEnd,
                Map<String, EstimatedValue> estimated) {
            this(runId, version, champion, status, finishedAt, rowsScored, rowsRejected, metrics, reportKey, message,
                    slices, source, windowStart, windowEnd, estimated, null);
        }

        /** An entry without a window or estimate (a run over labelled data). */
        public Entry(String runId, String version, boolean champion, RunStatus status, Instant finishedAt,
                long rowsScored, long rowsRejected, Map<String, Double> metrics, String reportKey, String message,
                Map<String, Map<String, Double>> slices) {
            this(runId, version, champion, status, finishedAt, rowsScored, rowsRejected, metrics, reportKey, message,
                    slices, null, null, null, Map.of());
        }

        /** An entry of a run that published nothing under {model, slice}, without a window or estimate. */
        public Entry(String runId, String version, boolean champion, RunStatus status, Instant finishedAt,
                long rowsScored, long rowsRejected, Map<String, Double> metrics, String reportKey, String message) {
            this(runId, version, champion, status, finishedAt, rowsScored, rowsRejected, metrics, reportKey, message,
                    null, null, null, null, Map.of());
        }
    }

    public RunIndex {
        runs = runs == null ? List.of() : List.copyOf(runs);
    }

    public static RunIndex empty(String model) {
        return new RunIndex(model, null, List.of());
    }

    /**
     * The calibration of {@code version} on its newest succeeded run that published an expected calibration error
     * (a labelled run judged on enough rows); empty when none did.
     */
    public Optional<LabelledCalibration> latestCalibration(String version) {
        String name = VigilMetric.EXPECTED_CALIBRATION_ERROR.publishedName();
        for (int i = runs.size() - 1; i >= 0; i--) {
            Entry e = runs.get(i);
            if (e.status() == RunStatus.SUCCEEDED && e.version().equals(version) && e.metrics().containsKey(name)) {
                double excess = e.calibrationExcessError() == null ? Double.NaN : e.calibrationExcessError();
                return Optional.of(new LabelledCalibration(e.runId(), e.finishedAt(), e.metrics().get(name), excess));
            }
        }
        return Optional.empty();
    }

    /** The newest succeeded capture run of {@code version} over exactly this window that made an estimate. */
    public Optional<Entry> estimateOf(String version, Instant windowStart, Instant windowEnd) {
        for (int i = runs.size() - 1; i >= 0; i--) {
            Entry e = runs.get(i);
            if (e.status() == RunStatus.SUCCEEDED && e.version().equals(version) && !e.estimated().isEmpty()
                    && ServedTraffic.CAPTURE.equals(e.source()) && windowStart.equals(e.windowStart())
                    && windowEnd.equals(e.windowEnd())) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
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
