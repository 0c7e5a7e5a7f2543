package dev.vigil.training;

import dev.vigil.alarms.WatchedModel;
import dev.vigil.dataset.DatasetWindow;
import dev.vigil.evaluation.Metric;
import dev.vigil.evaluation.MetricReport;
import dev.vigil.metrics.Direction;
import dev.vigil.model.Baseline;
import dev.vigil.model.ModelManifest;
import dev.vigil.model.ModelRef;
import dev.vigil.model.OutputFormat;
import dev.vigil.model.OutputSpec;
import dev.vigil.model.Provenance;
import dev.vigil.onnx.ModelBaseline;
import dev.vigil.onnx.OnnxModel;
import dev.vigil.registry.ChampionPointer;
import dev.vigil.registry.ModelDraft;
import dev.vigil.registry.ModelRegistry;
import dev.vigil.registry.RegistryException;
import dev.vigil.report.ModelPages;
import dev.vigil.retrain.RetrainRequest;
import dev.vigil.storage.Sha256;
import dev.vigil.traffic.TrafficWindow;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One in-process retraining run: reads its training rows — for a model whose served traffic the loop judges, the
 * joined traffic of the newest judged window(s) ({@link TrafficTrainingWindow}, split {@linkplain DataSplit#byTime by
 * time}), else the labelled window (split by time too, in partition and row order) — splits them (oldest 60 % train,
 * next 20 % validation, newest 20 % held out, so the gate never judges on rows the candidate learnt from), searches the
 * hyperparameter grid on the validation rows, refits the best setting, exports it to ONNX, registers it as the next
 * version with its training baseline, scores it and the champion on the held-out rows with the metric engine, and
 * promotes it only when the {@link PromotionGate} says it is better. Every run writes a {@link RetrainReport}, a
 * failed one included, and rewrites the model's page ({@link ModelPages}).
 */
public final class Retrainer {
    private static final Pattern VERSION = Pattern.compile("v(\\d+)");
    private static final String ALGORITHM =
            "logistic regression (Tribuo LinearSGDTrainer, log loss, AdaGrad, L2 penalty)";

    private final ModelRegistry registry;
    private final TrainingWindow data;
    private final RetrainReports reports;
    private final RetrainSettings settings;
    private final Trainer trainer;
    private final Clock clock;
    private final ServedTraffic traffic;
    private String trainerName = "vigil local runner (in-process retrain backend)";
    private volatile ModelPages.Thresholds pagesJudgedBy;

    /**
     * Where a model watched on served traffic takes its training rows from.
     *
     * @param window reads and joins capture and labels
     * @param judged the windows the loop judged, per model
     * @param windows how many of the newest judged windows a retrain trains on (the alarm's window: 1)
     */
    public record ServedTraffic(TrafficTrainingWindow window, JudgedTrafficWindows judged, int windows) {
        public ServedTraffic {
            Objects.requireNonNull(window, "window");
            Objects.requireNonNull(judged, "judged");
            if (windows < 1) {
                throw new IllegalArgumentException("a retrain on served traffic needs at least one window");
            }
        }
    }

    /** A retrainer of labelled data only. */
    public Retrainer(ModelRegistry registry, TrainingWindow data, RetrainReports reports, RetrainSettings settings,
            Trainer trainer, Clock clock) {
        this(registry, data, reports, settings, trainer, clock, null);
    }

