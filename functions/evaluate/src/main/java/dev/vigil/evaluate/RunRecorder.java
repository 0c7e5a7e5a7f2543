package dev.vigil.evaluate;

import dev.vigil.alarms.AlarmRule;
import dev.vigil.alarms.AlarmRules;
import dev.vigil.alarms.QualityAlarms;
import dev.vigil.concurrent.Futures;
import dev.vigil.dataset.DatasetWindow;
import dev.vigil.dataset.ObjectRead;
import dev.vigil.dataset.RejectReason;
import dev.vigil.dataset.RejectionSummary;
import dev.vigil.drift.DriftReport;
import dev.vigil.estimation.CalibrationState;
import dev.vigil.estimation.EstimateComparison;
import dev.vigil.estimation.EstimationGate;
import dev.vigil.estimation.EstimationSection;
import dev.vigil.estimation.EstimationState;
import dev.vigil.estimation.GateDecision;
import dev.vigil.estimation.LabelledCalibration;
import dev.vigil.estimation.PerformanceEstimate;
import dev.vigil.evaluation.ClassMetrics;
import dev.vigil.evaluation.ClassificationState;
import dev.vigil.evaluation.ConfidenceIntervals;
import dev.vigil.evaluation.EvaluationState;
import dev.vigil.evaluation.MetricReport;
import dev.vigil.evaluation.PrecisionRecallCurve;
import dev.vigil.evaluation.RankingCurves;
import dev.vigil.evaluation.RocCurve;
import dev.vigil.model.ModelManifest;
import dev.vigil.model.ModelRef;
import dev.vigil.model.Task;
import dev.vigil.registry.ModelRegistry;
import dev.vigil.report.AlarmSentence;
import dev.vigil.report.Curve;
import dev.vigil.report.EvaluatedModel;
import dev.vigil.report.HtmlReport;
import dev.vigil.report.ModelPages;
import dev.vigil.report.Lineage;
import dev.vigil.report.PublishedMetrics;
import dev.vigil.report.ReportStore;
import dev.vigil.report.RunConfiguration;
import dev.vigil.report.RunIndex;
import dev.vigil.report.RunReport;
import dev.vigil.report.RunStatus;
import dev.vigil.report.ServedTraffic;
import dev.vigil.slices.SliceReport;
import dev.vigil.drift.DriftState;
import dev.vigil.storage.ConcurrentReads;
import dev.vigil.traffic.CaptureCounts;
import dev.vigil.traffic.JoinAccounting;
import dev.vigil.traffic.PredictionCounts;
import dev.vigil.traffic.TrafficState;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the end of a run into its record: decides the status and message, builds the {@link RunReport}, writes the
 * JSON and HTML reports and the index entry, then publishes the run's metrics. A report that cannot be written makes
 * the run a failed one, so {@code EvaluationFailed} is what gets published.
 */
final class RunRecorder {
    private static final Logger LOG = LoggerFactory.getLogger(RunRecorder.class);
    /** Objects named in a run's message; the lineage lists them all. */
    private static final int MAX_NAMED_OBJECTS = 3;

    private final ModelRegistry registry;
    private final ReportStore reports;
    private final MetricsPublisher publisher;
    private final Clock clock;
    private final double calibrationTolerance;
    /** How a model page names the alarm settings it judges by when they are not Vigil's defaults. */
    static final String PAGES_JUDGED_BY = "the alarm settings evaluate's reports judge by (vigil.config.json)";
    private final ModelPages defaultPages;
    private volatile QualityAlarms alarms = QualityAlarms.DEFAULTS;

    RunRecorder(ModelRegistry registry, ReportStore reports, MetricsPublisher publisher, Clock clock,
            double calibrationTolerance) {
        this.registry = registry;
        this.reports = reports;
        this.publisher = publisher;
        this.clock = clock;
        this.calibrationTolerance = calibrationTolerance;
        this.defaultPages = new ModelPages(registry, reports.store(), ModelPages.Thresholds.DEFAULTS);
    }


