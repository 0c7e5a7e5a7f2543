package dev.vigil.alarms;

import dev.vigil.metrics.Direction;
import dev.vigil.metrics.VigilMetric;
import dev.vigil.model.Task;
import dev.vigil.storage.Sha256;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The one catalog of Vigil's alarm definitions. The CDK app creates a CloudWatch alarm per rule; the local runner
 * evaluates the same rules. Per model: quality rules chosen by task, drift, evaluation failure and no-data. For the
 * service: predict 5xx rate, predict p99 latency, async-invocation dead letters.
 */
public final class AlarmRules {
    /** Default alarm period for model metrics; evaluate publishes one datapoint per run. */
    public static final Duration DEFAULT_MODEL_PERIOD = Duration.ofHours(1);
    /** Period of the service alarms: one minute, so a 5-minute canary sees them fire. */
    public static final Duration SERVICE_PERIOD = Duration.ofMinutes(1);

    /** The metrics service alarms watch; service threshold overrides are keyed by their published names. */
    public static final List<VigilMetric> SERVICE_METRICS = List.of(VigilMetric.PREDICT_5XX_RATE,
            VigilMetric.PREDICT_LATENCY, VigilMetric.ASYNC_FAILURES);

    private static final String RUN_GAP_REASON = "evaluate publishes this once per run, and not at all when the sample"
            + " is too small to judge; periods between runs carry no news, so the alarm keeps its last verdict"
            + " (an empty window raises EvaluationNoData instead)";
    private static final String EVENT_REASON = "published only when it happens (value 1), so a period without it is a"
            + " period without the event";
    private static final String IDLE_REASON = "no requests means nothing failed or was slow; an idle API must neither"
            + " hold the alarm nor block a canary";
    private static final String QUEUE_REASON = "SQS stops reporting an empty, idle queue, so missing means empty";

    private AlarmRules() {}

    /** Every configuration problem of {@code model}, each a sentence naming the model; empty when it is valid. */
    public static List<String> problems(WatchedModel model) {
        List<String> problems = new ArrayList<>();
        String prefix = "model '" + model.name() + "' (" + model.task().name().toLowerCase(Locale.ROOT) + "): ";
        model.thresholds().forEach((metricName, value) -> {
            var metric = WatchedMetric.byName(metricName);
            if (metric.isEmpty()) {
                problems.add(prefix + "thresholds." + metricName + " is not a metric Vigil alarms on; use one of "
                        + Arrays.stream(WatchedMetric.values()).filter(m -> m.appliesTo(model.task()))
                                .map(WatchedMetric::metricName).collect(Collectors.joining(", ")));
            } else if (!metric.get().appliesTo(model.task())) {
                problems.add(prefix + "thresholds." + metricName + " does not apply to this task");
            } else if (value == null || !Double.isFinite(value)) {
                problems.add(prefix + "thresholds." + metricName + " must be a finite number");
            }
        });
        for (WatchedMetric metric : WatchedMetric.values()) {
            if (metric == WatchedMetric.MAE && metric.appliesTo(model.task()) && model.qualityDefaults()
                    && !model.thresholds().containsKey(metric.metricName())) {
                problems.add(prefix + "thresholds.Mae is required with qualityDefaults: MAE is in the label's units,"
                        + " so Vigil has no default for it");
            }
        }
        if (!AlarmRule.isCloudWatchPeriod(model.period())) {
            problems.add(prefix + "alarm period must be 10 s, 30 s or a whole number of minutes up to one day: "
                    + model.period());
        }
        return problems;
    }

    /**
     * The rules for one model: each metric that applies to its task and has a configured threshold or a default one;
     * quality metrics take their default only when the model asks for them ({@link WatchedModel#qualityDefaults}).
     *
     * @throws IllegalArgumentException listing every problem {@link #problems} finds
     */
    public static List<AlarmRule> forModel(WatchedModel model) {
        List<String> problems = problems(model);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        List<AlarmRule> rules = new ArrayList<>();
        for (WatchedMetric metric : WatchedMetric.values()) {
            if (!metric.appliesTo(model.task())) {
                continue;
            }
            Double configured = model.thresholds().get(metric.metricName());
            boolean defaulted = (!metric.servedTrafficOnly() || model.watchesTraffic())
                    && (model.qualityDefaults() || metric.category() != AlarmCategory.QUALITY);
            Double threshold = configured != null ? configured
                    : defaulted ? metric.defaultThreshold(model.task()).orElse(null) : null;
            if (threshold != null) {
                rules.add(ruleFor(metric, threshold, model.period(), model.alarmOn()));
            }
        }
        return List.copyOf(rules);
    }