    /**
     * A retrainer that trains a model on its served traffic once {@code traffic.judged()} holds a window of it
     * ({@code traffic} null: labelled data only).
     */
    public Retrainer(ModelRegistry registry, TrainingWindow data, RetrainReports reports, RetrainSettings settings,
            Trainer trainer, Clock clock, ServedTraffic traffic) {
        this.traffic = traffic;
        this.registry = Objects.requireNonNull(registry, "registry");
        this.data = Objects.requireNonNull(data, "data");
        this.reports = Objects.requireNonNull(reports, "reports");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.trainer = Objects.requireNonNull(trainer, "trainer");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** This retrainer, naming {@code trainer} as the trainer in the provenance of what it registers. */
    public Retrainer describedAs(String trainer) {
        this.trainerName = Objects.requireNonNull(trainer, "trainer");
        return this;
    }

    /**
     * Runs {@code request} as run {@code runId}, on the model's judged traffic windows when it has any, else on the
     * configured labelled window; never throws: a failure is a {@code FAILED} report.
     */
    public Result retrain(String runId, RetrainRequest request) {
        List<TrafficWindow> windows = traffic == null ? List.of()
                : traffic.judged().newest(request.modelName(), traffic.windows());
        return retrain(runId, request, settings.window(), windows);
    }

    /**
     * As {@link #retrain(String, RetrainRequest)}, training on the labelled {@code window} (a first version: all
     * history; a backfill).
     */
    public Result retrain(String runId, RetrainRequest request, DatasetWindow window) {
        return retrain(runId, request, window, List.of());
    }

    private Result retrain(String runId, RetrainRequest request, DatasetWindow window, List<TrafficWindow> served) {
        Trained trained;
        try {
            trained = train(runId, request, window, served);
        } catch (Failed e) {
            return e.result();
        }
        PendingRetrain pending = trained.pending();
        try {
            MetricReport candidateHeldOut;
            try (OnnxModel candidate = OnnxModel.load(registry.loadArtifact(new ModelRef(
                    pending.model(), pending.candidateVersion())))) {
                candidateHeldOut = HoldoutScorer.score(candidate, trained.heldOut());
            }
            MetricReport championHeldOut = null;
            if (pending.championVersion() != null) {
                try (OnnxModel current = OnnxModel.load(registry.loadArtifact(new ModelRef(
                        pending.model(), pending.championVersion())))) {
                    championHeldOut = HoldoutScorer.score(current, trained.heldOut());
                }
            }
            return decide(pending, candidateHeldOut, championHeldOut);
        } catch (RuntimeException e) {
            return failed(pending, e);
        }
    }

    /** What a run produced: its report, and the key of its HTML page (null if it could not be written). */
    public record Result(RetrainReport report, String htmlKey) {}

    /**
     * The first half of a run: a candidate trained, registered (not promoted) and waiting for its held-out
     * comparison, and the held-out rows to compare it on.
     */
    public record Trained(PendingRetrain pending, LabelledRows heldOut) {}

    /** A run that failed before it had a candidate: its {@code FAILED} report is written. */
    public static final class Failed extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient Result result;

        Failed(Result result, Throwable cause) {
            super(result.report().message(), cause);
            this.result = result;
        }

        /** The failed run's report. */
        public Result result() {
            return result;
        }
    }

    /**
     * Trains and registers a candidate for {@code request} as run {@code runId}, on the given served-traffic
     * windows (none: the labelled {@code window}).
     *
     * @throws Failed when it stops first; its {@code FAILED} report is written
     */
    public Trained train(String runId, RetrainRequest request, DatasetWindow window, List<TrafficWindow> served) {
        Instant started = clock.instant();
        String model = request.modelName();
        RetrainReport.Trigger trigger = trigger(request);
        Progress progress = new Progress();
        try {
            return run(runId, model, trigger, started, progress, window, served);
        } catch (RuntimeException e) {
            throw failedRun(runId, model, trigger, started, progress, e);
        }
    }