    /**
     * Reports a run whose objects were all read into {@code state}: failed (an object not read to its end, counts
     * that do not add up, too many rejected rows), no data, or succeeded. A run is only judged when every record of
     * every object is accounted for: rows scored plus rows rejected equal the records read.
     */
    RunOutcome finished(RunPlan plan, ModelManifest manifest, ShardState state, int shards, EarlyReads early) {
        EvaluationOptions options = plan.options();
        long read = state.rowsRead();
        long rejected = state.rowsRejected();
        long scored = state.rowsScored();
        List<ObjectRead> unreadable = state.objects().stream().filter(o -> !o.readToEnd()).toList();
        boolean accounted = unreadable.isEmpty() && scored + rejected == read;
        // The slices' report is as much work again as the run's own and independent of it: it is built on a second
        // thread meanwhile (the reading thread is idle by now).
        CompletableFuture<SliceReport> slices = scored == 0 || !accounted || state.slices() == null
                ? CompletableFuture.completedFuture(null)
                : CompletableFuture.supplyAsync(() -> SliceReport.of(state.slices(), manifest.monitoring(),
                        manifest.task(), ConfidenceIntervals.DEFAULT_LEVEL));
        MetricReport metrics = scored == 0 || !accounted ? null
                : options.report(state.evaluation());
        DriftReport drift = scored == 0 || !accounted || state.drift() == null ? null
                : state.drift().report(manifest.baseline(), options.driftThresholds());
        RunStatus status;
        String message;
        double rejectedFraction = read == 0 ? 0 : (double) rejected / read;
        if (!unreadable.isEmpty()) {
            status = RunStatus.FAILED;
            message = unreadableMessage(unreadable);
        } else if (!accounted) {
            status = RunStatus.FAILED;
            message = "the counts do not add up: " + read + " records read, but " + scored + " rows scored and "
                    + rejected + " rejected; the run is not judged";
        } else if (read == 0) {
            status = RunStatus.NO_DATA;
            message = "no labelled rows in the window (" + describe(plan.window()) + ") under " + plan.dataLocation()
                    + ": " + state.objects().size() + " objects read; no quality metrics published";
            LOG.warn("evaluation of {}@{} found no data: {}", plan.model(), plan.version(), message);
        } else if (rejectedFraction > options.maxRejectedFraction()) {
            status = RunStatus.FAILED;
            message = String.format(Locale.ROOT, "rejected %d of %d rows (%.2f%%), above the limit of %.2f%%: %s",
                    rejected, read, rejectedFraction * 100, options.maxRejectedFraction() * 100,
                    reasons(state)) + missingColumns(state.objects());
        } else if (metrics != null && !metrics.largeEnoughToJudge()) {
            status = RunStatus.SUCCEEDED;
            message = "scored " + scored + " rows, fewer than the minimum sample size of " + metrics.minimumRows()
                    + ": quality and drift metrics are shown but not published";
        } else {
            status = RunStatus.SUCCEEDED;
            message = "scored " + scored + " rows from " + state.objects().size()
                    + (state.objects().size() == 1 ? " object" : " objects")
                    + (rejected > 0 ? " (" + rejected + " rejected: " + reasons(state) + ")" : "");
        }
        RunReport report = planned(plan, manifest, status, message, state.objects(), shards)
                .rowsRead(read)
                .rowsScored(scored)
                .rowsRejected(rejected)
                .rejections(state.rejections())
                .metrics(metrics)
                .drift(drift)
                .curves(accounted ? curves(state.evaluation(), metrics) : List.of())
                .slices(Futures.joined(slices))
                .calibration(metrics == null || state.calibration() == null ? null
                        : state.calibration().report(options.minimum()))
                .build();
        return record(report.withPublished(PublishedMetrics.of(report))
                .toBuilder().publishedSlices(PublishedMetrics.slices(report)).build(), early);
    }

