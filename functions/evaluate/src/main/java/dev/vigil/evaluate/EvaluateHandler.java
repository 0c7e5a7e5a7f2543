package dev.vigil.evaluate;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.vigil.aws.AwsClients;
import dev.vigil.aws.S3BlobStore;
import dev.vigil.json.Json;
import dev.vigil.onnx.OnnxModelVerifier;
import dev.vigil.registry.ModelRegistry;
import dev.vigil.report.ReportStore;
import dev.vigil.report.RunStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.function.Supplier;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * Lambda entry point of the evaluate function: reads the event ({@link EvaluateEvent}), hands it to
 * {@link Evaluation}, and writes the answer as JSON. A run that ends failed has been recorded by then; the handler
 * raises {@link EvaluationFailedException} so the invocation fails too. The S3 clients and the loaded model live as
 * long as the container.
 */
public final class EvaluateHandler implements RequestStreamHandler {
    private final EvaluateConfig config;
    private final Evaluation evaluation;

    /** Called once by the Lambda runtime: configuration from the environment. */
    public EvaluateHandler() {
        this(EvaluateConfig.fromEnvironment(System.getenv()));
    }

    EvaluateHandler(EvaluateConfig config) {
        this(config, new Evaluation(
                new ModelRegistry(new S3BlobStore(AwsClients.s3(), config.modelsBucket()), new OnnxModelVerifier()),
                new S3BlobStore(AwsClients.s3(), config.dataBucket()),
                config.captureBucket() == null ? null : new S3BlobStore(AwsClients.s3(), config.captureBucket()),
                config.captureBuckets(),
                new ReportStore(new S3BlobStore(AwsClients.s3(), config.reportsBucket())),
                new EmfMetricsPublisher(config.namespace()), Clock.systemUTC(), config.session(),
                config.calibrationTolerance()).judgingBy(config.qualityAlarms()));
    }

    public EvaluateHandler(EvaluateConfig config, Evaluation evaluation) {
        this.config = config;
        this.evaluation = evaluation;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        byte[] event = input.readAllBytes();
        Supplier<Object> handle = () -> handle(event);
        Object response = context == null ? handle.get() : PowertoolsLogging.withLogging(context, handle);
        output.write(Json.toBytes(response));
    }

    private Object handle(byte[] event) {
        return switch (EvaluateEvent.parse(event, config.defaultModel(), config.confidenceLevel())) {
            case Invocation.Run run -> succeeded(evaluation.run(run.request()));
            case Invocation.Plan plan -> evaluation.plan(plan.request(), plan.shardBytes(), config.reportsBucket());
            case Invocation.Shard shard -> evaluation.shard(shard.item());
            case Invocation.Merge merge -> succeeded(evaluation.merge(merge.run(), merge.states(), merge.shardCount()));
            case Invocation.Abort abort -> evaluation.abort(abort.run(), abort.error());
            case Invocation.AbortUnplanned abort -> evaluation.abortUnplanned(abort.runId(), abort.request(),
                    abort.error());
        };
    }

    private static RunOutcome succeeded(RunOutcome outcome) {
        if (outcome.status() == RunStatus.FAILED) {
            throw new EvaluationFailedException(outcome);
        }
        return outcome;
    }
}