    /**
     * The second half of a run: judges the candidate of {@code pending} against its champion with the gate, from
     * their metrics on the same held-out rows ({@code champion} null when the model had none), promotes it through
     * the registry's conditional write when the gate says so — only while the champion is still the one it was
     * compared with — and writes the run's report.
     */
    public Result decide(PendingRetrain pending, MetricReport candidate, MetricReport champion) {
        if (pending.championVersion() != null && champion == null) {
            throw new IllegalArgumentException("the candidate of run " + pending.runId() + " must be compared with "
                    + pending.championVersion() + "'s held-out metrics");
        }
        PromotionGate gate = pending.gate().toGate();
        RetrainReport.Evaluated candidateSide = RetrainReport.Evaluated.of(pending.candidateVersion(),
                pending.candidateSha256(), candidate);
        RetrainReport.Evaluated championSide = champion == null ? null : RetrainReport.Evaluated.of(
                pending.championVersion(), pending.championSha256(), champion);
        PromotionGate.Verdict verdict = gate.judge(candidate, champion);
        String model = pending.model();
        String version = pending.candidateVersion();
        String kept = pending.championVersion() == null ? "no version" : pending.championVersion();
        RetrainReport.Status status;
        String message;
        if (verdict.promote()) {
            try {
                ChampionPointer now = registry.promoteOver(model, version, pending.championVersion(),
                        "retrain " + pending.runId() + ": " + verdict.reason());
                status = RetrainReport.Status.PROMOTED;
                message = model + "@" + version + " promoted (" + verdict.reason() + ")"
                        + (now.previous().isEmpty() ? "" : "; was " + now.previous().get(0).version());
            } catch (RegistryException e) {
                if (e.reason() != RegistryException.Reason.CONFLICT) {
                    throw e;
                }
                status = RetrainReport.Status.NOT_PROMOTED;
                message = model + "@" + version + " passed the gate but was not promoted: " + e.getMessage();
            }
        } else {
            status = RetrainReport.Status.NOT_PROMOTED;
            message = model + "@" + version + " registered but not promoted (" + verdict.reason() + "); " + kept
                    + " stays champion";
        }
        return write(new RetrainReport(RetrainReport.SCHEMA_VERSION, pending.runId(), model, status, message,
                pending.startedAt(), clock.instant(), pending.trigger(), pending.data(), pending.search(),
                candidateSide, championSide, RetrainReport.Decision.of(gate, verdict)));
    }

    /** Records that the run of {@code pending} failed after its candidate was registered; nothing is promoted. */
    public Result failed(PendingRetrain pending, Throwable cause) {
        String message = cause.getMessage() == null ? cause.toString() : cause.getMessage();
        return failed(pending, message);
    }

    /** As {@link #failed(PendingRetrain, Throwable)}, with the failure in words. */
    public Result failed(PendingRetrain pending, String message) {
        RetrainReport.Evaluated candidate = new RetrainReport.Evaluated(pending.candidateVersion(),
                pending.candidateSha256(), Map.of());
        return write(new RetrainReport(RetrainReport.SCHEMA_VERSION, pending.runId(), pending.model(),
                RetrainReport.Status.FAILED, "retraining failed: " + message, pending.startedAt(), clock.instant(),
                pending.trigger(), pending.data(), pending.search(), candidate, null, null));
    }

    private Result write(RetrainReport report) {
        String html;
        try {
            html = reports.write(report);
        } catch (RuntimeException e) {
            html = null;
        }
        refreshPages(report.model());
        return new Result(report, html);
    }

    /**
     * Judges the alarms of the model pages this retrainer rewrites by {@code thresholds} (the settings evaluate's
     * reports judge runs by) rather than Vigil's defaults with the retrain thresholds on top; returns this.
     */
    public Retrainer judgingPagesBy(ModelPages.Thresholds thresholds) {
        this.pagesJudgedBy = Objects.requireNonNull(thresholds, "thresholds");
        return this;
    }

    /** Rewrites the model's page and the models page with the run's outcome; a page never fails the run. */
    private void refreshPages(String model) {
        try {
            new ModelPages(registry, reports.store(), pagesJudgedBy != null ? pagesJudgedBy
                    : ModelPages.Thresholds.of(settings.thresholds())).refresh(model);
        } catch (RuntimeException e) {
            // the run's own report stands; the next evaluation run rewrites the pages
        }
    }

