package dev.vigil.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.vigil.dataset.RejectionSummary;
import dev.vigil.drift.DriftReport;
import dev.vigil.estimation.CalibrationReport;
import dev.vigil.estimation.EstimateComparison;
import dev.vigil.estimation.EstimationSection;
import dev.vigil.evaluation.MetricReport;
import dev.vigil.slices.SliceReport;
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
 * @param traffic what a run over served traffic saw (window, join accounting, coverage, delay, per-version
 *     results); null for a run over labelled data
 * @param published the CloudWatch metrics this run published (name to value)
 * @param slices the slices and fairness section, when the manifest declares slices or protected attributes and
 *     rows were scored; null otherwise
 * @param publishedSlices the slice and fairness metrics this run published under {model, slice}, by slice key then
 *     metric name (a champion's run only: alarms watch these)
 * @param calibration a classifier's calibration on the labelled rows (expected calibration error and reliability
 *     diagram); null without labels or for regression
 * @param estimation a capture run's performance estimated from the probabilities, and whether it was published;
 *     null otherwise
 * @param estimateCheck a labelled traffic run's comparison with the estimate made for its window before the labels
 *     arrived; null when there was none
 * @param alarms one sentence per quality alarm of the model on this run's metrics ({@link AlarmSentence}); empty
 *     when the run has no metrics
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
        @JsonInclude(JsonInclude.Include.NON_NULL) ServedTraffic traffic,
        Map<String, Double> published,
        @JsonInclude(JsonInclude.Include.NON_NULL) SliceReport slices,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Map<String, Double>> publishedSlices,
        @JsonInclude(JsonInclude.Include.NON_NULL) CalibrationReport calibration,
        @JsonInclude(JsonInclude.Include.NON_NULL) EstimationSection estimation,
        @JsonInclude(JsonInclude.Include.NON_NULL) EstimateComparison estimateCheck,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<AlarmSentence> alarms) {

    /**
     * 2 adds {@link #traffic}; 3 adds {@link #calibration}, {@link #estimation} and {@link #estimateCheck}. Older
     * reports read with the newer components null.
     */
    public static final int SCHEMA_VERSION = 3;

    public RunReport {
        rejections = rejections == null ? RejectionSummary.NONE : rejections;
        curves = curves == null ? List.of() : List.copyOf(curves);
        published = published == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(published));
        alarms = alarms == null ? List.of() : List.copyOf(alarms);
        publishedSlices = publishedSlices == null ? Map.of() : copyOfSlices(publishedSlices);
    }

    /** An unmodifiable copy of slice values, keeping the order of slices and metrics. */
    static Map<String, Map<String, Double>> copyOfSlices(Map<String, Map<String, Double>> values) {
        Map<String, Map<String, Double>> copy = new LinkedHashMap<>();
        values.forEach((slice, metrics) -> copy.put(slice, Collections.unmodifiableMap(new LinkedHashMap<>(metrics))));
        return Collections.unmodifiableMap(copy);
    }

    /** Rejected rows as a fraction of rows read; 0 when nothing was read. */
    public double rejectedFraction() {
        return rowsRead == 0 ? 0.0 : (double) rowsRejected / rowsRead;
    }

    /** This report with the metrics it published recorded. */
    public RunReport withPublished(Map<String, Double> values) {
        return toBuilder().published(values).build();
    }

    /** A report of the current {@link #SCHEMA_VERSION}; counts start at 0, everything else unset. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding every component of this report. */
    public Builder toBuilder() {
        return new Builder().schemaVersion(schemaVersion).runId(runId).status(status).message(message)
                .startedAt(startedAt).finishedAt(finishedAt).model(model).configuration(configuration)
                .lineage(lineage).rowsRead(rowsRead).rowsScored(rowsScored).rowsRejected(rowsRejected)
                .rejections(rejections).metrics(metrics).drift(drift).curves(curves).traffic(traffic)
                .published(published).slices(slices).publishedSlices(publishedSlices).calibration(calibration)
                .estimation(estimation).estimateCheck(estimateCheck).alarms(alarms);
    }

    /** Builds a {@link RunReport}; component meanings are the record's. */
    public static final class Builder {
        private int schemaVersion = SCHEMA_VERSION;
        private String runId;
        private RunStatus status;
        private String message;
        private Instant startedAt;
        private Instant finishedAt;
        private EvaluatedModel model;
        private RunConfiguration configuration;
        private Lineage lineage;
        private long rowsRead;
        private long rowsScored;
        private long rowsRejected;
        private RejectionSummary rejections;
        private MetricReport metrics;
        private DriftReport drift;
        private List<Curve> curves;
        private ServedTraffic traffic;
        private Map<String, Double> published;
        private SliceReport slices;
        private Map<String, Map<String, Double>> publishedSlices;
        private CalibrationReport calibration;
        private EstimationSection estimation;
        private EstimateComparison estimateCheck;
        private List<AlarmSentence> alarms;

        private Builder() {}

        public Builder schemaVersion(int schemaVersion) {
            this.schemaVersion = schemaVersion;
            return this;
        }

        public Builder runId(String runId) {
            this.runId = runId;
            return this;
        }

        public Builder status(RunStatus status) {
            this.status = status;
            return this;
        }

        public Builder message(String message) {
            this.message = message;
            return this;
        }

        public Builder startedAt(Instant startedAt) {
            this.startedAt = startedAt;
            return this;
        }

        public Builder finishedAt(Instant finishedAt) {
            this.finishedAt = finishedAt;
            return this;
        }

        public Builder model(EvaluatedModel model) {
            this.model = model;
            return this;
        }

        public Builder configuration(RunConfiguration configuration) {
            this.configuration = configuration;
            return this;
        }

        public Builder lineage(Lineage lineage) {
            this.lineage = lineage;
            return this;
        }

        public Builder rowsRead(long rowsRead) {
            this.rowsRead = rowsRead;
            return this;
        }

        public Builder rowsScored(long rowsScored) {
            this.rowsScored = rowsScored;
            return this;
        }

        public Builder rowsRejected(long rowsRejected) {
            this.rowsRejected = rowsRejected;
            return this;
        }

        public Builder rejections(RejectionSummary rejections) {
            this.rejections = rejections;
            return this;
        }

        public Builder metrics(MetricReport metrics) {
            this.metrics = metrics;
            return this;
        }

        public Builder drift(DriftReport drift) {
            this.drift = drift;
            return this;
        }

        public Builder curves(List<Curve> curves) {
            this.curves = curves;
            return this;
        }

        public Builder traffic(ServedTraffic traffic) {
            this.traffic = traffic;
            return this;
        }

        public Builder published(Map<String, Double> published) {
            this.published = published;
            return this;
        }

        public Builder slices(SliceReport slices) {
            this.slices = slices;
            return this;
        }

        public Builder publishedSlices(Map<String, Map<String, Double>> publishedSlices) {
            this.publishedSlices = publishedSlices;
            return this;
        }

        public Builder calibration(CalibrationReport calibration) {
            this.calibration = calibration;
            return this;
        }

        public Builder estimation(EstimationSection estimation) {
            this.estimation = estimation;
            return this;
        }

        public Builder estimateCheck(EstimateComparison estimateCheck) {
            this.estimateCheck = estimateCheck;
            return this;
        }

        /** One sentence per quality alarm of the model on this run's metrics. */
        public Builder alarms(List<AlarmSentence> alarms) {
            this.alarms = alarms;
            return this;
        }

        public RunReport build() {
            return new RunReport(schemaVersion, runId, status, message, startedAt, finishedAt, model, configuration,
                    lineage, rowsRead, rowsScored, rowsRejected, rejections, metrics, drift, curves, traffic,
                    published, slices, publishedSlices, calibration, estimation, estimateCheck, alarms);
        }
    }
}
