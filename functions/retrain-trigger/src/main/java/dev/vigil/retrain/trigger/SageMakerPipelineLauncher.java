package dev.vigil.retrain.trigger;

import dev.vigil.retrain.RetrainLauncher;
import dev.vigil.retrain.RetrainRequest;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.Parameter;

/**
 * Starts a SageMaker pipeline execution with parameters {@code ModelName}, {@code ChampionVersion},
 * {@code LabelledData}, {@code Reason} and {@code Alarm}; the incident key is the {@code ClientRequestToken}, so
 * SageMaker itself returns the existing execution when the same incident is started twice.
 */
final class SageMakerPipelineLauncher implements RetrainLauncher {
    static final int MAX_PARAMETER_CHARS = 1024;
    private static final int MAX_DESCRIPTION_CHARS = 3072;

    private final SageMakerClient sagemaker;
    private final String pipeline;

    SageMakerPipelineLauncher(SageMakerClient sagemaker, String pipeline) {
        this.sagemaker = sagemaker;
        this.pipeline = pipeline;
    }

    @Override
    public String start(RetrainRequest request) {
        List<Parameter> parameters = request.parameters().entrySet().stream()
                .map(p -> Parameter.builder().name(p.getKey()).value(truncate(p.getValue(), MAX_PARAMETER_CHARS)).build())
                .toList();
        try {
            return sagemaker.startPipelineExecution(b -> b.pipelineName(pipeline)
                            .clientRequestToken(request.idempotencyKey())
                            .pipelineExecutionDescription(truncate("Vigil retrain of " + request.modelName()
                                    + " for alarm " + request.alarm(), MAX_DESCRIPTION_CHARS))
                            .pipelineParameters(parameters))
                    .pipelineExecutionArn();
        } catch (SdkException e) {
            throw LaunchFailures.from("SageMaker StartPipelineExecution on pipeline " + pipeline, e);
        }
    }

    static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