    /** What a run has established so far, so that a failure report keeps it. */
    private static final class Progress {
        RetrainReport.Data data;
        RetrainReport.Search search;
        RetrainReport.Evaluated candidate;
        RetrainReport.Evaluated champion;
    }

    private Trained run(String runId, String model, RetrainReport.Trigger trigger, Instant started,
            Progress progress, DatasetWindow window, List<TrafficWindow> served) {
        Prepared prepared = prepared(runId, model, trigger, started, progress, window, served);
        PreparedRun run = prepared.run();
        DataSplit split = prepared.split();
        TrainingSchema schema = run.schema();
        PromotionGate gate = run.gate().toGate();
        long seed = seed(runId);
        List<RetrainReport.Trial> trials = new ArrayList<>();
        Hyperparameters best = null;
        double bestValue = Double.NaN;
        for (Hyperparameters setting : settings.grid()) {
            LogisticRegressionTrainer.Trained fitted = trainer.train(split.train(), setting, seed);
            MetricReport validation = HoldoutScorer.score(schema.task(), schema.decisionThreshold(),
                    split.validation(), fitted.probabilities(split.validation()));
            double value = validation.value(gate.metric());
            trials.add(new RetrainReport.Trial(setting, RetrainReport.finite(value)));
            if (Double.isFinite(value) && (best == null || better(gate.metric(), value, bestValue))) {
                best = setting;
                bestValue = value;
            }
        }
        progress.search = new RetrainReport.Search(ALGORITHM, gate.metric().publishedName(), trials, best);
        if (best == null) {
            throw new IllegalStateException(gate.metric().publishedName() + " is undefined on the validation rows for"
                    + " every setting");
        }
        LabelledRows fitRows = split.train().concat(split.validation());
        byte[] onnx = trainer.train(fitRows, best, seed).onnx();
        PendingRetrain pending = registerCandidate(run, onnx, fitRows, ALGORITHM, best.toString(), progress.search);
        progress.candidate = new RetrainReport.Evaluated(pending.candidateVersion(), pending.candidateSha256(),
                Map.of());
        return new Trained(pending, split.test());
    }

    /**
     * A run's data read and split and its gate chosen, for a trainer outside this process (a SageMaker training
     * job) to fit: {@link #register} then registers what it made.
     *
     * @throws Failed when it stops first; its {@code FAILED} report is written
     */
    public Prepared prepare(String runId, RetrainRequest request, DatasetWindow window, List<TrafficWindow> served) {
        Instant started = clock.instant();
        RetrainReport.Trigger trigger = trigger(request);
        Progress progress = new Progress();
        try {
            return prepared(runId, request.modelName(), trigger, started, progress, window, served);
        } catch (RuntimeException e) {
            throw failedRun(runId, request.modelName(), trigger, started, progress, e);
        }
    }

    /**
     * Registers {@code onnx}, fitted elsewhere on {@code fitRows} (the run's train and validation rows), as the
     * run's candidate, with its training baseline and provenance.
     *
     * @param algorithm what fitted it, for the provenance and the report (the job and its image)
     * @param hyperparameters its settings as given, or null
     * @throws Failed when the artifact cannot be registered (not ONNX, another schema); its report is written
     */
    public PendingRetrain register(PreparedRun run, byte[] onnx, LabelledRows fitRows, String algorithm,
            String hyperparameters) {
        RetrainReport.Search search = new RetrainReport.Search(algorithm, run.gate().metric(), List.of(), null);
        try {
            return registerCandidate(run, onnx, fitRows, algorithm, hyperparameters, search);
        } catch (RuntimeException e) {
            Progress progress = new Progress();
            progress.data = run.data();
            progress.search = search;
            throw failedRun(run.runId(), run.model(), run.trigger(), run.startedAt(), progress, e);
        }
    }

    /** Records a run refused before it read anything, for {@code reason}; nothing is registered. */
    public Result refused(String runId, RetrainRequest request, String reason) {
        return failedRun(runId, request.modelName(), trigger(request), clock.instant(), new Progress(),
                new IllegalStateException(reason)).result();
    }