    /**
     * Reports a run over served traffic whose objects were all read into {@code state}: failed (an object not read
     * to its end, too many rejected capture records), no data (nothing served in the window), or succeeded. The
     * join's accounting was checked as the state was built: every capture record is joined, unlabelled, outside the
     * window, a second copy or rejected, and every label record joined, unmatched, superseded or rejected.
     */
    RunOutcome finishedTraffic(RunPlan plan, ModelManifest manifest, TrafficShardState state, int shards,
            EarlyReads early) {
        EvaluationOptions options = plan.options();
        TrafficPlan window = plan.traffic();
        TrafficState traffic = state.traffic();
        JoinAccounting accounting = traffic.accounting();
        List<ObjectRead> unreadable = state.objects().stream().filter(o -> !o.readToEnd()).toList();
        boolean readable = unreadable.isEmpty();
        List<ServedTraffic.VersionResult> versions = new ArrayList<>();
        traffic.versions().forEach((version, versionState) -> versions.add(new ServedTraffic.VersionResult(version,
                version.equals(plan.version()), accounting.byVersion().get(version),
                readable && versionState.rows() > 0
                        ? options.report(versionState) : null, null)));
        EvaluationState evaluatedState = traffic.versions().get(plan.version());
        ServedTraffic.VersionResult evaluated = versions.stream().filter(ServedTraffic.VersionResult::evaluated)
                .findFirst().orElse(null);
        MetricReport metrics = evaluated == null ? null : evaluated.metrics();
        CalibrationState calibration = readable ? traffic.calibration().get(plan.version()) : null;
        long records = accounting.capture().records();
        long rejected = accounting.capture().rejected();
        double rejectedFraction = records == 0 ? 0 : (double) rejected / records;
        String span = window.windowStart() + " to " + window.windowEnd();
        RunStatus status;
        String message;
        if (!readable) {
            status = RunStatus.FAILED;
            message = unreadableMessage(unreadable);
        } else if (accounting.predictions().predictions() == 0) {
            status = RunStatus.NO_DATA;
            message = "no captured predictions served from " + span + " under " + plan.dataLocation() + ": "
                    + state.captureObjects().size() + " capture objects and " + accounting.labels().records()
                    + " label records read; no quality metrics published";
            LOG.warn("traffic run of {}@{} found no data: {}", plan.model(), plan.version(), message);
        } else if (rejectedFraction > options.maxRejectedFraction()) {
            status = RunStatus.FAILED;
            message = String.format(Locale.ROOT, "rejected %d of %d capture records (%.2f%%), above the limit of "
                    + "%.2f%%: %s", rejected, records, rejectedFraction * 100, options.maxRejectedFraction() * 100,
                    reasons(state.captureRejections()));
        } else {
            status = RunStatus.SUCCEEDED;
            message = trafficMessage(plan, traffic, span, metrics);
        }
        ServedTraffic served = new ServedTraffic(window.source().code(), window.windowStart(), window.windowEnd(),
                accounting.capture(), accounting.predictions(), accounting.labels(), traffic.coverage(),
                traffic.labelDelayP50Seconds(), traffic.labelDelayP95Seconds(), traffic.labelDelayMaxSeconds(),
                traffic.conflicts(), state.captureRejections(), state.labelRejections(), versions,
                shadowResults(state.shadow(), readable, options));
        RunReport report = planned(plan, manifest, status, message, state.objects(), shards)
                .rowsRead(records)
                .rowsScored(evaluated == null ? 0 : evaluated.counts().joined())
                .rowsRejected(rejected)
                .rejections(state.captureRejections())
                .metrics(status == RunStatus.FAILED ? null : metrics)
                .curves(readable && evaluatedState != null ? curves(evaluatedState, metrics) : List.of())
                .traffic(served)
                .calibration(calibration == null || status == RunStatus.FAILED ? null
                        : calibration.report(options.minimum()))
                .estimateCheck(status == RunStatus.FAILED ? null : estimateCheck(plan, manifest, metrics, early))
                .build();
        return record(report.withPublished(PublishedMetrics.of(report)), early);
    }

