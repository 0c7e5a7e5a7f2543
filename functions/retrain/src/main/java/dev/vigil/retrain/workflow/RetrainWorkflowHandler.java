package dev.vigil.retrain.workflow;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.aws.AwsClients;
import dev.vigil.aws.S3BlobStore;
import dev.vigil.json.Json;
import dev.vigil.lambda.MetricEmitter;
import dev.vigil.metrics.VigilMetric;
import dev.vigil.onnx.OnnxModelVerifier;
import dev.vigil.registry.ModelRegistry;
import dev.vigil.training.Hyperparameters;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * Lambda entry point of the retraining workflow's steps: {@code {"step": <step>, ...}}, the step one of
 * {@code train}, {@code prepare}, {@code register}, {@code adopt}, {@code decide} or {@code fail}, runs that
 * {@link WorkflowSteps} method and answers with its {@link WorkflowSteps.StepResult}. Every run
 * that ends (promoted, rejected or failed) logs one structured line and counts one metric by model. An input it
 * cannot run raises {@link WorkflowInputException}, which fails the task; the state machine then records the run
 * through the fail step.
 */
public final class RetrainWorkflowHandler implements RequestStreamHandler {
    private static final Logger LOG = LoggerFactory.getLogger(RetrainWorkflowHandler.class);

    private final WorkflowSteps steps;
    private final String namespace;

    /** Called once by the Lambda runtime: configuration from the environment. */
    public RetrainWorkflowHandler() {
        this(RetrainWorkflowConfig.fromEnvironment(System.getenv()));
    }

    RetrainWorkflowHandler(RetrainWorkflowConfig config) {
        this(new WorkflowSteps(
                new ModelRegistry(new S3BlobStore(AwsClients.s3(), config.modelsBucket()), new OnnxModelVerifier()),
                new S3BlobStore(AwsClients.s3(), config.dataBucket()),
                config.captureBucket() == null ? null : new S3BlobStore(AwsClients.s3(), config.captureBucket()),
                new S3BlobStore(AwsClients.s3(), config.reportsBucket()), config.models(), config.margin(),
                config.minimumRows(), Hyperparameters.grid(), Clock.systemUTC()), config.metricsNamespace());
    }

    /** The handler over steps built elsewhere (tests, other wiring). */
    public RetrainWorkflowHandler(WorkflowSteps steps, String namespace) {
        this.steps = Objects.requireNonNull(steps, "steps");
        this.namespace = Objects.requireNonNull(namespace, "namespace");
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        byte[] event = input.readAllBytes();
        Supplier<WorkflowSteps.StepResult> handle = () -> handle(event);
        WorkflowSteps.StepResult result = context == null ? handle.get() : PowertoolsLogging.withLogging(context,
                handle);
        output.write(Json.toBytes(result));
    }

    /** Runs the step {@code event} names. */
    public WorkflowSteps.StepResult handle(byte[] event) {
        JsonNode input;
        try {
            input = Json.MAPPER.readTree(event);
        } catch (IOException e) {
            throw new WorkflowInputException("the step's input is not JSON", e);
        }
        if (input == null || !input.isObject()) {
            throw new WorkflowInputException("the step's input must be a JSON object naming its step");
        }
        String step = input.path("step").asText("");
        WorkflowSteps.StepResult result = switch (step) {
            case "train" -> steps.train(input);
            case "adopt" -> steps.adopt(input);
            case "prepare" -> steps.prepare(input);
            case "register" -> steps.register(input);
            case "decide" -> steps.decide(input);
            case "fail" -> steps.fail(input);
            default -> throw new WorkflowInputException("unknown step '" + WorkflowInput.shorten(step)
                    + "': expected train, prepare, register, adopt, decide or fail");
        };
        record(step, result);
        return result;
    }

    private void record(String step, WorkflowSteps.StepResult result) {
        VigilMetric metric = switch (result.outcome()) {
            case "promoted" -> VigilMetric.RETRAIN_PROMOTED;
            case "rejected" -> VigilMetric.RETRAIN_REJECTED;
            case "failed" -> VigilMetric.RETRAIN_RUN_FAILED;
            default -> null;
        };
        LOG.atInfo().addKeyValue("step", step).addKeyValue("outcome", result.outcome())
                .addKeyValue("model", result.model()).addKeyValue("runId", result.runId())
                .log("retraining step {}: {}", step, result.message());
        if (metric != null && result.model() != null) {
            new MetricEmitter(namespace).countOne(metric, "model", result.model());
        }
    }
}