    private static RetrainReport.Trigger trigger(RetrainRequest request) {
        return new RetrainReport.Trigger(request.alarm(), request.reason(), request.championVersion(),
                request.idempotencyKey());
    }

    /** Records that registering the run's externally trained candidate failed ({@code cause}); nothing registered. */
    public Result failedRegistration(PreparedRun run, RuntimeException cause) {
        Progress progress = new Progress();
        progress.data = run.data();
        return failedRun(run.runId(), run.model(), run.trigger(), run.startedAt(), progress, cause).result();
    }

    private Failed failedRun(String runId, String model, RetrainReport.Trigger trigger, Instant started,
            Progress progress, RuntimeException e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        RetrainReport report = new RetrainReport(RetrainReport.SCHEMA_VERSION, runId, model,
                RetrainReport.Status.FAILED, "retraining failed: " + message, started, clock.instant(), trigger,
                progress.data, progress.search, progress.candidate, progress.champion, null);
        return new Failed(write(report), e);
    }

    /** A run's data, read and split, with what a trainer and the decision need to know about it. */
    public record Prepared(PreparedRun run, DataSplit split) {}

    private Prepared prepared(String runId, String model, RetrainReport.Trigger trigger, Instant started,
            Progress progress, DatasetWindow window, List<TrafficWindow> served) {
        Optional<ChampionPointer> champion = registry.champion(model);
        ModelManifest championManifest = champion.map(p -> registry.manifest(p.ref())).orElse(null);
        TrainingSchema schema = championManifest != null ? TrainingSchema.of(championManifest)
                : Optional.ofNullable(settings.firstVersions().get(model)).orElseThrow(() -> new IllegalStateException(
                        model + " has no champion to take features and labels from, and no schema was configured"));
        TrainingWindow.Read read;
        DataSplit split;
        if (served.isEmpty()) {
            read = data.read(model, schema.features(), schema.labels(), schema.task(), window);
            split = DataSplit.byTime(read.rows(), DataSplit.TRAIN, DataSplit.VALIDATION);
        } else {
            read = readTraffic(model, schema, served, progress);
            progress.data = new RetrainReport.Data(read.location(), read.partitions(), read.keys(), read.rejected(),
                    0, 0, 0);
            split = DataSplit.byTime(read.rows(), DataSplit.TRAIN, DataSplit.VALIDATION);
        }
        progress.data = new RetrainReport.Data(read.location(), read.partitions(), read.keys(), read.rejected(),
                split.train().size(), split.validation().size(), split.test().size(), parts(split, read.origins()));
        if (split.test().size() < settings.minimumHeldOutRows()) {
            throw new IllegalStateException("only " + split.test().size() + " held-out rows; at least "
                    + settings.minimumHeldOutRows() + " are needed to judge a promotion");
        }
        PromotionGate gate = PromotionGate.forAlarm(trigger.alarm(),
                new WatchedModel(model, schema.task(), settings.thresholds(), null), settings.margin(),
                settings.minimumHeldOutRows());
        PreparedRun run = new PreparedRun(runId, model, trigger, started, schema, read.location(), read.partitions(),
                progress.data, PendingRetrain.Gate.of(gate), champion.map(ChampionPointer::version).orElse(null),
                champion.map(ChampionPointer::sha256).orElse(null));
        return new Prepared(run, split);
    }

    /** The parts of a time-ordered split, each described by its oldest and newest row. */
    static List<RetrainReport.Part> parts(DataSplit split, RowOrigins origins) {
        int[] sizes = {split.train().size(), split.validation().size(), split.test().size()};
        String[] names = {"training", "validation", "held-out"};
        List<RetrainReport.Part> parts = new ArrayList<>();
        int start = 0;
        for (int p = 0; p < sizes.length; p++) {
            int end = start + sizes[p];
            parts.add(new RetrainReport.Part(names[p], sizes[p], sizes[p] == 0 ? null : origins.describe(start),
                    sizes[p] == 0 ? null : origins.describe(end - 1)));
            start = end;
        }
        return parts;
    }