    /**
     * Reports a capture run: the window's captured inputs and outputs against each serving version's baseline.
     * Failed when an object was not read to its end or too many records were rejected; an idle window succeeds with
     * nothing to compare (it is not a failed evaluation), and drift is published only from the minimum sample size.
     */
    RunOutcome finishedCaptureDrift(RunPlan plan, ModelManifest manifest, CaptureDriftScorer.Result result,
            EarlyReads early) {
        EvaluationOptions options = plan.options();
        TrafficPlan window = plan.traffic();
        List<ObjectRead> unreadable = result.objects().stream().filter(o -> !o.readToEnd()).toList();
        List<ServedTraffic.VersionResult> versions = new ArrayList<>();
        DriftReport evaluatedDrift = null;
        for (var e : result.byVersion().entrySet()) {
            DriftState state = result.drift().get(e.getKey());
            DriftReport drift = null;
            if (state != null && unreadable.isEmpty()) {
                ModelManifest versionManifest = registry.manifest(new ModelRef(plan.model(), e.getKey()));
                drift = state.report(versionManifest.baseline(), options.driftThresholds());
            }
            boolean evaluated = e.getKey().equals(plan.version());
            if (evaluated) {
                evaluatedDrift = drift;
            }
            versions.add(new ServedTraffic.VersionResult(e.getKey(), evaluated, e.getValue(), null, drift));
        }
        CaptureCounts capture = result.capture();
        long evaluatedRows = result.byVersion().containsKey(plan.version())
                ? result.byVersion().get(plan.version()).predictions() : 0;
        double rejectedFraction = capture.records() == 0 ? 0 : (double) capture.rejected() / capture.records();
        String span = window.windowStart() + " to " + window.windowEnd();
        RunStatus status = RunStatus.SUCCEEDED;
        String message;
        if (!unreadable.isEmpty()) {
            status = RunStatus.FAILED;
            message = unreadableMessage(unreadable);
        } else if (rejectedFraction > options.maxRejectedFraction()) {
            status = RunStatus.FAILED;
            message = String.format(Locale.ROOT, "rejected %d of %d capture records (%.2f%%), above the limit of "
                    + "%.2f%%: %s", capture.rejected(), capture.records(), rejectedFraction * 100,
                    options.maxRejectedFraction() * 100, reasons(result.rejections()));
        } else if (capture.predictions() == 0) {
            message = "no predictions were served from " + span + ": nothing to compare with the baseline";
        } else if (manifest.baseline() == null) {
            message = "compared " + capture.predictions() + " predictions served from " + span + ", but "
                    + plan.version() + " has no baseline: no drift measured";
        } else if (evaluatedRows < options.minimumSampleSize()) {
            message = plan.version() + " served " + evaluatedRows + " predictions from " + span + ", fewer than the "
                    + "minimum sample size of " + options.minimumSampleSize()
                    + ": drift is shown but not published";
        } else {
            message = String.format(Locale.ROOT, "compared %d predictions of %s served from %s with its baseline: "
                    + "feature PSI max %.3f, prediction PSI %s, inputs out of range %.2f%%", evaluatedRows,
                    plan.version(), span, evaluatedDrift.maxFeaturePsi(),
                    evaluatedDrift.prediction() == null ? "not measured"
                            : String.format(Locale.ROOT, "%.3f", evaluatedDrift.prediction().psi()),
                    evaluatedDrift.inputOutOfRangeRate() * 100);
        }
        EstimationSection estimation = status == RunStatus.FAILED ? null : estimation(plan, result, early);
        if (estimation != null) {
            message += "; performance estimate " + estimation.gate().reason();
        }
        PredictionCounts all = new PredictionCounts(capture.predictions(), 0, capture.predictions());
        ServedTraffic served = new ServedTraffic(window.source().code(), window.windowStart(), window.windowEnd(),
                capture, all, null, Double.NaN, Double.NaN, Double.NaN, Double.NaN, null, result.rejections(), null,
                versions, null);
        RunReport report = planned(plan, manifest, status, message, result.objects(), 1)
                .rowsRead(capture.records())
                .rowsScored(evaluatedRows)
                .rowsRejected(capture.rejected())
                .rejections(result.rejections())
                .drift(status == RunStatus.FAILED ? null : evaluatedDrift)
                .traffic(served)
                .estimation(estimation)
                .build();
        return record(report.withPublished(PublishedMetrics.of(report)), early);
    }

