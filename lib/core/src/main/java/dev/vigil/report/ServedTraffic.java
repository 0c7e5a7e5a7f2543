package dev.vigil.report;

import dev.vigil.dataset.RejectionSummary;
import dev.vigil.drift.DriftReport;
import dev.vigil.evaluation.MetricReport;
import dev.vigil.traffic.CaptureCounts;
import dev.vigil.traffic.LabelConflicts;
import dev.vigil.traffic.LabelCounts;
import dev.vigil.traffic.PredictionCounts;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a run over served traffic saw, for its report: the window of serving time, where every capture record and
 * every label record went (the join's accounting), label coverage and delay, conflicting labels, and the result of
 * each model version that served in the window, judged on its own predictions.
 *
 * @param source {@code traffic} (captured predictions joined with their labels) or {@code capture} (captured inputs
 *     and outputs against the baseline, no labels)
 * @param windowStart first instant of the window of serving time
 * @param windowEnd first instant after it
 * @param capture the capture side of the accounting
 * @param predictions the window's predictions, all versions together
 * @param labels the label side of the accounting (all zero for a capture run)
 * @param coverage joined / predictions; NaN when there were none
 * @param labelDelayP50Seconds median time from serving to labelling of the joined predictions; NaN without any
 * @param labelDelayP95Seconds its 95th percentile; NaN without any
 * @param labelDelayMaxSeconds the longest; NaN without any
 * @param conflicts ids given two or more different labels, with examples
 * @param captureRejections capture records that could not be read, per reason, with examples
 * @param labelRejections label records that could not be used, per reason, with examples
 * @param versions per serving version, in version order
 * @param shadow candidate versions scored on the joined predictions other versions served (shadow evaluation)
 */
public record ServedTraffic(
        String source,
        Instant windowStart,
        Instant windowEnd,
        CaptureCounts capture,
        PredictionCounts predictions,
        LabelCounts labels,
        double coverage,
        double labelDelayP50Seconds,
        double labelDelayP95Seconds,
        double labelDelayMaxSeconds,
        LabelConflicts conflicts,
        RejectionSummary captureRejections,
        RejectionSummary labelRejections,
        List<VersionResult> versions,
        List<ShadowResult> shadow) {

    /** {@link #source} of a run that joins captured predictions with their labels. */
    public static final String TRAFFIC = "traffic";
    /** {@link #source} of a run that compares captured inputs and outputs with the baseline. */
    public static final String CAPTURE = "capture";

    public ServedTraffic {
        Objects.requireNonNull(source, "source");
        capture = capture == null ? CaptureCounts.NONE : capture;
        predictions = predictions == null ? PredictionCounts.NONE : predictions;
        labels = labels == null ? LabelCounts.NONE : labels;
        conflicts = conflicts == null ? LabelConflicts.NONE : conflicts;
        captureRejections = captureRejections == null ? RejectionSummary.NONE : captureRejections;
        labelRejections = labelRejections == null ? RejectionSummary.NONE : labelRejections;
        versions = versions == null ? List.of() : List.copyOf(versions);
        shadow = shadow == null ? List.of() : List.copyOf(shadow);
    }

    /** The result of the version named {@code version}, or null when it served nothing in the window. */
    public VersionResult version(String version) {
        return versions.stream().filter(v -> v.version().equals(version)).findFirst().orElse(null);
    }

    /**
     * One model version's share of the window.
     *
     * @param version the version
     * @param evaluated whether it is the version the run evaluates (the champion, unless the run named one)
     * @param counts its predictions in the window, joined and unlabelled
     * @param metrics its quality metrics on its joined predictions; null when none joined
     * @param drift its inputs and outputs against its own baseline (capture runs); null otherwise
     */
    public record VersionResult(String version, boolean evaluated, PredictionCounts counts, MetricReport metrics,
            DriftReport drift) {
        public VersionResult {
            Objects.requireNonNull(version, "version");
            counts = counts == null ? PredictionCounts.NONE : counts;
        }
    }

    /**
     * A candidate scored on the captured features of predictions another version served and that met their labels:
     * both versions judged on exactly the same rows. Kept in the report and the index, never published: it informs
     * a promotion and must not move an alarm.
     *
     * @param servedBy the version that served the predictions
     * @param candidate the version scored in its shadow
     * @param rows joined predictions both scored
     * @param notShadowed joined predictions the candidate could not score (a feature it needs was not captured as a
     *     number, or the label is not one of its classes)
     * @param served the serving version's metrics on those rows
     * @param candidateMetrics the candidate's metrics on the same rows
     */
    public record ShadowResult(String servedBy, String candidate, long rows, long notShadowed, MetricReport served,
            MetricReport candidateMetrics) {
        public ShadowResult {
            Objects.requireNonNull(servedBy, "servedBy");
            Objects.requireNonNull(candidate, "candidate");
        }
    }
}