    private PendingRetrain registerCandidate(PreparedRun run, byte[] onnx, LabelledRows fitRows, String algorithm,
            String hyperparameters, RetrainReport.Search search) {
        String version = nextVersion(run.model());
        Baseline baseline = baseline(draft(run, version, algorithm, hyperparameters, fitRows, null), onnx, fitRows);
        ModelManifest registered = registry.register(
                draft(run, version, algorithm, hyperparameters, fitRows, baseline), onnx);
        return new PendingRetrain(run.runId(), run.model(), run.trigger(), run.startedAt(), run.data(), search,
                version, registered.sha256(), run.championVersion(), run.championSha256(), run.gate(), null);
    }

    /**
     * The joined traffic of {@code windows} as a training read; the report's data names the windows (as its
     * partitions) and the objects read, even when the split then refuses the rows.
     */
    private TrainingWindow.Read readTraffic(String model, TrainingSchema schema, List<TrafficWindow> windows,
            Progress progress) {
        String location = "served traffic " + traffic.window().location(model);
        List<String> spans = windows.stream().map(w -> TrafficTrainingWindow.describe(List.of(w))).toList();
        progress.data = new RetrainReport.Data(location, spans, List.of(), 0, 0, 0, 0);
        TrafficTrainingWindow.Read joined = traffic.window().read(model, schema, windows);
        List<String> keys = new ArrayList<>(joined.captureKeys());
        keys.addAll(joined.labelKeys());
        TrafficTrainingWindow.Counts c = joined.counts();
        return new TrainingWindow.Read(joined.rows(), location + " (" + c.joined() + " of " + (c.joined()
                + c.unlabelled() + c.unknownLabel()) + " predictions joined)", spans, keys,
                c.captureRejected() + c.labelsRejected(), new RowOrigins.AtServingTime(joined.servedAt()));
    }

    private static boolean better(Metric metric, double value, double than) {
        return metric.direction() == Direction.LOWER_IS_BETTER ? value < than : value > than;
    }

    private ModelDraft draft(PreparedRun run, String version, String algorithm, String hyperparameters,
            LabelledRows fitRows, Baseline baseline) {
        Provenance provenance = Provenance.builder()
                .algorithm(algorithm)
                .hyperparameters(hyperparameters)
                .trainedRows((long) fitRows.size())
                .partitions(run.partitions())
                .retrainRun(run.runId())
                .alarm(run.trigger().alarm())
                .trainer(trainerName)
                .build();
        TrainingSchema schema = run.schema();
        return new ModelDraft(run.model(), version, schema.task(), schema.features(), schema.labels(),
                OutputSpec.of(OutputFormat.PROBABILITIES), schema.decisionThreshold(), null, run.location(),
                baseline, provenance);
    }

    /** Training-time distributions of each feature and of the exported model's score, for drift. */
    private Baseline baseline(ModelDraft draft, byte[] onnx, LabelledRows rows) {
        return ModelBaseline.of(draft.toManifest(Sha256.hex(onnx), clock.instant()), onnx, rows.x());
    }

    /** {@code v<N+1>} after the highest {@code v<N>} registered (other version names are skipped). */
    private String nextVersion(String model) {
        int highest = 0;
        for (ModelManifest m : registry.versions(model)) {
            Matcher matcher = VERSION.matcher(m.version());
            if (matcher.matches()) {
                highest = Math.max(highest, Integer.parseInt(matcher.group(1)));
            }
        }
        return "v" + (highest + 1);
    }

    private static long seed(String runId) {
        byte[] digest = Sha256.hex(runId.getBytes(StandardCharsets.UTF_8)).substring(0, 15).getBytes(
                StandardCharsets.US_ASCII);
        return Long.parseLong(new String(digest, StandardCharsets.US_ASCII), 16);
    }
}
