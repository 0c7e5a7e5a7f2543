package dev.vigil.evaluate;

import dev.vigil.dataset.DatasetException;
import dev.vigil.dataset.DatasetSelection;
import dev.vigil.dataset.DatasetWindow;
import dev.vigil.dataset.LabelledData;
import dev.vigil.dataset.ObjectRead;
import dev.vigil.dataset.RejectReason;
import dev.vigil.drift.DriftAccumulator;
import dev.vigil.drift.DriftReport;
import dev.vigil.evaluation.ClassificationState;
import dev.vigil.evaluation.ClassMetrics;
import dev.vigil.evaluation.EvaluationState;
import dev.vigil.evaluation.MetricReport;
import dev.vigil.evaluation.PrecisionRecallCurve;
import dev.vigil.evaluation.RocCurve;
import dev.vigil.json.Json;
import dev.vigil.model.ModelManifest;
import dev.vigil.model.ModelRef;
import dev.vigil.model.Task;
import dev.vigil.onnx.OnnxModel;
import dev.vigil.onnx.SessionSettings;
import dev.vigil.registry.ChampionPointer;
import dev.vigil.registry.ModelRegistry;
import dev.vigil.registry.RegistryException;
import dev.vigil.report.Curve;
import dev.vigil.report.EvaluatedModel;
import dev.vigil.report.HtmlReport;
import dev.vigil.report.Lineage;
import dev.vigil.report.PublishedMetrics;
import dev.vigil.report.ReportStore;
import dev.vigil.report.RunConfiguration;
import dev.vigil.report.RunIndex;
import dev.vigil.report.RunReport;
import dev.vigil.report.RunStatus;
import dev.vigil.storage.BlobStore;
import dev.vigil.storage.ObjectInfo;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates a model version against labelled data, in one pass ({@link #run}) or in shards ({@link #plan},
 * {@link #shard}, {@link #merge}, {@link #abort}): scores rows through ONNX Runtime, computes metrics and drift,
 * writes the JSON and HTML reports and the run index, and publishes one value per metric. A run that cannot produce a
 * trustworthy report ends {@link RunStatus#FAILED}: {@code EvaluationFailed} = 1, a failed entry in the index, and the
 * last good report left as it was.
 *
 * <p>Holds the last loaded model between invocations (versions are immutable); not thread-safe.
 */
public final class Evaluation implements AutoCloseable {
    /** Bytes of objects per shard when planning: enough to keep one invocation busy for a while, not for minutes. */
    public static final long DEFAULT_SHARD_BYTES = 256L << 20;
    private static final Logger LOG = LoggerFactory.getLogger(Evaluation.class);
    private static final DateTimeFormatter RUN_ID_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final ModelRegistry registry;
    private final LabelledData data;
    private final ReportStore reports;
    private final MetricsPublisher publisher;
    private final Clock clock;
    private final SessionSettings session;
    private OnnxModel loaded;

    public Evaluation(ModelRegistry registry, BlobStore dataStore, ReportStore reports, MetricsPublisher publisher,
            Clock clock, SessionSettings session) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.data = new LabelledData(dataStore, clock);
        this.reports = Objects.requireNonNull(reports, "reports");
        this.publisher = Objects.requireNonNull(publisher, "publisher");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.session = Objects.requireNonNull(session, "session");
    }

    /** Evaluates {@code request} in one pass: plan, score every object, report. */
    public RunOutcome run(RunRequest request) {
        Instant started = clock.instant();
        String runId = runId(request.runId(), started);
        Planned planned = null;
        try {
            planned = plan(request, runId, started);
            ShardState state = score(planned.plan(), "00000", planned.selection().objects());
            return finish(planned.plan(), state, 1);
        } catch (RuntimeException e) {
            return fail(planned == null ? null : planned.plan(), request, runId, started, e);
        }
    }

    /**
     * Plans a sharded run: resolves the version, lists the window, and writes the shard items (objects grouped up to
     * {@code shardBytes} each, in reading order) to {@code reports/<model>/runs/<runId>/plan.json}.
     *
     * @param itemsBucket the bucket of the reports store, returned for the Distributed Map's ItemReader
     */
    public PlanOutput plan(RunRequest request, long shardBytes, String itemsBucket) {
        Instant started = clock.instant();
        String runId = runId(request.runId(), started);
        Planned planned = plan(request, runId, started);
        List<ShardItem> items = new ArrayList<>();
        List<ObjectInfo> current = new ArrayList<>();
        long bytes = 0;
        for (ObjectInfo object : planned.selection().objects()) {
            if (!current.isEmpty() && bytes + object.size() > shardBytes) {
                items.add(new ShardItem(ShardItem.MODE, planned.plan(), shardId(items.size()), current));
                current = new ArrayList<>();
                bytes = 0;
            }
            current.add(object);
            bytes += object.size();
        }
        if (!current.isEmpty()) {
            items.add(new ShardItem(ShardItem.MODE, planned.plan(), shardId(items.size()), current));
        }
        String key = reports.putRunObject(request.model(), runId, "plan.json", Json.toBytes(items));
        LOG.info("planned run {} of {}@{}: {} objects in {} shards, items at {}", runId, request.model(),
                planned.plan().version(), planned.selection().objects().size(), items.size(), key);
        return new PlanOutput(planned.plan(), items.size(), planned.selection().objects().size(), itemsBucket, key);
    }

    /** Scores one shard and writes its partial state to {@code reports/<model>/runs/<runId>/shards/<shard>.json}. */
    public ShardOutput shard(ShardItem item) {
        RunPlan plan = item.run();
        requireShardId(item.shard());
        ShardState state = score(plan, item.shard(), item.objects());
        String key = reports.putRunObject(plan.model(), plan.runId(), shardKey(item.shard()), Json.toBytes(state));
        return new ShardOutput(plan.runId(), item.shard(), key, state.rowsRead(), state.rowsScored(),
                state.rowsRejected());
    }

    /**
     * Merges the partial states of a sharded run in shard order and reports it, as {@link #run} would have.
     *
     * @param states the shards' outputs, or null to read shards {@code 00000 .. shardCount-1}
     * @param shardCount the plan's shard count (used when {@code states} is null)
     */
    public RunOutcome merge(RunPlan plan, List<ShardOutput> states, int shardCount) {
        try {
            List<String> keys = new ArrayList<>();
            if (states != null) {
                states.stream().sorted(Comparator.comparing(ShardOutput::shard))
                        .forEach(s -> keys.add(s.stateKey()));
            } else {
                for (int i = 0; i < shardCount; i++) {
                    keys.add(ReportStore.runPrefix(plan.model(), plan.runId()) + shardKey(shardId(i)));
                }
            }
            ShardState merged = null;
            for (String key : keys) {
                byte[] bytes = reports.getRunObject(plan.model(), plan.runId(), key).orElseThrow(
                        () -> new IllegalStateException("shard state " + key + " is missing; did every shard run?"));
                ShardState state = Json.fromBytes(bytes, ShardState.class);
                merged = merged == null ? state : merged.merge(state);
            }
            if (merged == null) {
                merged = emptyState(plan);
            }
            return finish(plan, merged, keys.size());
        } catch (RuntimeException e) {
            return fail(plan, null, plan.runId(), plan.startedAt(), e);
        }
    }

    /** Records a sharded run that failed outside this function (a shard or the map failed). */
    public RunOutcome abort(RunPlan plan, String error) {
        return fail(plan, null, plan.runId(), plan.startedAt(), new IllegalStateException(error));
    }

    private record Planned(RunPlan plan, DatasetSelection selection) {}

    private Planned plan(RunRequest request, String runId, Instant started) {
        String model = request.model();
        ChampionPointer champion = registry.champion(model).orElse(null);
        String version = request.version();
        if (version == null) {
            if (champion == null) {
                throw new RegistryException(RegistryException.Reason.NO_CHAMPION, model
                        + " has no champion: promote a version, or name the version to evaluate");
            }
            version = champion.version();
        }
        registry.manifest(new ModelRef(model, version));
        String prefix = request.prefix() == null ? LabelledData.prefix(model) : request.prefix();
        DatasetSelection selection = data.select(prefix, request.window());
        RunPlan plan = new RunPlan(runId, model, version, champion != null && champion.version().equals(version),
                started, selection.location(), prefix, request.window(), selection.partitions(),
                selection.ignoredKeys(), request.options());
        return new Planned(plan, selection);
    }

    private ShardState score(RunPlan plan, String shard, List<ObjectInfo> objects) {
        OnnxModel model = model(new ModelRef(plan.model(), plan.version()));
        if (objects.isEmpty()) {
            return emptyState(plan);
        }
        ShardScorer scorer = new ShardScorer(data, model, plan.options());
        long start = System.nanoTime();
        ShardState state = scorer.score(plan.runId(), shard, objects);
        long nanos = System.nanoTime() - start;
        LOG.info("scored shard {} of run {}: {} rows ({} rejected) from {} objects in {} ms, {}% in ONNX Runtime",
                shard, plan.runId(), state.rowsScored(), state.rowsRejected(), objects.size(), nanos / 1_000_000,
                nanos == 0 ? 0 : scorer.predictNanos() * 100 / nanos);
        return state;
    }

    private ShardState emptyState(RunPlan plan) {
        ModelManifest manifest = model(new ModelRef(plan.model(), plan.version())).manifest();
        return new ShardState(plan.runId(), List.of(), manifest.version(), manifest.sha256(), List.of(), null,
                EvaluationState.empty(manifest.task(), manifest.labels()),
                manifest.baseline() == null ? null
                        : new DriftAccumulator(manifest.features(), manifest.baseline(),
                                plan.options().driftSampleCapacity()).state());
    }

    private RunOutcome finish(RunPlan plan, ShardState state, int shards) {
        ModelManifest manifest = model(new ModelRef(plan.model(), plan.version())).manifest();
        EvaluationOptions options = plan.options();
        long read = state.rowsRead();
        long rejected = state.rowsRejected();
        long scored = state.rowsScored();
        MetricReport metrics = scored == 0 ? null : state.evaluation().report(options.minimum());
        DriftReport drift = scored == 0 || state.drift() == null ? null
                : state.drift().report(manifest.baseline(), options.driftThresholds());
        RunStatus status;
        String message;
        double rejectedFraction = read == 0 ? 0 : (double) rejected / read;
        if (read == 0) {
            status = RunStatus.NO_DATA;
            message = "no labelled rows in the window (" + describe(plan.window()) + ") under " + plan.dataLocation()
                    + ": " + state.objects().size() + " objects read; no quality metrics published";
            LOG.warn("evaluation of {}@{} found no data: {}", plan.model(), plan.version(), message);
        } else if (rejectedFraction > options.maxRejectedFraction()) {
            status = RunStatus.FAILED;
            message = String.format(Locale.ROOT, "rejected %d of %d rows (%.2f%%), above the limit of %.2f%%: %s",
                    rejected, read, rejectedFraction * 100, options.maxRejectedFraction() * 100,
                    reasons(state));
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
        RunReport report = new RunReport(RunReport.SCHEMA_VERSION, plan.runId(), status, message, plan.startedAt(),
                clock.instant(), EvaluatedModel.of(manifest, plan.champion()), configuration(plan),
                lineage(plan, state.objects(), shards), read, scored, rejected, state.rejections(), metrics, drift,
                curves(state.evaluation(), metrics), null);
        return record(report.withPublished(PublishedMetrics.of(report)));
    }

    private RunOutcome fail(RunPlan plan, RunRequest request, String runId, Instant started, RuntimeException e) {
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
        RunReport report = new RunReport(RunReport.SCHEMA_VERSION, runId, RunStatus.FAILED, message, started,
                clock.instant(), evaluated, configuration(known), lineage(known, List.of(), 0), 0, 0, 0, null, null,
                null, List.of(), null);
        return record(report.withPublished(PublishedMetrics.of(report)));
    }

    /** Writes the reports and the index entry, then publishes; a failure to write turns the run into a failed one. */
    private RunOutcome record(RunReport report) {
        EvaluatedModel m = report.model();
        String reportKey = null;
        RunReport toPublish = report;
        if (ModelRef.isSafe(m.name())) {
            try {
                RunIndex history = reports.index(m.name()).with(ReportStore.entry(report));
                reportKey = reports.write(report, HtmlReport.render(report, history));
                reports.record(report);
            } catch (RuntimeException e) {
                LOG.error("run {} of {}: the report could not be written: {}", report.runId(), m.name(),
                        e.getMessage(), e);
                if (report.status() != RunStatus.FAILED) {
                    toPublish = new RunReport(report.schemaVersion(), report.runId(), RunStatus.FAILED,
                            "the report could not be written: " + e.getMessage(), report.startedAt(),
                            report.finishedAt(), m, report.configuration(), report.lineage(), report.rowsRead(),
                            report.rowsScored(), report.rowsRejected(), report.rejections(), null, null, null, null);
                    toPublish = toPublish.withPublished(PublishedMetrics.of(toPublish));
                }
                reportKey = null;
            }
        }
        if (ModelRef.isSafe(m.name()) && (m.version() == null || ModelRef.isSafe(m.version()))) {
            publisher.publish(m.name(), m.version(), m.champion(), toPublish.published());
        }
        LOG.info("evaluation run {} of {}@{} {}: {} published {}", report.runId(), m.name(), m.version(),
                toPublish.status().name().toLowerCase(Locale.ROOT), toPublish.message(), toPublish.published());
        return new RunOutcome(report.runId(), m.name(), m.version(), m.champion(), toPublish.status(),
                toPublish.message(), reportKey, toPublish.published());
    }

    private OnnxModel model(ModelRef ref) {
        if (loaded != null && loaded.manifest().ref().equals(ref)) {
            return loaded;
        }
        OnnxModel next = OnnxModel.load(registry.loadArtifact(ref), session);
        if (loaded != null) {
            loaded.close();
        }
        loaded = next;
        return next;
    }

    private static RunConfiguration configuration(RunPlan plan) {
        EvaluationOptions o = plan.options();
        return new RunConfiguration(plan.dataLocation(), plan.window(), o.columns(), o.minimumSampleSize(),
                o.maxRejectedFraction(), o.batchSize(), o.driftThresholds(), o.driftSampleCapacity());
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
            RocCurve roc = c.rocCurve(k);
            PrecisionRecallCurve pr = c.precisionRecallCurve(k);
            curves.add(Curve.thinned(Curve.Kind.ROC, perClass.label(), perClass.rocAuc(), roc.falsePositiveRate(),
                    roc.truePositiveRate()));
            curves.add(Curve.thinned(Curve.Kind.PR, perClass.label(), perClass.averagePrecision(), pr.recall(),
                    pr.precision()));
        }
        return curves;
    }

    private static String reasons(ShardState state) {
        StringBuilder s = new StringBuilder();
        for (RejectReason reason : RejectReason.values()) {
            long n = state.rejections().count(reason);
            if (n > 0) {
                s.append(s.isEmpty() ? "" : ", ").append(n).append(' ').append(reason.code());
            }
        }
        return s.toString();
    }

    private static String describe(DatasetWindow window) {
        return switch (window) {
            case DatasetWindow.LastDays d -> "last " + d.days() + " days";
            case DatasetWindow.LastPartitions p -> "last " + p.partitions() + " partitions";
            case DatasetWindow.Keys k -> k.keys().size() + " listed keys";
            case DatasetWindow.Everything e -> "everything";
        };
    }

    private static String failureMessage(RuntimeException e) {
        String text = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return e instanceof RegistryException || e instanceof DatasetException
                || e instanceof IllegalStateException || e instanceof IllegalArgumentException
                ? text : e.getClass().getSimpleName() + ": " + text;
    }

    private static String runId(String requested, Instant started) {
        if (requested != null) {
            if (!ModelRef.isSafe(requested)) {
                throw new IllegalArgumentException("runId must match [A-Za-z0-9][A-Za-z0-9._-]{0,127}: " + requested);
            }
            return requested;
        }
        return RUN_ID_TIME.format(started) + "-" + String.format(Locale.ROOT, "%06x",
                ThreadLocalRandom.current().nextInt(1 << 24));
    }

    static String shardId(int index) {
        return String.format(Locale.ROOT, "%05d", index);
    }

    private static String shardKey(String shard) {
        return "shards/" + shard + ".json";
    }

    private static void requireShardId(String shard) {
        if (shard == null || !shard.matches("[0-9]{1,9}")) {
            throw new IllegalArgumentException("shard id must be digits, was " + shard);
        }
    }

    /** Releases the loaded model. */
    @Override
    public void close() {
        if (loaded != null) {
            loaded.close();
            loaded = null;
        }
    }
}