    /** The rules whose ALARM transition is sent to the retrain-trigger: quality and drift. */
    public static List<AlarmRule> retrainRules(WatchedModel model) {
        return forModel(model).stream().filter(AlarmRule::triggersRetrain).toList();
    }

    /** Problems in service threshold overrides (keys: the {@link #SERVICE_METRICS}' published names). */
    public static List<String> serviceProblems(Map<String, Double> overrides) {
        List<String> problems = new ArrayList<>();
        Set<String> names = SERVICE_METRICS.stream().map(VigilMetric::publishedName).collect(Collectors.toSet());
        overrides.forEach((name, value) -> {
            if (!names.contains(name)) {
                problems.add("service thresholds." + name + " is not a service alarm; use one of "
                        + String.join(", ", names.stream().sorted().toList()));
            } else if (value == null || !Double.isFinite(value) || value <= 0) {
                problems.add("service thresholds." + name + " must be a positive number");
            } else if (name.equals(VigilMetric.PREDICT_5XX_RATE.publishedName()) && value > 100) {
                problems.add("service thresholds." + name + " is a percentage: at most 100");
            }
        });
        return problems;
    }

    /**
     * Service rules: predict 5xx rate (default above 5 %), predict p99 latency (default above 1000 ms), and async
     * failures (default: any message in a dead-letter queue).
     *
     * @throws IllegalArgumentException listing every problem {@link #serviceProblems} finds
     */
    public static List<AlarmRule> forService(Map<String, Double> overrides) {
        List<String> problems = serviceProblems(overrides);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        AlarmRule.Builder service = AlarmRule.builder().category(AlarmCategory.SERVICE)
                .comparison(Comparison.GREATER_THAN_THRESHOLD).period(SERVICE_PERIOD)
                .missingData(MissingData.NOT_BREACHING, IDLE_REASON);
        return List.of(
                service.id(VigilMetric.PREDICT_5XX_RATE.publishedName()).metric(VigilMetric.PREDICT_5XX_RATE)
                        .threshold(threshold(overrides, VigilMetric.PREDICT_5XX_RATE, 5.0))
                        .evaluationPeriods(3).datapointsToAlarm(2).statistic(AlarmStatistic.AVERAGE)
                        .description("Percentage of predict requests answered 5xx (average of 100 per 5xx response,"
                                + " 0 otherwise); rolls back a predict canary")
                        .build(),
                service.id("PredictLatencyP99").metric(VigilMetric.PREDICT_LATENCY)
                        .threshold(threshold(overrides, VigilMetric.PREDICT_LATENCY, 1000.0))
                        .evaluationPeriods(3).datapointsToAlarm(2).statistic(AlarmStatistic.P99)
                        .description("p99 predict latency in milliseconds; rolls back a predict canary")
                        .build(),
                service.id(VigilMetric.ASYNC_FAILURES.publishedName()).metric(VigilMetric.ASYNC_FAILURES)
                        .comparison(Comparison.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                        .threshold(threshold(overrides, VigilMetric.ASYNC_FAILURES, 1.0))
                        .evaluationPeriods(1).datapointsToAlarm(1).statistic(AlarmStatistic.MAXIMUM)
                        .period(Duration.ofMinutes(5)).missingData(MissingData.NOT_BREACHING, QUEUE_REASON)
                        .description("Async invocations that failed every retry and wait in a dead-letter queue")
                        .build());
    }

    private static double threshold(Map<String, Double> overrides, VigilMetric metric, double fallback) {
        return overrides.getOrDefault(metric.publishedName(), fallback);
    }

    /**
     * One breaching run alarms: each datapoint is a whole run over a window that met evaluate's minimum sample size.
     * A quality rule compares the metric's confidently-bad bound unless the model asks for the value.
     */
    private static AlarmRule ruleFor(WatchedMetric metric, double threshold, Duration period, AlarmOn alarmOn) {
        boolean event = metric.category() == AlarmCategory.EVALUATION;
        boolean onBound = alarmOn == AlarmOn.BOUND && metric.category() == AlarmCategory.QUALITY
                && metric.metric().publishesBounds();
        String direction = metric.alarmsWhenFalling() ? "fell below" : event ? "reached" : "rose above";
        return AlarmRule.builder().id(metric.metricName()).category(metric.category()).metric(metric.metric())
                .alarmOn(onBound ? AlarmOn.BOUND : AlarmOn.POINT).comparison(metric.comparison())
                .threshold(threshold).evaluationPeriods(1).datapointsToAlarm(1)
                .statistic(metric.statistic()).period(period)
                .missingData(event ? MissingData.NOT_BREACHING : MissingData.IGNORE,
                        event ? EVENT_REASON : RUN_GAP_REASON)
                .triggersRetrain(metric.category() == AlarmCategory.QUALITY
                        || metric.category() == AlarmCategory.DRIFT)
                .description(onBound
                        ? "The " + (metric.alarmsWhenFalling() ? "upper" : "lower") + " confidence bound of "
                                + metric.metricName() + " " + direction + " its threshold in an evaluation run: "
                                + metric.metricName() + " is confidently " + (metric.alarmsWhenFalling()
                                        ? "below" : "above") + " it"
                        : metric.metricName() + " " + direction + " its threshold in an evaluation run")
                .build();
    }

    // --- capture delivery (issue 12) ---
    /** The service rules of the capture path, in the order the CDK app creates their alarms. */
    public static final List<VigilMetric> CAPTURE_METRICS = List.of(VigilMetric.CAPTURE_DROPPED,
            VigilMetric.CAPTURE_DELIVERY_ERRORS, VigilMetric.CAPTURE_FRESHNESS);
    /** Oldest undelivered capture record, in seconds, above which the delivery is late (six buffer intervals). */
    public static final double CAPTURE_FRESHNESS_LIMIT_SECONDS = 1800;

    private static final String DROPPED_REASON = "predict publishes it only for a request whose capture records were"
            + " dropped, so a period without it is a period without drops";
    private static final String DELIVERY_REASON = "CloudWatch Logs reports delivery errors and throttles only when"
            + " they happen, so a period without them is a period of clean deliveries";
    private static final String FRESHNESS_REASON = "Firehose reports freshness only while the stream holds data; an"
            + " idle stream has nothing late";

    /**
     * Service rules of the capture path, for deployments that capture: {@code CaptureDropped} (any record predict
     * could not write in 5 minutes, per model), {@code CaptureDeliveryErrors} (any delivery error or throttle of the
     * log subscription in 15 minutes) and {@code CaptureFreshness} (the oldest record not in S3 after 30 minutes).
     * None starts a retrain.
     */
    public static List<AlarmRule> forCapture() {
        AlarmRule.Builder capture = AlarmRule.builder().category(AlarmCategory.SERVICE)
                .comparison(Comparison.GREATER_THAN_OR_EQUAL_TO_THRESHOLD).threshold(1).evaluationPeriods(1)
                .datapointsToAlarm(1).statistic(AlarmStatistic.SUM).period(Duration.ofMinutes(5));
        return List.of(
                capture.id(VigilMetric.CAPTURE_DROPPED.publishedName()).metric(VigilMetric.CAPTURE_DROPPED)
                        .missingData(MissingData.NOT_BREACHING, DROPPED_REASON)
                        .description("Sampled predictions whose capture record predict could not write (too large,"
                                + " no pseudonymisation key, internal); the answers were not affected")
                        .build(),
                capture.id(VigilMetric.CAPTURE_DELIVERY_ERRORS.publishedName())
                        .metric(VigilMetric.CAPTURE_DELIVERY_ERRORS).period(Duration.ofMinutes(15))
                        .missingData(MissingData.NOT_BREACHING, DELIVERY_REASON)
                        .description("Capture log events the subscription could not hand to the delivery stream"
                                + " (CloudWatch Logs retries them for up to 24 hours)")
                        .build(),
                capture.id(VigilMetric.CAPTURE_FRESHNESS.publishedName()).metric(VigilMetric.CAPTURE_FRESHNESS)
                        .comparison(Comparison.GREATER_THAN_THRESHOLD).threshold(CAPTURE_FRESHNESS_LIMIT_SECONDS)
                        .statistic(AlarmStatistic.MAXIMUM).period(Duration.ofMinutes(5))
                        .missingData(MissingData.NOT_BREACHING, FRESHNESS_REASON)
                        .description("Age in seconds of the oldest capture record the delivery stream has not yet"
                                + " written to S3")
                        .build());
    }

    // --- state machine executions, model swaps and stale quality (issue 13) ---
    /** The AWS/States metrics every Vigil state machine is alarmed on, in the order the CDK app creates them. */
    public static final List<VigilMetric> EXECUTION_METRICS = List.of(VigilMetric.EXECUTIONS_FAILED,
            VigilMetric.EXECUTIONS_TIMED_OUT, VigilMetric.EXECUTIONS_ABORTED);
    /** Id of the per-model rule that alarms when no quality datapoint arrived for its periods. */
    public static final String QUALITY_STALE_ID = "QualityStale";
    /** Longest look-back (period times evaluation periods) CloudWatch allows an alarm with a period of an hour+. */
    public static final Duration MAX_ALARM_WINDOW = Duration.ofDays(7);
    /** Longest look-back CloudWatch allows an alarm whose period is shorter than an hour. */
    public static final Duration MAX_SHORT_PERIOD_ALARM_WINDOW = Duration.ofDays(1);

    private static final String EXECUTION_REASON = "Step Functions reports these only when an execution ends that"
            + " way, so a period without them is a period without such an ending";
    private static final String SWAP_REASON = "predict publishes it only when a champion version cannot be fetched,"
            + " verified or loaded, so a period without it is a period without a failed swap";
    private static final String STALE_REASON = "the missing datapoint is the news: no evaluation run published the"
            + " model's quality in any of these periods (the schedule stopped, runs failed or judged too few rows, or"
            + " labels stopped arriving)";

    /**
     * Service rules of every Vigil state machine: any execution that failed, timed out or was aborted in 5 minutes
     * ({@code ExecutionsFailed}, {@code ExecutionsTimedOut}, {@code ExecutionsAborted} of AWS/States). None starts a
     * retrain.
     */
    public static List<AlarmRule> forExecutions() {
        AlarmRule.Builder execution = AlarmRule.builder().category(AlarmCategory.SERVICE)
                .comparison(Comparison.GREATER_THAN_OR_EQUAL_TO_THRESHOLD).threshold(1).evaluationPeriods(1)
                .datapointsToAlarm(1).statistic(AlarmStatistic.SUM).period(Duration.ofMinutes(5))
                .missingData(MissingData.NOT_BREACHING, EXECUTION_REASON);
        return List.of(
                execution.id(VigilMetric.EXECUTIONS_FAILED.publishedName()).metric(VigilMetric.EXECUTIONS_FAILED)
                        .description("Executions of the state machine that failed").build(),
                execution.id(VigilMetric.EXECUTIONS_TIMED_OUT.publishedName())
                        .metric(VigilMetric.EXECUTIONS_TIMED_OUT)
                        .description("Executions of the state machine that ran past its timeout").build(),
                execution.id(VigilMetric.EXECUTIONS_ABORTED.publishedName()).metric(VigilMetric.EXECUTIONS_ABORTED)
                        .description("Executions of the state machine that were stopped before they finished")
                        .build());
    }

    /**
     * The per-model rule on predict's {@code ModelSwapFailed} (under {model}): any champion version predict could not
     * fetch, verify or load in 5 minutes. The last good version keeps serving (or requests get 503 when there is
     * none), so a person looks; it never starts a retrain. The local runner does not judge it: its alarms read the
     * evaluation runs' index, and predict's swaps are not in it.
     */
    public static AlarmRule modelSwapFailed() {
        return AlarmRule.builder().id(VigilMetric.MODEL_SWAP_FAILED.publishedName()).category(AlarmCategory.SERVICE)
                .metric(VigilMetric.MODEL_SWAP_FAILED).comparison(Comparison.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .threshold(1).evaluationPeriods(1).datapointsToAlarm(1).statistic(AlarmStatistic.SUM)
                .period(Duration.ofMinutes(5)).missingData(MissingData.NOT_BREACHING, SWAP_REASON)
                .description("Champion versions predict could not fetch, verify or load; the last good version keeps"
                        + " serving")
                .build();
    }

    /**
     * The quality metric whose arrival shows a model's quality is fresh: published by every run that scored enough
     * rows to judge ({@code Accuracy} for classifiers, {@code Mae} for regression).
     */
    public static VigilMetric freshnessMetric(Task task) {
        return task == Task.REGRESSION ? VigilMetric.MAE : VigilMetric.ACCURACY;
    }

    /** The longest look-back CloudWatch allows an alarm with this period. */
    public static Duration maxAlarmWindow(Duration period) {
        return period.compareTo(Duration.ofHours(1)) < 0 ? MAX_SHORT_PERIOD_ALARM_WINDOW : MAX_ALARM_WINDOW;
    }

    /** Why {@code periods} periods of {@code period} cannot be a stale-quality rule, or empty when they can. */
    public static Optional<String> qualityStaleProblem(Duration period, int periods) {
        if (periods < 0) {
            return Optional.of("must be 0 (no stale-quality alarm) or a positive number of alarm periods: " + periods);
        }
        Duration max = maxAlarmWindow(period);
        if (period.multipliedBy(periods).compareTo(max) > 0) {
            return Optional.of(periods + " periods of " + period + " look back further than the " + max + " CloudWatch"
                    + " allows an alarm with that period");
        }
        return Optional.empty();
    }

    /**
     * The rule that alarms when none of the last {@code periods} alarm periods of {@code model} received its
     * {@link #freshnessMetric} (SampleCount under {model} below 1, missing data breaching); empty for 0 periods.
     * It watches the schedule rather than a run, so only CloudWatch judges it: the local runner evaluates on every
     * tick and shows an empty or failed tick as {@code EvaluationNoData} or {@code EvaluationFailed}.
     *
     * @throws IllegalArgumentException when {@link #qualityStaleProblem} finds a problem
     */
    public static Optional<AlarmRule> qualityStale(WatchedModel model, int periods) {
        Optional<String> problem = qualityStaleProblem(model.period(), periods);
        if (problem.isPresent()) {
            throw new IllegalArgumentException("model '" + model.name() + "': stale-quality alarm " + problem.get());
        }
        if (periods == 0) {
            return Optional.empty();
        }
        VigilMetric metric = freshnessMetric(model.task());
        return Optional.of(AlarmRule.builder().id(QUALITY_STALE_ID).category(AlarmCategory.EVALUATION).metric(metric)
                .comparison(Comparison.LESS_THAN_THRESHOLD).threshold(1).evaluationPeriods(periods)
                .datapointsToAlarm(periods).statistic(AlarmStatistic.SAMPLE_COUNT).period(model.period())
                .missingData(MissingData.BREACHING, STALE_REASON)
                .description("No evaluation run published " + metric.publishedName() + " in the last " + periods
                        + " periods: the model's quality is stale")
                .build());
    }

    // --- slices and fairness (issue 14) ---
    /** Longest slice key a threshold may name: CloudWatch allows 1024 characters in a dimension value. */
    public static final int MAX_SLICE_KEY_CHARS = 1024;
    /** The fairness metrics a slice threshold may name (binary models only), besides the quality metrics. */
    public static final List<VigilMetric> FAIRNESS_METRICS = List.of(VigilMetric.DEMOGRAPHIC_PARITY_DIFFERENCE,
            VigilMetric.EQUAL_OPPORTUNITY_DIFFERENCE, VigilMetric.DISPARATE_IMPACT_RATIO);

    private static final String SLICE_GAP_REASON = "evaluate publishes a slice's value once per champion run, and not"
            + " at all when the slice has fewer rows than the manifest's minimum; periods between runs carry no news,"
            + " so the alarm keeps its last verdict";

    /**
     * Every problem of {@code model}'s slice thresholds (slice key, {@code column=value}, to metric name to
     * threshold), each a sentence naming the model; empty when they are valid. A threshold may name a quality metric
     * Vigil alarms on for the model's task, or, for a binary model, a fairness metric.
     */
    public static List<String> sliceProblems(WatchedModel model, Map<String, Map<String, Double>> sliceThresholds) {
        List<String> problems = new ArrayList<>();
        String prefix = "model '" + model.name() + "' (" + model.task().name().toLowerCase(Locale.ROOT) + "): ";
        sliceThresholds.forEach((slice, thresholds) -> {
            int equals = slice == null ? -1 : slice.indexOf('=');
            if (equals <= 0 || equals == slice.length() - 1 || slice.isBlank()) {
                problems.add(prefix + "sliceThresholds key '" + slice + "' must be column=value, a slice of the"
                        + " manifest's monitoring block, e.g. region=EU or age=[30,50)");
                return;
            }
            if (slice.length() > MAX_SLICE_KEY_CHARS) {
                problems.add(prefix + "sliceThresholds key '" + slice.substring(0, 40) + "…' is longer than "
                        + MAX_SLICE_KEY_CHARS + " characters");
                return;
            }
            (thresholds == null ? Map.<String, Double>of() : thresholds).forEach((metricName, value) -> {
                String where = prefix + "sliceThresholds['" + slice + "']." + metricName;
                if (sliceMetric(model.task(), metricName).isEmpty()) {
                    problems.add(where + " is not a metric Vigil alarms on per slice for this task; use one of "
                            + String.join(", ", sliceMetricNames(model.task())));
                } else if (value == null || !Double.isFinite(value)) {
                    problems.add(where + " must be a finite number");
                }
            });
        });
        return problems;
    }

    /**
     * The rules on {@code model}'s slices, one per configured threshold: a quality metric alarms when it falls below
     * (or, for a loss, rises above) its threshold in a champion run, compared on its confidently bad bound (the upper
     * bound of a metric that alarms falling, the lower of a loss) unless the model alarms on the point, as the
     * model-wide quality rules do; a fairness metric (the group's rate minus, or over, the privileged group's), which
     * has no published bounds, on its value when it falls below. Rule ids are {@code Slice-<8 hex of the slice key's
     * SHA-256>-<metric>}, stable whatever order the configuration lists them in. None starts a retrain: a weak slice or
     * an unfair gap needs a person, not more of the same training data.
     *
     * @throws IllegalArgumentException listing every problem {@link #sliceProblems} finds
     */
    public static List<SliceRule> forSlices(WatchedModel model, Map<String, Map<String, Double>> sliceThresholds) {
        List<String> problems = sliceProblems(model, sliceThresholds);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        List<SliceRule> rules = new ArrayList<>();
        new TreeMap<>(sliceThresholds).forEach((slice, thresholds) ->
                new TreeMap<>(thresholds).forEach((metricName, threshold) -> {
                    VigilMetric metric = sliceMetric(model.task(), metricName).orElseThrow();
                    boolean falling = metric.direction() == Direction.HIGHER_IS_BETTER;
                    boolean onBound = model.alarmOn() == AlarmOn.BOUND && metric.publishesBounds();
                    String compared = onBound
                            ? "The " + (falling ? "upper" : "lower") + " confidence bound of " + metricName
                            : metricName;
                    AlarmRule rule = AlarmRule.builder().id("Slice-" + sliceId(slice) + "-" + metricName)
                            .category(AlarmCategory.QUALITY).metric(metric)
                            .alarmOn(onBound ? AlarmOn.BOUND : AlarmOn.POINT)
                            .comparison(falling ? Comparison.LESS_THAN_THRESHOLD : Comparison.GREATER_THAN_THRESHOLD)
                            .threshold(threshold).evaluationPeriods(1).datapointsToAlarm(1)
                            .statistic(falling ? AlarmStatistic.MINIMUM : AlarmStatistic.MAXIMUM)
                            .period(model.period()).missingData(MissingData.IGNORE, SLICE_GAP_REASON)
                            .triggersRetrain(false)
                            .description(compared + " of slice " + slice + (falling ? " fell below" : " rose above")
                                    + " its threshold in an evaluation run")
                            .build();
                    rules.add(new SliceRule(slice, rule));
                }));
        return List.copyOf(rules);
    }

    /** The first 8 hex digits of the SHA-256 of the slice key's UTF-8 bytes: an alarm-name-safe slice id. */
    static String sliceId(String slice) {
        return Sha256.hex(slice.getBytes(StandardCharsets.UTF_8)).substring(0, 8);
    }

    private static Optional<VigilMetric> sliceMetric(Task task, String metricName) {
        return Optional.ofNullable(metricName).flatMap(VigilMetric::byName)
                .filter(m -> sliceMetrics(task).contains(m));
    }

    private static List<VigilMetric> sliceMetrics(Task task) {
        List<VigilMetric> metrics = new ArrayList<>();
        for (WatchedMetric m : WatchedMetric.values()) {
            if (m.category() == AlarmCategory.QUALITY && m.appliesTo(task)) {
                metrics.add(m.metric());
            }
        }
        FAIRNESS_METRICS.stream().filter(m -> m.appliesTo(task)).forEach(metrics::add);
        return metrics;
    }

    private static List<String> sliceMetricNames(Task task) {
        return sliceMetrics(task).stream().map(VigilMetric::publishedName).toList();
    }
}