    /**
     * The evaluated version's estimated performance on the capture run's predictions, with the calibration gate's
     * decision from the run index (its latest labelled run of that version); null for regression or without any of
     * its predictions.
     */
    private EstimationSection estimation(RunPlan plan, CaptureDriftScorer.Result result, EarlyReads early) {
        EstimationState state = result.estimation().get(plan.version());
        if (state == null || state.rows() == 0) {
            return null;
        }
        PerformanceEstimate estimate = state.estimate(plan.options().minimum(), ConfidenceIntervals.DEFAULT_LEVEL);
        LabelledCalibration latest = runIndex(plan.model(), early).latestCalibration(plan.version()).orElse(null);
        GateDecision gate = EstimationGate.decide(plan.version(), estimate, latest, calibrationTolerance);
        LOG.info("capture run {} of {}@{}: estimated performance on {} predictions {}", plan.runId(), plan.model(),
                plan.version(), estimate.rows(), gate.reason());
        return new EstimationSection(estimate, gate);
    }

    /**
     * A traffic run's realised metrics beside the estimate a capture run made for the same window and version, found
     * in the run index; null when there was none or nothing was realised.
     */
    private EstimateComparison estimateCheck(RunPlan plan, ModelManifest manifest, MetricReport realised,
            EarlyReads early) {
        if (realised == null || !manifest.task().isClassification()) {
            return null;
        }
        TrafficPlan window = plan.traffic();
        return runIndex(plan.model(), early).estimateOf(plan.version(), window.windowStart(), window.windowEnd())
                .map(e -> EstimateComparison.of(e.runId(), e.finishedAt(), manifest.task(), e.estimated(), realised))
                .orElse(null);
    }

    private static List<ServedTraffic.ShadowResult> shadowResults(List<ShadowState> states, boolean readable,
            EvaluationOptions options) {
        List<ServedTraffic.ShadowResult> results = new ArrayList<>();
        for (ShadowState s : states) {
            boolean any = readable && s.served().rows() > 0;
            results.add(new ServedTraffic.ShadowResult(s.servedBy(), s.candidate(), s.served().rows(), s.notShadowed(),
                    any ? options.report(s.served()) : null,
                    any ? options.report(s.candidateState()) : null));
        }
        return results;
    }

    /** A report of a planned run begun: id, outcome, times, model, configuration and lineage. */
    private RunReport.Builder planned(RunPlan plan, ModelManifest manifest, RunStatus status, String message,
            List<ObjectRead> objects, int shards) {
        return RunReport.builder()
                .runId(plan.runId())
                .status(status)
                .message(message)
                .startedAt(plan.startedAt())
                .finishedAt(clock.instant())
                .model(EvaluatedModel.of(manifest, plan.champion()))
                .configuration(configuration(plan))
                .lineage(lineage(plan, objects, shards));
    }

