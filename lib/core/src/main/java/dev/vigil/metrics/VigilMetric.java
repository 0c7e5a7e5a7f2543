package dev.vigil.metrics;

import dev.vigil.model.Task;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The metric catalog: every metric Vigil computes, publishes, alarms on or charts, with its published name
 * (CloudWatch {@code MetricName}), unit, direction, the tasks it applies to, whether it is published, where it is
 * charted, and the dimension sets it is published under. Evaluation ({@code evaluation.Metric}), alarms
 * ({@code alarms.WatchedMetric}, {@code AlarmRules}), the CDK alarms and dashboard, the local alarms, the reports and
 * the functions' metric emitter all name metrics through this enum; none holds a second table of names.
 *
 * <p>Published metrics go to the configured namespace ({@code Vigil} by default); {@link MetricGroup#SERVICE} entries
 * are never published: the CDK app derives their value from AWS metrics ({@link #awsSource}).
 */
public enum VigilMetric {
    ACCURACY(quality("Accuracy").proportion().higherIsBetter().classification().published()
            .charted(Chart.DASHBOARD, Chart.REPORT)),
    BALANCED_ACCURACY(quality("BalancedAccuracy").proportion().higherIsBetter().classification().published()
            .charted(Chart.DASHBOARD)),
    PRECISION_MACRO(quality("PrecisionMacro").proportion().higherIsBetter().classification().published()
            .charted(Chart.DASHBOARD)),
    RECALL_MACRO(quality("RecallMacro").proportion().higherIsBetter().classification().published()
            .charted(Chart.DASHBOARD)),
    F1_MACRO(quality("F1Macro").proportion().higherIsBetter().classification().published()
            .charted(Chart.DASHBOARD, Chart.REPORT)),
    /** In the report only: not published. */
    PRECISION_WEIGHTED(quality("PrecisionWeighted").proportion().higherIsBetter().classification()),
    RECALL_WEIGHTED(quality("RecallWeighted").proportion().higherIsBetter().classification()),
    F1_WEIGHTED(quality("F1Weighted").proportion().higherIsBetter().classification()),
    /** Binary models only: the positive class, labels[1]; in the report only. */
    PRECISION_BINARY(quality("PrecisionBinary").proportion().higherIsBetter().binary()),
    RECALL_BINARY(quality("RecallBinary").proportion().higherIsBetter().binary()),
    F1_BINARY(quality("F1Binary").proportion().higherIsBetter().binary().published().charted(Chart.DASHBOARD)),
    /** Binary: ROC-AUC of the positive-class probability; multiclass: one-vs-rest, macro-averaged. */
    ROC_AUC(quality("RocAuc").proportion().higherIsBetter().classification().published()
            .charted(Chart.DASHBOARD, Chart.REPORT)),
    /** Step-wise average precision (PR-AUC); multiclass: one-vs-rest, macro-averaged. */
    AVERAGE_PRECISION(quality("AveragePrecision").proportion().higherIsBetter().classification().published()
            .charted(Chart.DASHBOARD, Chart.REPORT)),
    LOG_LOSS(quality("LogLoss").nonNegative().lowerIsBetter().classification().published()
            .charted(Chart.DASHBOARD, Chart.REPORT)),
    BRIER(quality("Brier").proportion().lowerIsBetter().classification().published().charted(Chart.DASHBOARD)),
    MAE(quality("Mae").nonNegative().lowerIsBetter().regression().published().charted(Chart.DASHBOARD, Chart.REPORT)),
    MSE(quality("Mse").nonNegative().lowerIsBetter().regression().published().charted(Chart.DASHBOARD)),
    RMSE(quality("Rmse").nonNegative().lowerIsBetter().regression().published().charted(Chart.DASHBOARD, Chart.REPORT)),
    R2(quality("R2").range(new ValueRange(Double.NEGATIVE_INFINITY, 1)).higherIsBetter().regression().published()
            .charted(Chart.DASHBOARD, Chart.REPORT)),
    MAPE(quality("Mape").nonNegative().lowerIsBetter().regression().published().charted(Chart.DASHBOARD)),
    MEDIAN_AE(quality("MedianAe").nonNegative().lowerIsBetter().regression().published().charted(Chart.DASHBOARD)),

    /** The largest per-feature PSI of the run. */
    FEATURE_DRIFT_PSI_MAX(drift("FeatureDriftPsiMax").nonNegative().charted(Chart.DASHBOARD, Chart.REPORT)),
    /** The largest per-feature two-sample KS statistic of the run. */
    FEATURE_DRIFT_KS_MAX(drift("FeatureDriftKsMax").proportion().charted(Chart.DASHBOARD)),
    PREDICTION_DRIFT_PSI(drift("PredictionDriftPsi").nonNegative().charted(Chart.DASHBOARD, Chart.REPORT)),

    ROWS_SCORED(run("RowsScored").counts().charted(Chart.DASHBOARD, Chart.REPORT)),
    ROWS_REJECTED(run("RowsRejected").counts().charted(Chart.DASHBOARD)),
    /** 1 for a failed run, 0 otherwise. */
    EVALUATION_FAILED(run("EvaluationFailed").lowerIsBetter()),
    /** 1 for a run whose window held no rows, 0 otherwise. */
    EVALUATION_NO_DATA(run("EvaluationNoData").lowerIsBetter()),

    /** Predict handler latency of one request. */
    PREDICT_LATENCY(serving("PredictLatency").unit(MetricUnit.MILLISECONDS).lowerIsBetter()),
    /** Instances in one served request. */
    INSTANCES(serving("Instances").counts()),
    /** A rejected or failed request, one per request, by kind of failure. */
    PREDICT_ERRORS(serving("PredictErrors").lowerIsBetter().dimensions(Dimensions.MODEL_AND_KIND)),
    /**
     * A champion version that could not be fetched, verified or loaded (reason e.g. {@code checksum_mismatch}); the
     * last good one keeps serving, or requests get 503 when there is none.
     */
    MODEL_SWAP_FAILED(serving("ModelSwapFailed").lowerIsBetter().dimensions(Dimensions.MODEL_AND_REASON)),
    /** A request sent while priming a SnapStart snapshot, counted apart from real requests. */
    SNAPSTART_PRIMING(serving("SnapStartPriming").counts().dimensions(Dimensions.MODEL)),

    // Labels that arrive later (issue 12, labels route).
    /** Labels the labels route stored, per request (an identical retry stores none). */
    LABELS_ACCEPTED(serving("LabelsAccepted").counts().dimensions(Dimensions.MODEL)),
    /** A rejected or failed labels request, one per request, by kind of failure. */
    LABEL_ERRORS(serving("LabelErrors").lowerIsBetter().dimensions(Dimensions.MODEL_AND_KIND)),
    // --- capture (issue 12) ---
    /** Predictions of one served request written as capture records (0 when none was sampled). */
    PREDICTIONS_CAPTURED(serving("PredictionsCaptured").counts().charted(Chart.DASHBOARD)),
    /**
     * Sampled predictions whose capture record was not written, by reason (e.g. {@code key_unavailable},
     * {@code too_large}); the answer is never affected.
     */
    CAPTURE_DROPPED(serving("CaptureDropped").lowerIsBetter().dimensions(Dimensions.MODEL_AND_REASON)
            .charted(Chart.DASHBOARD)),
    // --- predict's pre-traffic check (issue 13, canary) ---
    /**
     * A pre-traffic check of a new predict version that failed, by reason (e.g. {@code wrong_status},
     * {@code no_prediction_id}, {@code invoke_failed}); CodeDeploy was told Failed and shifts no traffic to it.
     */
    PRE_TRAFFIC_CHECK_FAILED(serving("PreTrafficCheckFailed").lowerIsBetter()
            .dimensions(Dimensions.MODEL_AND_REASON)),

    // --- served traffic (issue 12): one run of evaluate over a window of captured predictions ---
    /** Captured predictions served in the run's window, all versions together. */
    PREDICTIONS_IN_WINDOW(traffic("PredictionsInWindow").counts().charted(Chart.DASHBOARD, Chart.REPORT)),
    /** Predictions of the window that met their label and were scored. */
    PREDICTIONS_JOINED(traffic("PredictionsJoined").counts().charted(Chart.DASHBOARD)),
    /**
     * Share of the window's predictions that have a label (0 to 1); a fall means the label pipeline has stopped or
     * ids no longer match.
     */
    JOIN_COVERAGE(traffic("JoinCoverage").proportion().higherIsBetter().unit(MetricUnit.NONE).charted(Chart.DASHBOARD,
            Chart.REPORT)),
    /** Median time from serving to labelling of the joined predictions. */
    LABEL_DELAY_P50(traffic("LabelDelayP50").lowerIsBetter().unit(MetricUnit.SECONDS).charted(Chart.DASHBOARD)),
    /** 95th percentile time from serving to labelling of the joined predictions. */
    LABEL_DELAY_P95(traffic("LabelDelayP95").lowerIsBetter().unit(MetricUnit.SECONDS).charted(Chart.DASHBOARD)),
    /**
     * Labels whose id was never captured although its time says it was served in the window: a sign of broken ids
     * (or of a sampling rate below 1).
     */
    LABEL_ORPHANS(traffic("LabelOrphans").lowerIsBetter()),
    /** Ids given two or more different labels (resolved by the documented rule, counted here). */
    LABEL_CONFLICTS(traffic("LabelConflicts").lowerIsBetter()),
    /** Label records that could not be used (malformed, no id, a value the model cannot take). */
    LABELS_REJECTED(traffic("LabelsRejected").lowerIsBetter()),
    /** Capture records that could not be read (unknown schema, malformed, a version the model does not have). */
    CAPTURE_RECORDS_REJECTED(traffic("CaptureRecordsRejected").lowerIsBetter()),
    /**
     * Share of captured requests (0 to 1) with at least one feature outside the range the baseline observed: a
     * cheap signal that inputs changed, before any label arrives.
     */
    INPUT_OUT_OF_RANGE_RATE(drift("InputOutOfRangeRate").proportion().unit(MetricUnit.NONE).charted(Chart.DASHBOARD)),

    /** A retrain started (or, in a dry run, would have). */
    RETRAIN_STARTED(retrain("RetrainStarted").counts()),
    /** An alarm notification already acted on. */
    RETRAIN_DEDUPLICATED(retrain("RetrainDeduplicated").counts()),
    /** A retrain not started because one is cooling down or in flight. */
    RETRAIN_COOLING_DOWN(retrain("RetrainCoolingDown").counts()),
    /** A notification that asks for no retrain, or an event that cannot be understood. */
    RETRAIN_IGNORED(retrain("RetrainIgnored").counts()),
    RETRAIN_FAILED(retrain("RetrainFailed").lowerIsBetter()),
    // --- the retraining workflow (issue 13) ---
    /** A retraining run's candidate passed the promotion gate and became the champion. */
    RETRAIN_PROMOTED(retrain("RetrainPromoted").counts()),
    /** A retraining run's candidate was registered but did not pass the promotion gate. */
    RETRAIN_REJECTED(retrain("RetrainRejected").counts()),
    /** A retraining run stopped before a decision (no data, too few rows, a failed step). */
    RETRAIN_RUN_FAILED(retrain("RetrainRunFailed").lowerIsBetter()),
    // --- rollback on quality (issue 13) ---
    /** A champion moved back to the previous one because a quality alarm fired inside its watch window. */
    MODEL_ROLLED_BACK(retrain("ModelRolledBack").lowerIsBetter()),

    /** Percentage of predict API requests answered with a 5xx status. */
    PREDICT_5XX_RATE(service("Predict5xxRate", "API Gateway 5XXError / Count of the predict stage")
            .unit(MetricUnit.PERCENT)),
    /** Capture records the log subscription could not hand to the delivery stream (errors and throttles). */
    CAPTURE_DELIVERY_ERRORS(service("CaptureDeliveryErrors",
            "AWS/Logs DeliveryErrors + DeliveryThrottling of the predict log group's capture subscription")),
    /** Age in seconds of the oldest capture record not yet delivered to S3. */
    CAPTURE_FRESHNESS(service("CaptureFreshness", "AWS/Firehose DeliveryToS3.DataFreshness of the capture stream")
            .unit(MetricUnit.SECONDS)),
    /** Async invocations (schedule, alarm notifications) that failed every retry and wait in a dead-letter queue. */
    ASYNC_FAILURES(service("AsyncFailures", "SQS ApproximateNumberOfMessagesVisible of the dead-letter queues")),

    // --- state machine executions (issue 13) ---
    /** Executions of a Vigil state machine that failed. */
    EXECUTIONS_FAILED(service("ExecutionsFailed", "AWS/States ExecutionsFailed of the state machine")),
    /** Executions of a Vigil state machine that ran past its timeout. */
    EXECUTIONS_TIMED_OUT(service("ExecutionsTimedOut", "AWS/States ExecutionsTimedOut of the state machine")),
    /** Executions of a Vigil state machine that were stopped before they finished. */
    EXECUTIONS_ABORTED(service("ExecutionsAborted", "AWS/States ExecutionsAborted of the state machine")),

    // --- slices and fairness (issue 14): per group of a protected attribute, against the privileged group ---
    /**
     * The group's positive-prediction rate minus the privileged group's (−1 to 1; negative: the group receives the
     * favourable outcome, the positive class, less often).
     */
    DEMOGRAPHIC_PARITY_DIFFERENCE(fairness("DemographicParityDifference").range(new ValueRange(-1, 1))),
    /** The group's true-positive rate minus the privileged group's (−1 to 1). */
    EQUAL_OPPORTUNITY_DIFFERENCE(fairness("EqualOpportunityDifference").range(new ValueRange(-1, 1))),
    /**
     * The group's positive-prediction rate over the privileged group's (below 0.8 fails the four-fifths rule).
     */
    DISPARATE_IMPACT_RATIO(fairness("DisparateImpactRatio").nonNegative()),

    // --- calibration and performance estimated before labels arrive (issue 14) ---
    /**
     * Expected calibration error on labelled rows: 15 equal-width bins of the positive-class probability (binary) or
     * the top-label confidence (multiclass), the bins' gaps weighted by their share of the rows.
     */
    EXPECTED_CALIBRATION_ERROR(quality("ExpectedCalibrationError").proportion().lowerIsBetter().classification()
            .published()),
    /** Accuracy estimated from the model's probabilities on captured, unlabelled traffic (CBPE). */
    ESTIMATED_ACCURACY(estimated("EstimatedAccuracy").classification()),
    ESTIMATED_PRECISION_MACRO(estimated("EstimatedPrecisionMacro").classification()),
    ESTIMATED_RECALL_MACRO(estimated("EstimatedRecallMacro").classification()),
    ESTIMATED_F1_MACRO(estimated("EstimatedF1Macro").classification()),
    /** Binary models only: the positive class, labels[1]. */
    ESTIMATED_PRECISION_BINARY(estimated("EstimatedPrecisionBinary").binary()),
    ESTIMATED_RECALL_BINARY(estimated("EstimatedRecallBinary").binary()),
    ESTIMATED_F1_BINARY(estimated("EstimatedF1Binary").binary()),
    /** The expected ROC-AUC under the model's probabilities; multiclass: one-vs-rest, macro-averaged. */
    ESTIMATED_ROC_AUC(estimated("EstimatedRocAuc").classification());

    private final String publishedName;
    private final MetricGroup group;
    private final MetricUnit unit;
    private final Direction direction;
    // tasks and charts hold Set.copyOf / Set.of results, which are unmodifiable; ErrorProne only sees Set.
    @SuppressWarnings("ImmutableEnumChecker")
    private final Set<Task> tasks;
    private final boolean published;
    @SuppressWarnings("ImmutableEnumChecker")
    private final Set<Chart> charts;
    private final Dimensions dimensions;
    private final String awsSource;
    // A record of two doubles; ErrorProne wants an @Immutable annotation the project does not depend on.
    @SuppressWarnings("ImmutableEnumChecker")
    private final ValueRange range;

    VigilMetric(Spec spec) {
        this.publishedName = spec.name;
        this.group = spec.group;
        this.unit = spec.unit;
        this.direction = spec.direction;
        this.tasks = Set.copyOf(spec.tasks);
        this.published = spec.published;
        this.charts = spec.charts.isEmpty() ? Set.of() : Set.copyOf(spec.charts);
        this.dimensions = spec.published ? spec.dimensions : Dimensions.NOT_PUBLISHED;
        this.awsSource = spec.awsSource;
        this.range = spec.range != null ? spec.range
                : spec.unit == MetricUnit.NONE ? ValueRange.UNBOUNDED : ValueRange.NON_NEGATIVE;
    }

    /**
     * The values it can take: declared for proportions, losses, errors and fairness gaps; [0, ∞) for anything with
     * a unit (counts, durations, percentages); unbounded otherwise. Charts keep their axes inside it.
     */
    public ValueRange range() {
        return range;
    }

    /** The CloudWatch {@code MetricName}, also the key in reports, run indexes and threshold settings. */
    public String publishedName() {
        return publishedName;
    }

    public MetricGroup group() {
        return group;
    }

    public MetricUnit unit() {
        return unit;
    }

    public Direction direction() {
        return direction;
    }

    public boolean appliesTo(Task task) {
        return tasks.contains(task);
    }

    /** True when a Vigil function publishes it to CloudWatch; false for report-only and AWS-derived metrics. */
    public boolean published() {
        return published;
    }

    public boolean isChartedOn(Chart chart) {
        return charts.contains(chart);
    }

    /**
     * True when evaluate publishes its confidence bounds beside it ({@link MetricBound}): every published quality
     * metric. A run whose value has no interval publishes the value itself as both bounds, so an alarm on a bound
     * still judges it.
     */
    public boolean publishesBounds() {
        return group == MetricGroup.QUALITY && published;
    }

    /** The dimension sets it is published under ({@link Dimensions#NOT_PUBLISHED} when it is not published). */
    public Dimensions dimensions() {
        return dimensions;
    }

    /** For {@link MetricGroup#SERVICE} metrics, the AWS metrics the CDK app derives it from; otherwise empty. */
    public Optional<String> awsSource() {
        return Optional.ofNullable(awsSource);
    }

    /**
     * The catalog's metric whose value or confidence bound ({@link MetricBound}) is published under this name, e.g.
     * both {@code F1Binary} and {@code F1BinaryUpperBound} give {@link #F1_BINARY}.
     */
    public static Optional<VigilMetric> bySeriesName(String publishedName) {
        return byName(publishedName).or(() -> MetricBound.series(publishedName).map(MetricBound.Series::metric));
    }

    /** The catalog's metric with this published name, if any. */
    public static Optional<VigilMetric> byName(String publishedName) {
        return Arrays.stream(values()).filter(m -> m.publishedName.equals(publishedName)).findFirst();
    }

    /**
     * The catalog's metric with this published name.
     *
     * @throws IllegalArgumentException naming the unknown metric, when the catalog has none by that name
     */
    public static VigilMetric require(String publishedName) {
        return byName(publishedName).orElseThrow(() -> new IllegalArgumentException(
                "'" + publishedName + "' is not a metric in Vigil's catalog"));
    }

    /**
     * The names in {@code publishedNames} the catalog does not know (neither a metric nor one of its confidence
     * bounds), in their order; empty when all are known.
     */
    public static List<String> unknown(Collection<String> publishedNames) {
        return publishedNames.stream().filter(name -> bySeriesName(name).isEmpty()).distinct().toList();
    }

    /** The metrics charted on {@code chart}, in catalog order. */
    public static List<VigilMetric> chartedOn(Chart chart) {
        return Arrays.stream(values()).filter(m -> m.isChartedOn(chart)).toList();
    }

    /** The metrics of {@code group} charted on {@code chart}, in catalog order. */
    public static List<VigilMetric> chartedOn(Chart chart, MetricGroup group) {
        return chartedOn(chart).stream().filter(m -> m.group == group).toList();
    }

    private static Spec quality(String name) {
        return new Spec(name, MetricGroup.QUALITY).dimensions(Dimensions.MODEL_VERSION_AND_SLICE);
    }

    private static Spec fairness(String name) {
        return new Spec(name, MetricGroup.FAIRNESS).higherIsBetter().binary().published()
                .dimensions(Dimensions.MODEL_AND_SLICE);
    }

    private static Spec drift(String name) {
        return new Spec(name, MetricGroup.DRIFT).lowerIsBetter().published();
    }

    private static Spec run(String name) {
        return new Spec(name, MetricGroup.RUN).unit(MetricUnit.COUNT).published();
    }

    private static Spec serving(String name) {
        return new Spec(name, MetricGroup.SERVING).unit(MetricUnit.COUNT).published();
    }

    private static Spec estimated(String name) {
        return new Spec(name, MetricGroup.ESTIMATED).higherIsBetter().published().proportion();
    }

    private static Spec traffic(String name) {
        return new Spec(name, MetricGroup.TRAFFIC).unit(MetricUnit.COUNT).published().dimensions(Dimensions.MODEL);
    }

    private static Spec retrain(String name) {
        return new Spec(name, MetricGroup.RETRAIN).unit(MetricUnit.COUNT).published().charted(Chart.DASHBOARD);
    }

    private static Spec service(String name, String awsSource) {
        Spec spec = new Spec(name, MetricGroup.SERVICE).unit(MetricUnit.COUNT).lowerIsBetter();
        spec.awsSource = awsSource;
        return spec;
    }

    /** One catalog entry while it is declared; defaults: unitless, every task, not published, not charted. */
    private static final class Spec {
        private final String name;
        private final MetricGroup group;
        private MetricUnit unit = MetricUnit.NONE;
        private Direction direction = Direction.COUNT;
        private Set<Task> tasks = EnumSet.allOf(Task.class);
        private boolean published;
        private Set<Chart> charts = EnumSet.noneOf(Chart.class);
        private Dimensions dimensions = Dimensions.MODEL_AND_VERSION;
        private String awsSource;
        private ValueRange range;

        private Spec(String name, MetricGroup group) {
            this.name = name;
            this.group = group;
        }

        Spec unit(MetricUnit newUnit) {
            this.unit = newUnit;
            return this;
        }

        Spec range(ValueRange newRange) {
            this.range = newRange;
            return this;
        }

        Spec proportion() {
            return range(ValueRange.PROPORTION);
        }

        Spec nonNegative() {
            return range(ValueRange.NON_NEGATIVE);
        }

        Spec higherIsBetter() {
            this.direction = Direction.HIGHER_IS_BETTER;
            return this;
        }

        Spec lowerIsBetter() {
            this.direction = Direction.LOWER_IS_BETTER;
            return this;
        }

        Spec counts() {
            this.direction = Direction.COUNT;
            return this;
        }

        Spec classification() {
            this.tasks = EnumSet.of(Task.BINARY_CLASSIFICATION, Task.MULTICLASS_CLASSIFICATION);
            return this;
        }

        Spec binary() {
            this.tasks = EnumSet.of(Task.BINARY_CLASSIFICATION);
            return this;
        }

        Spec regression() {
            this.tasks = EnumSet.of(Task.REGRESSION);
            return this;
        }

        Spec published() {
            this.published = true;
            return this;
        }

        Spec charted(Chart first, Chart... more) {
            this.charts = EnumSet.of(first, more);
            return this;
        }

        Spec dimensions(Dimensions newDimensions) {
            this.dimensions = newDimensions;
            return this;
        }
    }
}
