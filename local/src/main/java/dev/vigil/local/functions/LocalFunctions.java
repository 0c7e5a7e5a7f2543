package dev.vigil.local.functions;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.capture.CaptureKeySource;
import dev.vigil.capture.StoreCaptureSink;
import dev.vigil.dataset.DatasetWindow;
import dev.vigil.evaluate.EmfMetricsPublisher;
import dev.vigil.evaluate.EvaluateConfig;
import dev.vigil.evaluate.EvaluateHandler;
import dev.vigil.evaluate.Evaluation;
import dev.vigil.json.Json;
import dev.vigil.local.retrain.InProcessRetrainLauncher;
import dev.vigil.training.JudgedTrafficWindows;
import dev.vigil.training.LogisticRegressionTrainer;
import dev.vigil.training.RetrainReports;
import dev.vigil.training.Retrainer;
import dev.vigil.training.TrafficTrainingWindow;
import dev.vigil.training.TrainingWindow;
import dev.vigil.onnx.OnnxModelVerifier;
import dev.vigil.predict.LabelsConfig;
import dev.vigil.predict.PredictConfig;
import dev.vigil.predict.PredictHandler;
import dev.vigil.predict.PredictService;
import dev.vigil.predict.PredictServiceFactory;
import dev.vigil.registry.ChampionPointer;
import dev.vigil.registry.ModelRegistry;
import dev.vigil.report.ModelPages;
import dev.vigil.report.ReportStore;
import dev.vigil.retrain.ChampionRollback;
import dev.vigil.retrain.MemoryDecisionLog;
import dev.vigil.retrain.MemoryIdempotencyStore;
import dev.vigil.retrain.MemoryRetrainLocks;
import dev.vigil.retrain.RetrainRequest;
import dev.vigil.retrain.RetrainTrigger;
import dev.vigil.retrain.trigger.RetrainTriggerHandler;
import dev.vigil.settings.VigilFunction;
import dev.vigil.settings.VigilSettings;
import dev.vigil.storage.StorageLayout;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * The three functions on one machine, each the real handler wired to local stores: predict
 * ({@link PredictHandler} over {@link PredictServiceFactory}, its captured predictions written by a
 * {@link StoreCaptureSink} into {@link SuiteStores#capture()} under the deployed layout), evaluate
 * ({@link EvaluateHandler} over an {@link Evaluation} of the same stores, EMF metrics on stdout as in Lambda) and
 * retrain-trigger ({@link RetrainTriggerHandler} over a {@link RetrainTrigger} with in-memory idempotency records,
 * locks and audit log, the {@link InProcessRetrainLauncher} as its backend, and the registry to roll a champion back
 * on a quality alarm inside its watch window). Events go in and responses come out
 * exactly as in Lambda; each function handles one event at a time ({@link FunctionInstance}).
 *
 * <p>When a retraining run finishes, its completion goes back to the retrain-trigger as a {@code RetrainCompleted}
 * event (what a pipeline's last step publishes in AWS), which ends the model's in-flight period.
 */
public final class LocalFunctions implements AutoCloseable {
    /** How the model pages name the settings they judge alarms by: those evaluate's reports judge runs by. */
    static final String PAGES_JUDGED_BY = "the local runner's alarm settings (vigil.config.json and --threshold)";
    /** CloudWatch namespace of every metric: {@code VIGIL_METRICS_NAMESPACE}'s default, as in the deployed stack. */
    public static final String NAMESPACE = VigilSettings.METRICS_NAMESPACE.defaultValue();

    private final FunctionInstance predictInstance = new FunctionInstance("vigil-local-predict",
            Duration.ofSeconds(10), 1769);
    private final FunctionInstance evaluateInstance = new FunctionInstance("vigil-local-evaluate",
            Duration.ofMinutes(15), 3008);
    private final FunctionInstance retrainInstance = new FunctionInstance("vigil-local-retrain-trigger",
            Duration.ofMinutes(1), 512);
    private final SuiteStores stores;
    private final FunctionSettings settings;
    private final ModelRegistry registry;
    private final PredictService predictService;
    private final PredictHandler predict;
    private final Evaluation evaluation;
    private final EvaluateHandler evaluate;
    private final Retrainer retrainer;
    private final InProcessRetrainLauncher launcher;
    private final RetrainTriggerHandler retrainTrigger;
    private final JudgedTrafficWindows judged = new JudgedTrafficWindows();

    public LocalFunctions(SuiteStores stores, FunctionSettings settings, Clock clock,
            InProcessRetrainLauncher.Listener retrainListener) {
        this.stores = Objects.requireNonNull(stores, "stores");
        this.settings = Objects.requireNonNull(settings, "settings");
        OnnxModelVerifier verifier = new OnnxModelVerifier();
        this.registry = new ModelRegistry(stores.models(), verifier, clock);
        var predictEnvironment = settings.environment(VigilFunction.PREDICT, stores);
        this.predictService = PredictServiceFactory.create(stores.models(),
                PredictConfig.fromEnvironment(predictEnvironment),
                new PredictServiceFactory.CaptureWiring(CaptureKeySource.none(), drops -> new StoreCaptureSink(
                        stores.capture(), FunctionSettings.CAPTURE_FLUSH_INTERVAL,
                        StoreCaptureSink.DEFAULT_MAX_BUFFER_BYTES, clock, drops), clock),
                stores.data(), LabelsConfig.fromEnvironment(predictEnvironment));
        this.predict = new PredictHandler(predictService);
        EvaluateConfig evaluateConfig = EvaluateConfig.fromEnvironment(settings.environment(VigilFunction.EVALUATE,
                stores));
        this.evaluation = new Evaluation(registry, stores.data(), stores.capture(), evaluateConfig.captureBuckets(),
                new ReportStore(stores.reports()), new EmfMetricsPublisher(evaluateConfig.namespace()), clock,
                evaluateConfig.session(), evaluateConfig.calibrationTolerance())
                .judgingBy(evaluateConfig.qualityAlarms());
        this.evaluate = new EvaluateHandler(evaluateConfig, evaluation);
        this.retrainer = new Retrainer(registry, new TrainingWindow(stores.data(), clock),
                new RetrainReports(stores.reports()), settings.retrain(), new LogisticRegressionTrainer(), clock,
                new Retrainer.ServedTraffic(new TrafficTrainingWindow(stores.capture(), stores.data()), judged, 1))
                .judgingPagesBy(new ModelPages.Thresholds(evaluateConfig.qualityAlarms(), PAGES_JUDGED_BY));
        this.launcher = new InProcessRetrainLauncher(retrainer, new CompletionReporter(retrainListener), clock);
        RetrainTrigger trigger = RetrainTrigger.builder()
                .idempotency(new MemoryIdempotencyStore())
                .locks(new MemoryRetrainLocks())
                .decisionLog(new MemoryDecisionLog())
                .champions(model -> registry.champion(model).map(ChampionPointer::version))
                .labelledData(model -> judged.watchesTraffic(model)
                        ? SuiteStores.display(stores.capture(), StorageLayout.capturePrefix(model)) + " joined with "
                                + SuiteStores.display(stores.data(), StorageLayout.groundTruthPrefix(model))
                        : SuiteStores.display(stores.data(), StorageLayout.labelledPrefix(model)))
                .policy(settings.retrainPolicy())
                .rollback(ChampionRollback.of(registry))
                .launcher(InProcessRetrainLauncher.BACKEND, launcher)
                .clock(clock)
                .build();
        this.retrainTrigger = new RetrainTriggerHandler(new RetrainTriggerHandler.Wiring(trigger, NAMESPACE, () -> {}));
    }

    public SuiteStores stores() {
        return stores;
    }

    /** Predict's body size limit, which the HTTP server reads up to. */
    public int maxBodyBytes() {
        return settings.maxBodyBytes();
    }

    public ModelRegistry registry() {
        return registry;
    }

    /**
     * The traffic windows the loop has judged, per model: a retrain started by an alarm trains a model that has any
     * on the newest one's joined traffic, else on its labelled data.
     */
    public JudgedTrafficWindows judgedWindows() {
        return judged;
    }

    public InProcessRetrainLauncher launcher() {
        return launcher;
    }

    /**
     * Trains and registers a model's first version on {@code window} with the retrain backend's own code, outside the
     * alarm path (there is no champion to beat, so it is promoted when its metric is defined).
     */
    public Retrainer.Result trainFirstVersion(String model, DatasetWindow window) {
        String key = UUID.randomUUID().toString().replace("-", "");
        RetrainRequest request = new RetrainRequest(model, RetrainTrigger.NO_CHAMPION,
                SuiteStores.display(stores.data(), StorageLayout.labelledPrefix(model)), "first version of " + model,
                "vigil-local-" + model + "-first-version", key);
        return retrainer.retrain("local-" + model + "-first-" + key.substring(0, 8), request, window);
    }

    /** Invokes predict with one API Gateway HTTP API event. */
    public APIGatewayV2HTTPResponse predict(APIGatewayV2HTTPEvent event) {
        return predictInstance.invoke(context -> predict.handleRequest(event, context));
    }

    /**
     * Invokes evaluate with one event (scheduled, direct, or a Step Functions mode).
     *
     * @throws FunctionError when the handler fails the invocation (a failed run, a malformed event)
     */
    public byte[] evaluate(byte[] event) {
        return stream(evaluateInstance, evaluate, event);
    }

    /**
     * Invokes retrain-trigger with one event (SNS alarm notification, EventBridge alarm or run completion).
     *
     * @throws FunctionError when the handler fails the invocation (a retrain that could not start)
     */
    public byte[] retrainTrigger(byte[] event) {
        return stream(retrainInstance, retrainTrigger, event);
    }

    private static byte[] stream(FunctionInstance instance, RequestStreamHandler handler, byte[] event) {
        return instance.invoke(context -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try {
                handler.handleRequest(new ByteArrayInputStream(event), out, context);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (RuntimeException e) {
                throw new FunctionError(instance.name(), e);
            }
            return out.toByteArray();
        });
    }

    /** Lets a running retrain finish, then writes out buffered capture and releases the loaded models. */
    @Override
    public void close() {
        launcher.close();
        evaluation.close();
        predictService.close();
        retrainTrigger.close();
    }

    /** Reports each finished run to the retrain-trigger, then to the runner's listener. */
    private final class CompletionReporter implements InProcessRetrainLauncher.Listener {
        private final InProcessRetrainLauncher.Listener next;

        CompletionReporter(InProcessRetrainLauncher.Listener next) {
            this.next = next;
        }

        @Override
        public void started(String executionId, RetrainRequest request) {
            next.started(executionId, request);
        }

        @Override
        public void finished(String executionId, RetrainRequest request, Retrainer.Result result) {
            ObjectNode event = EventBridgeEvents.envelope("RetrainCompleted", "vigil.local", Instant.now());
            ObjectNode detail = event.putObject("detail");
            detail.put("model", request.modelName());
            detail.put("executionId", executionId);
            detail.put("status", result.report().status().name());
            try {
                retrainTrigger(Json.toBytes(event));
            } catch (RuntimeException e) {
                // The in-flight period then ends by VIGIL_RETRAIN_MAX_IN_FLIGHT instead; the run itself is done.
            }
            next.finished(executionId, request, result);
        }
    }
}
