package dev.vigil.report;

import dev.vigil.dataset.RejectionSummary;
import dev.vigil.drift.DriftReport;
import dev.vigil.evaluation.MetricReport;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON report of one evaluation run ({@code reports/<model>/runs/<runId>/report.json}): what was evaluated, on
 * what data, with which configuration, and what came of it. Also the input of the HTML report.
 *
 * @param schemaVersion version of this document's layout
 * @param runId sortable run id (UTC start time, then a random suffix)
 * @param status how the run ended
 * @param message a sentence for people: why it failed, why there was no data, or whether metrics were too few to judge
 * @param startedAt when the run started
 * @param finishedAt when it finished
 * @param model the model version evaluated
 * @param configuration the configuration used
 * @param lineage what was read
 * @param rowsRead records read (scored plus rejected)
 * @param rowsScored rows scored by the model
 * @param rowsRejected rows rejected as malformed
 * @param rejections rejected rows per reason, with examples
 * @param metrics every metric beside the constant predictor's; null when nothing was scored
 * @param drift feature and prediction drift; null without a baseline or rows
 * @param curves ROC and precision-recall curves (classification only)
 * @param published the CloudWatch metrics this run published (name to value)
 */
public record RunReport(
        int schemaVersion,
        String runId,
        RunStatus status,
        String message,
        Instant startedAt,
        Instant finishedAt,
        EvaluatedModel model,
        RunConfiguration configuration,
        Lineage lineage,
        long rowsRead,
        long rowsScored,
        long rowsRejected,
        RejectionSummary rejections,
        MetricReport metrics,
        DriftReport drift,
        List<Curve> curves,
        Map<String, Double> published) {

    public static final int SCHEMA_VERSION = 1;

    public RunReport {
        rejections = rejections == null ? RejectionSummary.NONE : rejections;
        curves = curves == null ? List.of() : List.copyOf(curves);
        published = published == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(published));
    }

    /** Rejected rows as a fraction of rows read; 0 when nothing was read. */
    public double rejectedFraction() {
        return rowsRead == 0 ? 0.0 : (double) rowsRejected / rowsRead;
    }

    /** This report with the metrics it published recorded. */
    public RunReport withPublished(Map<String, Double> values) {
        return new RunReport(schemaVersion, runId, status, message, startedAt, finishedAt, model, configuration,
                lineage, rowsRead, rowsScored, rowsRejected, rejections, metrics, drift, curves, values);
    }
}