    private static String trafficMessage(RunPlan plan, TrafficState traffic, String span, MetricReport metrics) {
        JoinAccounting a = traffic.accounting();
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT,
                "joined %d of %d predictions served from %s with their labels (coverage %.2f", a.predictions().joined(),
                a.predictions().predictions(), span, traffic.coverage()));
        if (traffic.labelDelay().count() > 0) {
            s.append(String.format(Locale.ROOT, ", label delay p50 %s, p95 %s",
                    seconds(traffic.labelDelayP50Seconds()), seconds(traffic.labelDelayP95Seconds())));
        }
        s.append("); ").append(a.labels().orphans()).append(" orphan labels, ").append(traffic.conflicts().ids())
                .append(" conflicting");
        if (a.byVersion().size() > 1) {
            s.append("; served by ");
            a.byVersion().forEach((v, c) -> s.append(v).append(" (").append(c.joined()).append(" of ")
                    .append(c.predictions()).append(" joined), "));
            s.setLength(s.length() - 2);
        }
        if (metrics == null) {
            s.append("; ").append(plan.version()).append(" had no joined prediction: no quality metrics");
        } else if (!metrics.largeEnoughToJudge()) {
            s.append("; ").append(plan.version()).append("'s ").append(metrics.rowsScored())
                    .append(" joined predictions are fewer than the minimum sample size of ")
                    .append(metrics.minimumRows()).append(": quality metrics are shown but not published");
        }
        return s.toString();
    }

    private static String seconds(double value) {
        return String.format(Locale.ROOT, value < 10 ? "%.1f s" : "%.0f s", value);
    }

    /** Reports a run stopped by {@code e}; {@code plan} is null when it failed before it was planned. */
    RunOutcome failed(RunPlan plan, RunRequest request, String runId, Instant started, RuntimeException e,
            EarlyReads early) {
        String model = plan != null ? plan.model() : request.model();
        String version = plan != null ? plan.version() : request.version();
        String message = failureMessage(e);
        LOG.error("evaluation run {} of {}@{} failed: {}", runId, model, version, message, e);
        ModelManifest manifest = null;
        if (version != null && ModelRef.isSafe(model) && ModelRef.isSafe(version)) {
            try {
                manifest = registry.manifest(new ModelRef(model, version));
            } catch (RuntimeException unreadable) {
                e.addSuppressed(unreadable);
            }
        }
        // Without a plan, a run that named no version was evaluating the champion, whatever stopped it.
        boolean champion = plan != null ? plan.champion() : request.version() == null;
        EvaluatedModel evaluated = manifest != null ? EvaluatedModel.of(manifest, champion)
                : new EvaluatedModel(model, version, null, champion, null, null);
        RunPlan known = plan != null ? plan : new RunPlan(runId, model, version, false, started, null,
                request.prefix(), request.window(), List.of(), List.of(), request.options());
        RunReport report = RunReport.builder()
                .runId(runId)
                .status(RunStatus.FAILED)
                .message(message)
                .startedAt(started)
                .finishedAt(clock.instant())
                .model(evaluated)
                .configuration(configuration(known))
                .lineage(lineage(known, List.of(), 0))
                .build();
        return record(report.withPublished(PublishedMetrics.of(report)), early);
    }

    /**
     * The pages writer, judging alarms by the quality alarms the reports judge runs by ({@link #judgeBy};
     * {@code VIGIL_QUALITY_ALARMS}, which the CDK app writes, or the local runner's settings), else the defaults, so
     * a model page and a run report judge a run by the same rules.
     */
    private ModelPages pages() {
        QualityAlarms judgedBy = alarms;
        return judgedBy.equals(QualityAlarms.DEFAULTS) ? defaultPages : new ModelPages(registry, reports.store(),
                new ModelPages.Thresholds(judgedBy, PAGES_JUDGED_BY));
    }

    /** The quality alarms the reports judge runs by. */
    void judgeBy(QualityAlarms alarms) {
        this.alarms = Objects.requireNonNull(alarms, "alarms");
    }

    /**
     * {@code report} with one sentence per quality alarm of its model ({@link AlarmSentence}), from the rules the
     * alarms apply; none when the run has no metrics or the model's alarm settings are not valid (logged).
     */
    private RunReport judged(RunReport report) {
        if (report.metrics() == null || !ModelRef.isSafe(report.model().name())) {
            return report;
        }
        try {
            List<AlarmRule> rules = AlarmRules.forModel(alarms.watched(report.model().name(),
                    report.metrics().task()));
            return report.toBuilder().alarms(AlarmSentence.of(rules, report.metrics())).build();
        } catch (IllegalArgumentException invalid) {
            LOG.warn("run {} of {}: no alarm verdicts, the model's alarm settings are not valid: {}",
                    report.runId(), report.model().name(), invalid.getMessage());
            return report;
        }
    }

    /**
     * What the end of a run of one model reads first, started early (while it scores) so that those round trips
     * overlap its work instead of adding to the invocation: the run index with its entity tag, and the two pages.
     * Reading them early is what their compare-and-sets allow; a read that failed or went stale is made again.
     */
    record EarlyReads(String model, CompletableFuture<ReportStore.IndexRead> index, ModelPages.PageReads pages) {}

    /** Starts the reads the end of a run of {@code model} begins with; null for a name no key may hold. */
    EarlyReads readEarly(String model) {
        if (!ModelRef.isSafe(model)) {
            return null;
        }
        return new EarlyReads(model, ConcurrentReads.start(() -> reports.indexForUpdate(model)),
                pages().readEarly(model));
    }

    /** Writes the reports and the index entry, then publishes; a failure to write turns the run into a failed one. */
    private RunOutcome record(RunReport unjudged, EarlyReads early) {
        RunReport report = judged(unjudged);
        EvaluatedModel m = report.model();
        String reportKey = null;
        RunReport toPublish = report;
        EarlyReads mine = early != null && early.model().equals(m.name()) ? early : null;
        if (ModelRef.isSafe(m.name())) {
            try {
                ReportStore.IndexRead read = mine == null ? reports.indexForUpdate(m.name()) : indexRead(mine);
                RunIndex history = read.index().with(ReportStore.entry(report));
                reportKey = reports.write(report, HtmlReport.render(report, history));
                reports.record(report, read);
                refreshPages(report, mine == null ? null : mine.pages());
            } catch (RuntimeException e) {
                LOG.error("run {} of {}: the report could not be written: {}", report.runId(), m.name(),
                        e.getMessage(), e);
                if (report.status() != RunStatus.FAILED) {
                    RunReport unwritten = report.toBuilder()
                            .status(RunStatus.FAILED)
                            .message("the report could not be written: " + e.getMessage())
                            .metrics(null)
                            .drift(null)
                            .curves(List.of())
                            .build();
                    toPublish = unwritten.withPublished(PublishedMetrics.of(unwritten));
                }
                reportKey = null;
            }
        }
        if (ModelRef.isSafe(m.name()) && (m.version() == null || ModelRef.isSafe(m.version()))) {
            publisher.publish(m.name(), m.version(), m.champion(), toPublish.published());
            if (toPublish.status() == RunStatus.SUCCEEDED && m.champion()) {
                publisher.publishSlices(m.name(), toPublish.publishedSlices());
            }
            if (toPublish.status() == RunStatus.SUCCEEDED && toPublish.traffic() != null) {
                for (ServedTraffic.VersionResult v : toPublish.traffic().versions()) {
                    if (!v.evaluated() && ModelRef.isSafe(v.version())) {
                        publisher.publish(m.name(), v.version(), false, PublishedMetrics.quality(v.metrics()));
                    }
                }
            }
        }
        LOG.info("evaluation run {} of {}@{} {}: {} published {}", report.runId(), m.name(), m.version(),
                toPublish.status().name().toLowerCase(Locale.ROOT), toPublish.message(), toPublish.published());
        return new RunOutcome(report.runId(), m.name(), m.version(), m.champion(), toPublish.status(),
                toPublish.message(), reportKey, toPublish.published());
    }

    /** The run index of {@code model}: as read early when {@code early} read it, else as read now. */
    private RunIndex runIndex(String model, EarlyReads early) {
        return early != null && early.model().equals(model) ? indexRead(early).index() : reports.index(model);
    }

    /** The run index as read early, or as read now when that read failed. */
    private ReportStore.IndexRead indexRead(EarlyReads early) {
        try {
            return Futures.joined(early.index());
        } catch (RuntimeException failed) {
            return reports.indexForUpdate(early.model());
        }
    }

    /** Rewrites the model's page and the models page; a page that cannot be written never fails the run. */
    private void refreshPages(RunReport report, ModelPages.PageReads early) {
        try {
            pages().refresh(report.model().name(), early);
        } catch (RuntimeException e) {
            LOG.warn("run {} of {}: the model pages could not be rewritten: {}", report.runId(), report.model().name(),
                    e.getMessage(), e);
        }
    }

    private static RunConfiguration configuration(RunPlan plan) {
        EvaluationOptions o = plan.options();
        return new RunConfiguration(plan.dataLocation(), plan.window(), o.columns(), o.minimumSampleSize(),
                o.maxRejectedFraction(), o.batchSize(), o.driftThresholds(), o.driftSampleCapacity(),
                o.confidenceLevel());
    }

    private static Lineage lineage(RunPlan plan, List<ObjectRead> objects, int shards) {
        return new Lineage(plan.dataLocation(), plan.partitions(), objects, plan.ignoredKeys(), shards);
    }

    /** ROC and PR curves of the positive class (binary) or of every class against the rest (multiclass). */
    private static List<Curve> curves(EvaluationState state, MetricReport metrics) {
        if (!(state instanceof ClassificationState c) || metrics == null) {
            return List.of();
        }
        List<Curve> curves = new ArrayList<>();
        boolean binary = c.task() == Task.BINARY_CLASSIFICATION;
        for (int k = binary ? 1 : 0; k < c.labels().size(); k++) {
            ClassMetrics perClass = metrics.perClass().get(k);
            RankingCurves both = c.curves(k, Curve.MAX_POINTS);
            RocCurve roc = both.roc();
            PrecisionRecallCurve pr = both.precisionRecall();
            curves.add(Curve.thinned(Curve.Kind.ROC, perClass.label(), perClass.rocAuc(), roc.falsePositiveRate(),
                    roc.truePositiveRate()));
            curves.add(Curve.thinned(Curve.Kind.PR, perClass.label(), perClass.averagePrecision(), pr.recall(),
                    pr.precision()));
        }
        return curves;
    }

    private static String reasons(ShardState state) {
        return reasons(state.rejections());
    }

    private static String reasons(RejectionSummary rejections) {
        StringBuilder s = new StringBuilder();
        for (RejectReason reason : RejectReason.values()) {
            long n = rejections.count(reason);
            if (n > 0) {
                s.append(s.isEmpty() ? "" : ", ").append(n).append(' ').append(reason.code());
            }
        }
        return s.toString();
    }

    /** Names each object not read to its end (the first few), the record it reached and why, in words. */
    private static String unreadableMessage(List<ObjectRead> unreadable) {
        StringBuilder s = new StringBuilder(unreadable.size() == 1 ? "an object could not be read to its end"
                : unreadable.size() + " objects could not be read to their end");
        s.append(", so its rows are not all counted and the run is not judged: ");
        for (int i = 0; i < Math.min(unreadable.size(), MAX_NAMED_OBJECTS); i++) {
            ObjectRead o = unreadable.get(i);
            s.append(i == 0 ? "" : "; ").append(o.key()).append(": ").append(o.error());
        }
        if (unreadable.size() > MAX_NAMED_OBJECTS) {
            s.append("; and ").append(unreadable.size() - MAX_NAMED_OBJECTS).append(" more (see the lineage)");
        }
        return s.toString();
    }

    /** "; key lacks columns [...]" for the first few objects whose header lacks a feature or the label, or "". */
    private static String missingColumns(List<ObjectRead> objects) {
        List<String> lacking = objects.stream().filter(o -> !o.missingColumns().isEmpty()).limit(MAX_NAMED_OBJECTS)
                .map(o -> o.key() + " lacks columns " + o.missingColumns()).toList();
        return lacking.isEmpty() ? "" : "; " + String.join("; ", lacking);
    }

    private static String describe(DatasetWindow window) {
        return switch (window) {
            case DatasetWindow.LastDays d -> "last " + d.days() + " days";
            case DatasetWindow.LastPartitions p -> "last " + p.partitions() + " partitions";
            case DatasetWindow.Keys k -> k.keys().size() + " listed keys";
            case DatasetWindow.Everything e -> "everything";
        };
    }

    /** The run's message for {@code e}: its own words (the log line has the exception itself). */
    private static String failureMessage(RuntimeException e) {
        return e.getMessage() == null || e.getMessage().isBlank()
                ? "an unexpected error stopped the run; the function's log has the details" : e.getMessage();
    }
}
