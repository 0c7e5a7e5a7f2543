package dev.vigil.evaluate;

import dev.vigil.alarms.QualityAlarms;
import dev.vigil.concurrent.Futures;
import dev.vigil.dataset.DatasetSelection;
import dev.vigil.dataset.LabelledData;
import dev.vigil.drift.DriftAccumulator;
import dev.vigil.estimation.CalibrationState;
import dev.vigil.estimation.EstimationGate;
import dev.vigil.evaluation.EvaluationState;
import dev.vigil.json.Json;
import dev.vigil.model.ModelManifest;
import dev.vigil.model.ModelRef;
import dev.vigil.onnx.OnnxModel;
import dev.vigil.onnx.SessionSettings;
import dev.vigil.registry.ChampionPointer;
import dev.vigil.registry.ModelRegistry;
import dev.vigil.registry.RegistryException;
import dev.vigil.report.ReportStore;
import dev.vigil.report.RunStatus;
import dev.vigil.slices.SliceAccumulator;
import dev.vigil.storage.BlobStore;
import dev.vigil.storage.ConcurrentReads;
import dev.vigil.storage.ObjectInfo;
import dev.vigil.storage.StorageLayout;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates a model version against labelled data or on the traffic it served ({@link TrafficRuns}), in one pass
 * ({@link #run}) or in shards ({@link #plan},
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
    /** The items file of a planned run, in the run's scratch prefix. */
    static final String PLAN_FILE = "plan.json";
    private static final Logger LOG = LoggerFactory.getLogger(Evaluation.class);
    private static final DateTimeFormatter RUN_ID_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final ModelRegistry registry;
    private final LabelledData data;
    private final ReportStore reports;
    private final RunRecorder recorder;
    private final Clock clock;
    private final SessionSettings session;
    private final TrafficRuns traffic;
    private OnnxModel loaded;
    /** The manifest the run being planned resolved its version with, when that version was not the one loaded. */
    private ModelManifest resolvedManifest;

    /** An evaluation of labelled data only: a run over served traffic fails saying capture is not configured. */
    public Evaluation(ModelRegistry registry, BlobStore dataStore, ReportStore reports, MetricsPublisher publisher,
            Clock clock, SessionSettings session) {
        this(registry, dataStore, null, 1, reports, publisher, clock, session);
    }

    /**
     * An evaluation of labelled data and of served traffic.
     *
     * @param captureStore where captured predictions are stored, or null when capture is not configured
     * @param captureBuckets how many buckets capture is split into (a traffic run has at most as many shards)
     */
    public Evaluation(ModelRegistry registry, BlobStore dataStore, BlobStore captureStore, int captureBuckets,
            ReportStore reports, MetricsPublisher publisher, Clock clock, SessionSettings session) {
        this(registry, dataStore, captureStore, captureBuckets, reports, publisher, clock, session,
                EstimationGate.DEFAULT_TOLERANCE);
    }

    /**
     * An evaluation of labelled data and of served traffic whose capture runs publish estimated performance only
     * while the latest labelled run's expected calibration error is at most {@code calibrationTolerance}.
     */
    public Evaluation(ModelRegistry registry, BlobStore dataStore, BlobStore captureStore, int captureBuckets,
            ReportStore reports, MetricsPublisher publisher, Clock clock, SessionSettings session,
            double calibrationTolerance) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.traffic = new TrafficRuns(registry, captureStore, dataStore, reports, captureBuckets,
                Objects.requireNonNull(session, "session"));
        this.data = new LabelledData(dataStore, clock);
        this.reports = Objects.requireNonNull(reports, "reports");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.recorder = new RunRecorder(registry, reports, Objects.requireNonNull(publisher, "publisher"), clock,
                calibrationTolerance);
        this.session = Objects.requireNonNull(session, "session");
    }

    /**
     * Makes every later report judge its run by {@code alarms} ({@code VIGIL_QUALITY_ALARMS}): one sentence per
     * quality alarm of the model; the default rules until called.
     */
    public Evaluation judgingBy(QualityAlarms alarms) {
        recorder.judgeBy(alarms);
        return this;
    }

    /** Evaluates {@code request} in one pass: plan, score every object, report. */
    public RunOutcome run(RunRequest request) {
        Instant started = clock.instant();
        String runId = runId(request.runId(), started);
        Planned planned = null;
        // What recording the run reads first is read while it scores (see RunRecorder.EarlyReads): started once
        // the run is planned, so those reads never hold up the planning's own.
        RunRecorder.EarlyReads early = null;
        try {
            if (request.traffic() != null) {
                TrafficRuns.Selection selection = selectTraffic(request, runId, started);
                planned = new Planned(selection.plan(), null);
                early = recorder.readEarly(request.model());
                if (request.traffic().source() == TrafficRequest.Source.CAPTURE) {
                    return recorder.finishedCaptureDrift(selection.plan(), manifestOf(selection.plan()),
                            traffic.captureDrift(selection), early);
                }
                return recorder.finishedTraffic(selection.plan(), manifestOf(selection.plan()),
                        traffic.onePass(selection), 1, early);
            }
            planned = plan(request, runId, started);
            early = recorder.readEarly(request.model());
            ShardState state = score(planned.plan(), "00000", planned.selection().objects());
            return finish(planned.plan(), state, 1, early);
        } catch (RuntimeException e) {
            return fail(planned == null ? null : planned.plan(), request, runId, started, e, early);
        }
    }

    /**
     * Plans a sharded run: resolves the version, lists the window, and writes the shard items to
     * {@code shards/<model>/<runId>/plan.json}: objects in reading order, grouped up to {@code shardBytes} of stored
     * bytes, {@value ShardItems#MAX_OBJECTS} objects and {@value ShardItems#MAX_ITEM_BYTES} bytes of JSON per item.
     *
     * @param itemsBucket the bucket of the reports store, returned for the Distributed Map's ItemReader
     * @throws IllegalStateException when the run's plan is too large for any shard item to carry it
     */
    public PlanOutput plan(RunRequest request, long shardBytes, String itemsBucket) {
        Instant started = clock.instant();
        String runId = runId(request.runId(), started);
        if (request.traffic() != null) {
            return traffic.plan(selectTraffic(request, runId, started), shardBytes, itemsBucket);
        }
        Planned planned = plan(request, runId, started);
        ShardItems items = ShardItems.pack(planned.plan(), planned.selection().objects(), shardBytes);
        PlanOutput output = new PlanOutput(planned.plan(), items.items().size(),
                planned.selection().objects().size(), itemsBucket,
                StorageLayout.shardsPrefix(request.model(), runId) + PLAN_FILE);
        ShardItems.requireFits(output);
        reports.putScratch(request.model(), runId, PLAN_FILE, items.json());
        LOG.info("planned run {} of {}@{}: {} objects in {} shards (largest item {} bytes of JSON), items at {}",
                runId, request.model(), planned.plan().version(), planned.selection().objects().size(),
                items.items().size(), items.largestItemBytes(), output.itemsKey());
        return output;
    }

    /** Scores one shard item and writes its partial state to {@code shards/<model>/<runId>/<shard>.json}. */
    public ShardOutput shard(ShardItem item) {
        RunPlan plan = item.run();
        requireShardId(item.shard());
        if (plan.traffic() != null) {
            return traffic.store(plan, traffic.shard(item));
        }
        return store(plan, score(plan, item.shard(), item.objects()));
    }

    private ShardOutput store(RunPlan plan, ShardState state) {
        String shard = state.shards().isEmpty() ? "empty" : state.shards().getFirst();
        String key = reports.putScratch(plan.model(), plan.runId(), shard + ".json", Json.toBytes(state));
        return new ShardOutput(plan.runId(), shard, key, plan.version(), plan.champion(), state.rowsRead(),
                state.rowsScored(), state.rowsRejected());
    }

    /**
     * Merges the partial states of a planned run, in the order given (Step Functions keeps item order), and reports
     * it as {@link #run} would have.
     *
     * @param states the shards' outputs, or null to read shards {@code 00000 .. shardCount-1}
     * @param shardCount the plan's shard count (used when {@code states} is null)
     */
    public RunOutcome merge(RunPlan plan, List<ShardOutput> states, int shardCount) {
        RunRecorder.EarlyReads early = recorder.readEarly(plan.model()); // while the shard states are read
        try {
            List<String> keys = new ArrayList<>();
            if (states != null) {
                states.forEach(s -> keys.add(s.stateKey()));
            } else {
                for (int i = 0; i < shardCount; i++) {
                    keys.add(StorageLayout.shardsPrefix(plan.model(), plan.runId()) + shardId(i) + ".json");
                }
            }
            if (plan.traffic() != null) {
                return recorder.finishedTraffic(plan, manifestOf(plan), traffic.merge(plan, keys), keys.size(),
                        early);
            }
            return finish(plan, mergeStates(plan, keys), keys.size(), early);
        } catch (RuntimeException e) {
            return fail(plan, null, plan.runId(), plan.startedAt(), e, early);
        }
    }

    private ShardState mergeStates(RunPlan plan, List<String> keys) {
        ShardState merged = null;
        for (String key : keys) {
            byte[] bytes = reports.getScratch(plan.model(), plan.runId(), key).orElseThrow(
                    () -> new IllegalStateException("shard state " + key + " is missing; did every shard run?"));
            ShardState state = Json.fromBytes(bytes, ShardState.class);
            merged = merged == null ? state : merged.merge(state);
        }
        return merged == null ? emptyState(plan) : merged;
    }

    /** Records a planned run that failed outside this function (a shard or the map failed). */
    public RunOutcome abort(RunPlan plan, String error) {
        return fail(plan, null, plan.runId(), plan.startedAt(), new IllegalStateException(error), null);
    }

    /**
     * Records a run that failed before it was planned (no champion, a missing manifest), under the run id the caller
     * gave it.
     */
    public RunOutcome abortUnplanned(String runId, RunRequest request, String error) {
        return fail(null, request, runId, clock.instant(), new IllegalStateException(error), null);
    }

    private record Planned(RunPlan plan, DatasetSelection selection) {}

    private Planned plan(RunRequest request, String runId, Instant started) {
        String model = request.model();
        String prefix = request.prefix() == null ? StorageLayout.labelledPrefix(model) : request.prefix();
        // Resolving the version (the champion pointer, the manifest) and listing the window are independent store
        // round trips: the listing runs on a second thread meanwhile. A version that cannot be resolved fails the
        // run as before, whatever the listing found.
        CompletableFuture<DatasetSelection> listing =
                ConcurrentReads.start(() -> data.select(prefix, request.window()));
        Resolved resolved;
        try {
            resolved = resolve(model, request.version(), request.challenger());
        } catch (RuntimeException e) {
            listing.cancel(false);
            throw e;
        }
        DatasetSelection selection = Futures.joined(listing);
        RunPlan plan = new RunPlan(runId, model, resolved.version(), resolved.champion(), started,
                selection.location(), prefix, request.window(), selection.partitions(), selection.ignoredKeys(),
                request.options());
        return new Planned(plan, selection);
    }

    /** A version to evaluate and whether it is the champion now. */
    private record Resolved(String version, boolean champion) {}

    /**
     * The requested version (which must be registered), or the champion; a {@code challenger} run never counts as
     * the champion's, so it publishes under {model, version} only and no alarm moves.
     *
     * @throws RegistryException NO_CHAMPION without a version or a champion, NOT_FOUND for an unknown version
     */
    private Resolved resolve(String model, String version, boolean challenger) {
        ChampionPointer champion = registry.champion(model).orElse(null);
        if (version == null) {
            if (champion == null) {
                throw new RegistryException(RegistryException.Reason.NO_CHAMPION, model
                        + " has no champion: promote a version, or name the version to evaluate");
            }
            version = champion.version();
        }
        ModelRef ref = new ModelRef(model, version);
        if (loaded == null || !loaded.manifest().ref().equals(ref)) {
            resolvedManifest = registry.manifest(ref); // registered? (a loaded version was; none is removed)
        }
        return new Resolved(version, !challenger && champion != null && champion.version().equals(version));
    }

    private TrafficRuns.Selection selectTraffic(RunRequest request, String runId, Instant started) {
        Resolved resolved = resolve(request.model(), request.version(), request.challenger());
        return traffic.select(request, runId, started, resolved.version(), resolved.champion());
    }

    private ModelManifest manifestOf(RunPlan plan) {
        return registry.manifest(new ModelRef(plan.model(), plan.version()));
    }

    private ShardState score(RunPlan plan, String shard, List<ObjectInfo> objects) {
        ModelRef ref = new ModelRef(plan.model(), plan.version());
        ModelManifest resolved = resolvedManifest; // this run's, used once: a later shard reads its own
        resolvedManifest = null;
        if (objects.isEmpty()) {
            return emptyState(plan);
        }
        ModelManifest manifest = loaded != null && loaded.manifest().ref().equals(ref) ? loaded.manifest()
                : resolved != null && resolved.ref().equals(ref) ? resolved
                : registry.manifest(ref);
        // The model is loaded once the scorer has started reading the objects, so the two overlap.
        ShardScorer scorer = new ShardScorer(data, manifest, () -> model(manifest), plan.options());
        long start = System.nanoTime();
        ShardState state = scorer.score(plan.runId(), shard, objects);
        long nanos = System.nanoTime() - start;
        LOG.info("scored shard {} of run {}: {} rows ({} rejected) from {} objects in {} ms, {}% in ONNX Runtime, "
                + "{}% waiting for rows to be read", shard, plan.runId(), state.rowsScored(), state.rowsRejected(),
                objects.size(), nanos / 1_000_000, nanos == 0 ? 0 : scorer.predictNanos() * 100 / nanos,
                nanos == 0 ? 0 : scorer.waitNanos() * 100 / nanos);
        return state;
    }

    private ShardState emptyState(RunPlan plan) {
        ModelManifest manifest = model(new ModelRef(plan.model(), plan.version())).manifest();
        return new ShardState(plan.runId(), List.of(), manifest.version(), manifest.sha256(), List.of(), null,
                EvaluationState.empty(manifest.task(), manifest.labels()),
                manifest.baseline() == null ? null
                        : new DriftAccumulator(manifest.features(), manifest.baseline(),
                                plan.options().driftSampleCapacity()).state(),
                manifest.monitoring().isEmpty() ? null
                        : new SliceAccumulator(manifest.monitoring(), manifest.task(), manifest.labels()).finish(),
                manifest.task().isClassification() ? CalibrationState.empty(manifest.task()) : null);
    }

    private RunOutcome finish(RunPlan plan, ShardState state, int shards, RunRecorder.EarlyReads early) {
        return recorder.finished(plan, model(new ModelRef(plan.model(), plan.version())).manifest(), state, shards,
                early);
    }

    private RunOutcome fail(RunPlan plan, RunRequest request, String runId, Instant started, RuntimeException e,
            RunRecorder.EarlyReads early) {
        return recorder.failed(plan, request, runId, started, e, early);
    }

    private OnnxModel model(ModelRef ref) {
        if (loaded != null && loaded.manifest().ref().equals(ref)) {
            return loaded;
        }
        return replaceLoaded(OnnxModel.load(registry.loadArtifact(ref), session));
    }

    /** The model of {@code manifest}'s version, loaded (its artifact checked against {@code manifest}) unless it is. */
    private OnnxModel model(ModelManifest manifest) {
        if (loaded != null && loaded.manifest().ref().equals(manifest.ref())) {
            return loaded;
        }
        return replaceLoaded(OnnxModel.load(registry.loadArtifact(manifest), session));
    }

    private OnnxModel replaceLoaded(OnnxModel next) {
        if (loaded != null) {
            loaded.close();
        }
        loaded = next;
        return next;
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
