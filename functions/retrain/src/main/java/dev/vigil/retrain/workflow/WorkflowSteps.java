package dev.vigil.retrain.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.alarms.WatchedModel;
import dev.vigil.dataset.DatasetWindow;
import dev.vigil.evaluation.MetricReport;
import dev.vigil.json.Json;
import dev.vigil.model.ModelManifest;
import dev.vigil.model.ModelRef;
import dev.vigil.registry.ChampionPointer;
import dev.vigil.registry.ModelRegistry;
import dev.vigil.report.RunReport;
import dev.vigil.retrain.RetrainRequest;
import dev.vigil.retrain.WorkflowModels;
import dev.vigil.storage.BlobStore;
import dev.vigil.storage.StorageLayout;
import dev.vigil.traffic.TrafficWindow;
import dev.vigil.training.Hyperparameters;
import dev.vigil.training.JudgedTrafficWindows;
import dev.vigil.training.LabelledRows;
import dev.vigil.training.PendingRetrain;
import dev.vigil.training.PreparedRun;
import dev.vigil.training.PromotionGate;
import dev.vigil.training.RetrainReport;
import dev.vigil.training.RetrainReports;
import dev.vigil.training.RetrainSettings;
import dev.vigil.training.Retrainer;
import dev.vigil.training.TrafficTrainingWindow;
import dev.vigil.training.TrainingSchema;
import dev.vigil.training.TrainingWindow;
import dev.vigil.training.LogisticRegressionTrainer;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The retraining workflow's steps as plain Java, one method per Lambda task of the state machine:
 * <ol>
 *   <li>{@link #train}: reads the model's training rows (joined served traffic, or labelled days), searches the
 *   grid, registers the candidate with its baseline and provenance, writes the held-out rows for validation, and
 *   hands on the {@link PendingRetrain} with the two evaluate requests that validate it;</li>
 *   <li>{@link #adopt}: the same hand-over for a candidate a bring-your-own pipeline registered and a held-out
 *   prefix it wrote, so such a pipeline is validated by the same gate;</li>
 *   <li>{@link #decide}: reads the two evaluate reports and applies the {@link PromotionGate} through {@link
 *   Retrainer#decide} — the code the local runner runs — which promotes with the registry's conditional write;</li>
 *   <li>{@link #fail}: records a run that stopped, whatever stopped it.</li>
 * </ol>
 * Every step writes or updates the run's retrain report ({@code reports/<model>/retrains/<runId>/}).
 */
public final class WorkflowSteps {
    /** The trainer named in the provenance of what the workflow registers. */
    static final String TRAINER = "vigil retraining workflow (AWS Step Functions, built-in trainer)";

    private final ModelRegistry registry;
    private final BlobStore data;
    private final BlobStore capture;
    private final RetrainReports reports;
    private final BlobStore evaluateReports;
    private final WorkflowModels models;
    private final double margin;
    private final int minimumRows;
    private final List<Hyperparameters> grid;
    private final Clock clock;

    /**
     * Steps over these stores.
     *
     * @param capture the capture store, or null when the deployment captures nothing
     * @param reports where retrain reports and evaluate's run reports are kept (the reports bucket)
     */
    public WorkflowSteps(ModelRegistry registry, BlobStore data, BlobStore capture, BlobStore reports,
            WorkflowModels models, double margin, int minimumRows, List<Hyperparameters> grid, Clock clock) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.data = Objects.requireNonNull(data, "data");
        this.capture = capture;
        this.evaluateReports = Objects.requireNonNull(reports, "reports");
        this.reports = new RetrainReports(reports);
        this.models = Objects.requireNonNull(models, "models");
        this.margin = margin;
        this.minimumRows = minimumRows;
        this.grid = List.copyOf(grid);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * What a step hands to the next: an outcome word, one sentence, and what the state machine routes on; for a
     * finished run the alarm that started it, which the workflow resets after a promotion.
     */
    public record StepResult(String outcome, String model, String runId, String message, String reportKey,
            PendingRetrain pending, Validation validation, String alarm, PreparedRun prepared,
            Map<String, String> training) {
        StepResult(String outcome, String model, String runId, String message, String reportKey,
                PendingRetrain pending, Validation validation) {
            this(outcome, model, runId, message, reportKey, pending, validation, null, null, null);
        }

        static StepResult finished(Retrainer.Result result) {
            RetrainReport r = result.report();
            String outcome = switch (r.status()) {
                case PROMOTED -> "promoted";
                case NOT_PROMOTED -> "rejected";
                case FAILED -> "failed";
            };
            String alarm = r.trigger() == null ? null : r.trigger().alarm();
            return new StepResult(outcome, r.model(), r.runId(), r.message(), result.htmlKey(), null, null, alarm,
                    null, null);
        }
    }

    /**
     * The evaluate requests that score the candidate and the champion on the same held-out rows, as challengers,
     * so neither moves the model's alarms.
     *
     * @param candidate the evaluate event for the candidate
     * @param champion the evaluate event for the champion, or null when the model has none
     */
    public record Validation(Map<String, Object> candidate, Map<String, Object> champion) {}

    /**
     * Trains and registers a candidate for the run the retrain-trigger started: {@code input} is the execution's
     * input ({@code ModelName}, {@code ChampionVersion}, {@code Alarm}, {@code Reason}, {@code IdempotencyKey}) and
     * {@code RunId}, the execution's name.
     */
    public StepResult train(JsonNode input) {
        Start start = start(input);
        if (start.refused() != null) {
            return start.refused();
        }
        String runId = start.runId();
        RetrainRequest request = start.request();
        String model = request.modelName();
        WorkflowModels.Model config = start.config();
        Rows rows = start.rows();
        Retrainer.Trained trained;
        try {
            trained = retrainer(config.thresholds()).train(runId, request, rows.labelled(), rows.served());
        } catch (Retrainer.Failed e) {
            return StepResult.finished(e.result());
        }
        String prefix = StorageLayout.retrainHeldOutPrefix(model, runId);
        data.put(prefix + "held-out.csv", HeldOutCsv.of(trained.heldOut()), "text/csv");
        PendingRetrain pending = trained.pending().withHeldOutPrefix(prefix);
        return handOver(pending, "trained " + model + "@" + pending.candidateVersion() + " on "
                + pending.data().trainRows() + " + " + pending.data().validationRows() + " rows; validating on "
                + pending.data().testRows() + " held-out rows");
    }

    private static RetrainRequest request(JsonNode input, String runId) {
        String model = WorkflowInput.model(input, "ModelName");
        return new RetrainRequest(model, WorkflowInput.text(input, "ChampionVersion", "none"),
                WorkflowInput.text(input, "LabelledData", StorageLayout.labelledPrefix(model)),
                WorkflowInput.text(input, "Reason", ""), WorkflowInput.text(input, "Alarm", "manual"),
                WorkflowInput.text(input, "IdempotencyKey", runId));
    }

    /** Why {@code model} cannot be retrained here, or null. */
    private String refusal(String model, WorkflowModels.Model config) {
        if (config == null) {
            return model + " is not configured for retraining: add it to the CDK configuration's models"
                    + " (VIGIL_RETRAIN_MODELS)";
        }
        if (config.source() == WorkflowModels.Source.TRAFFIC && capture == null) {
            return model + " trains on served traffic, but capture is not configured (VIGIL_CAPTURE_BUCKET)";
        }
        return null;
    }

    /**
     * For a SageMaker trainer: reads and splits the run's rows as {@link #train} does and writes them as labelled
     * CSV under {@code retrain/<model>/<runId>/} ({@code train/}, {@code validation/}, {@code held-out/}), for the
     * training job's {@code train} and {@code validation} channels; the job writes its {@code model.tar.gz} under
     * {@code output/}, and {@link #register} takes it from there.
     */
    public StepResult prepare(JsonNode input) {
        Start start = start(input);
        if (start.refused() != null) {
            return start.refused();
        }
        String runId = start.runId();
        RetrainRequest request = start.request();
        String model = request.modelName();
        WorkflowModels.Model config = start.config();
        Rows rows = start.rows();
        Retrainer.Prepared prepared;
        try {
            prepared = retrainer(config.thresholds()).prepare(runId, request, rows.labelled(), rows.served());
        } catch (Retrainer.Failed e) {
            return StepResult.finished(e.result());
        }
        String run = StorageLayout.retrainRunPrefix(model, runId);
        data.put(run + "train/train.csv", HeldOutCsv.of(prepared.split().train()), "text/csv");
        data.put(run + "validation/validation.csv", HeldOutCsv.of(prepared.split().validation()), "text/csv");
        data.put(run + "held-out/held-out.csv", HeldOutCsv.of(prepared.split().test()), "text/csv");
        String bucket = data.location() + "/";
        Map<String, String> training = new LinkedHashMap<>();
        training.put("trainUri", bucket + run + "train/");
        training.put("validationUri", bucket + run + "validation/");
        training.put("outputUri", bucket + run + "output/");
        return new StepResult("prepared", model, runId, "prepared " + prepared.split().train().size() + " + "
                + prepared.split().validation().size() + " rows for the training job", null, null, null,
                request.alarm(), prepared.run(), training);
    }

    /**
     * Registers what the SageMaker training job of {@code input.prepared} made: {@code input.artifact} is the job's
     * {@code ModelArtifacts.S3ModelArtifacts} (which must lie under the run's {@code output/}) and
     * {@code input.trainingJob} its name; the candidate's baseline is computed from the run's train and validation
     * rows, the same rows the job was given.
     */
    public StepResult register(JsonNode input) {
        PreparedRun run = WorkflowInput.prepared(input);
        String prefix = StorageLayout.retrainRunPrefix(run.model(), run.runId());
        String artifact = WorkflowInput.text(input, "artifact", null);
        String outputs = data.location() + "/" + prefix + "output/";
        if (artifact == null || !artifact.startsWith(outputs) || artifact.contains("..")) {
            throw new WorkflowInputException("artifact must be the training job's model.tar.gz under " + outputs
                    + ", was '" + (artifact == null ? "" : WorkflowInput.shorten(artifact)) + "'");
        }
        String job = WorkflowInput.text(input, "trainingJob", "a SageMaker training job");
        Retrainer retrainer = retrainer(models.model(run.model()).map(WorkflowModels.Model::thresholds)
                .orElse(Map.of()));
        String key = artifact.substring(data.location().length() + 1);
        PendingRetrain pending;
        try {
            byte[] tarGz = data.get(key).orElseThrow(() -> new IllegalStateException("the training job wrote no "
                    + key)).bytes();
            byte[] onnx = ModelArchive.onnx(tarGz);
            TrainingSchema schema = run.schema();
            LabelledRows fitRows = new TrainingWindow(data, clock).read(run.model(), schema.features(),
                    schema.labels(), schema.task(), new DatasetWindow.Keys(List.of(prefix + "train/train.csv",
                            prefix + "validation/validation.csv"))).rows();
            pending = retrainer.register(run, onnx, fitRows, "SageMaker training job " + job, null);
        } catch (Retrainer.Failed e) {
            return StepResult.finished(e.result());
        } catch (RuntimeException e) {
            return StepResult.finished(retrainer.failedRegistration(run, e));
        }
        pending = pending.withHeldOutPrefix(prefix + "held-out/");
        return handOver(pending, "registered " + run.model() + "@" + pending.candidateVersion() + " from " + job
                + "; validating on " + run.data().testRows() + " held-out rows");
    }

    /**
     * Adopts a candidate a bring-your-own pipeline registered: {@code input} names {@code model},
     * {@code candidateVersion} and {@code heldOutPrefix} (labelled CSV the pipeline wrote to the data bucket), and
     * optionally {@code runId} and {@code alarm}.
     */
    public StepResult adopt(JsonNode input) {
        String model = WorkflowInput.model(input, "model");
        String version = WorkflowInput.version(input, "candidateVersion");
        String prefix = WorkflowInput.prefix(input, "heldOutPrefix");
        String runId = WorkflowInput.text(input, "runId", "adopt-" + version + "-" + clock.millis());
        WorkflowInput.requireSafe("runId", runId);
        String alarm = WorkflowInput.text(input, "alarm", "bring-your-own pipeline");
        ModelManifest candidate = registry.manifest(new ModelRef(model, version));
        ChampionPointer champion = registry.champion(model).orElse(null);
        if (champion != null && champion.version().equals(version)) {
            throw new WorkflowInputException(model + "@" + version + " is already the champion; nothing to validate");
        }
        Map<String, Double> thresholds = models.model(model).map(WorkflowModels.Model::thresholds).orElse(Map.of());
        PromotionGate gate = PromotionGate.forAlarm(alarm, new WatchedModel(model, candidate.task(), thresholds,
                null), margin, minimumRows);
        Instant now = clock.instant();
        PendingRetrain pending = new PendingRetrain(runId, model,
                new RetrainReport.Trigger(alarm, "candidate registered by a pipeline", champion == null ? "none"
                        : champion.version(), runId),
                now, new RetrainReport.Data("s3 data bucket " + prefix, List.of(), List.of(), 0, 0, 0, 0), null,
                version, candidate.sha256(), champion == null ? null : champion.version(),
                champion == null ? null : champion.sha256(), PendingRetrain.Gate.of(gate), prefix);
        return handOver(pending, "validating " + model + "@" + version + ", registered by a pipeline, on "
                + prefix);
    }

    private StepResult handOver(PendingRetrain pending, String message) {
        Map<String, Object> candidate = evaluateRequest(pending, pending.candidateVersion(), "candidate");
        Map<String, Object> champion = pending.championVersion() == null ? null
                : evaluateRequest(pending, pending.championVersion(), "champion");
        return new StepResult("trained", pending.model(), pending.runId(), message, null, pending,
                new Validation(candidate, champion));
    }

    private static Map<String, Object> evaluateRequest(PendingRetrain pending, String version, String side) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("model", pending.model());
        request.put("version", version);
        request.put("runId", pending.runId() + "-" + side);
        request.put("challenger", true);
        request.put("dataset", Map.of("prefix", pending.heldOutPrefix()));
        request.put("window", Map.of("everything", true));
        return request;
    }

    /**
     * Decides the run of {@code input.pending} from {@code input.validation}, the evaluate outcomes of the candidate
     * and (when there is one) the champion, in that order.
     */
    public StepResult decide(JsonNode input) {
        PendingRetrain pending = WorkflowInput.pending(input);
        Retrainer retrainer = retrainer(Map.of());
        JsonNode validation = input.path("validation");
        if (!validation.isArray() || validation.isEmpty()) {
            return StepResult.finished(retrainer.failed(pending, "the validation step returned no evaluations"));
        }
        MetricReport candidate;
        MetricReport champion = null;
        try {
            candidate = heldOutMetrics(validation.get(0), pending.candidateVersion());
            if (pending.championVersion() != null) {
                if (validation.size() < 2) {
                    throw new IllegalStateException("the champion " + pending.championVersion()
                            + " was not evaluated on the held-out rows");
                }
                champion = heldOutMetrics(validation.get(1), pending.championVersion());
            }
        } catch (RuntimeException e) {
            return StepResult.finished(retrainer.failed(pending, e));
        }
        return StepResult.finished(retrainer.decide(pending, candidate, champion));
    }

    /** The metrics of one evaluate outcome, read from its report. */
    private MetricReport heldOutMetrics(JsonNode outcome, String version) {
        String status = outcome.path("status").asText("");
        if (!"succeeded".equals(status)) {
            throw new IllegalStateException("evaluating " + version + " on the held-out rows did not succeed ("
                    + (status.isEmpty() ? "no status" : status) + "): " + outcome.path("message").asText(""));
        }
        String key = outcome.path("reportKey").asText(null);
        if (key == null) {
            throw new IllegalStateException("evaluating " + version + " wrote no report");
        }
        RunReport report = evaluateReports.get(key).map(o -> Json.fromBytes(o.bytes(), RunReport.class))
                .orElseThrow(() -> new IllegalStateException("the report of evaluating " + version
                        + " is missing: " + key));
        if (report.metrics() == null) {
            throw new IllegalStateException("the report of evaluating " + version + " has no metrics");
        }
        return report.metrics();
    }

    /**
     * Records that the run stopped: {@code input.error} is what Step Functions caught ({@code Error}, {@code Cause});
     * {@code input.pending} is there when a candidate had been registered, else {@code input.input} is the
     * execution's input and {@code input.RunId} its name.
     */
    public StepResult fail(JsonNode input) {
        String message = failure(input.path("error"));
        Retrainer retrainer = retrainer(Map.of());
        if (input.hasNonNull("pending")) {
            return StepResult.finished(retrainer.failed(WorkflowInput.pending(input), message));
        }
        JsonNode original = input.path("input").isObject() ? input.path("input") : input;
        String runId = WorkflowInput.text(input, "RunId", WorkflowInput.text(original, "runId", null));
        String model = WorkflowInput.text(original, "ModelName", WorkflowInput.text(original, "model", null));
        if (runId == null || model == null || !ModelRef.isSafe(runId) || !ModelRef.isSafe(model)) {
            return new StepResult("failed", model, runId, message, null, null, null);
        }
        RetrainRequest request = new RetrainRequest(model, WorkflowInput.text(original, "ChampionVersion", "none"),
                WorkflowInput.text(original, "LabelledData", ""), WorkflowInput.text(original, "Reason", ""),
                WorkflowInput.text(original, "Alarm", "manual"),
                WorkflowInput.text(original, "IdempotencyKey", runId));
        return failedBefore(runId, request, message);
    }

    /**
     * What Step Functions caught, in words: a Lambda task's own error message (its {@code Cause} is the function's
     * {@code {errorType, errorMessage}}), else the state's error name ({@code States.Timeout}) and cause.
     */
    static String failure(JsonNode error) {
        String name = error.path("Error").asText("");
        String cause = error.path("Cause").asText("");
        try {
            JsonNode lambda = Json.MAPPER.readTree(cause);
            if (lambda != null && lambda.hasNonNull("errorMessage")) {
                return WorkflowInput.shorten(lambda.path("errorMessage").asText());
            }
        } catch (IOException notJson) {
            // a cause in words, not a Lambda error document
        }
        String state = name.startsWith("States.") || name.startsWith("Lambda.") ? name : "a step failed";
        return cause.isBlank() ? state : state + ": " + WorkflowInput.shorten(cause);
    }

    /** Records a run that failed before it registered a candidate. */
    private StepResult failedBefore(String runId, RetrainRequest request, String message) {
        return StepResult.finished(retrainer(Map.of()).refused(runId, request, message));
    }

    /** Where a run of a model configured as {@code config} reads its rows: labelled days, or a traffic window. */
    private record Rows(DatasetWindow labelled, List<TrafficWindow> served) {}

    /** A run's start: its id, request, model configuration and rows; or, in {@code refused}, why it cannot start. */
    private record Start(String runId, RetrainRequest request, WorkflowModels.Model config, Rows rows,
            StepResult refused) {}

    /** Reads the run id and request of {@code input} and, unless the model is refused, the rows it trains on. */
    private Start start(JsonNode input) {
        String runId = WorkflowInput.required(input, "RunId");
        RetrainRequest request = request(input, runId);
        WorkflowModels.Model config = models.model(request.modelName()).orElse(null);
        String refused = refusal(request.modelName(), config);
        if (refused != null) {
            return new Start(runId, request, config, null, failedBefore(runId, request, refused));
        }
        return new Start(runId, request, config, rows(config), null);
    }

    private Rows rows(WorkflowModels.Model config) {
        return config.source() == WorkflowModels.Source.TRAFFIC ? new Rows(null, List.of(trafficWindow(config)))
                : new Rows(new DatasetWindow.LastDays(config.days()), List.of());
    }

    /** The labelled window of {@code config}'s traffic: {@code length} of serving time ending on the hour. */
    TrafficWindow trafficWindow(WorkflowModels.Model config) {
        Instant end = clock.instant().minus(config.labelDelay()).truncatedTo(ChronoUnit.HOURS);
        Instant start = end.minus(config.length());
        return new TrafficWindow(start.toEpochMilli(), end.toEpochMilli());
    }

    private Retrainer retrainer(Map<String, Double> thresholds) {
        RetrainSettings settings = new RetrainSettings(new DatasetWindow.LastDays(7), margin, thresholds, grid,
                Map.of(), minimumRows);
        Retrainer.ServedTraffic traffic = capture == null ? null : new Retrainer.ServedTraffic(
                new TrafficTrainingWindow(capture, data), new JudgedTrafficWindows(), 1);
        return new Retrainer(registry, new TrainingWindow(data, clock), reports, settings,
                new LogisticRegressionTrainer(), clock, traffic).describedAs(TRAINER);
    }
}
