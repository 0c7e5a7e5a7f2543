package dev.vigil.retrain;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Where the retrain-trigger starts a retraining run: the values of {@code VIGIL_RETRAIN_BACKEND} and of the CDK
 * config's {@code retrain.backend}, and the backend name recorded in the audit log.
 */
public enum RetrainBackend {
    /** SageMaker Pipelines StartPipelineExecution; the target is the pipeline name. */
    @JsonProperty("sagemaker") SAGEMAKER("sagemaker"),
    /** Step Functions StartExecution; the target is the state machine ARN. */
    @JsonProperty("stepfunctions") STEP_FUNCTIONS("stepfunctions"),
    /** EventBridge PutEvents of a RetrainRequested event; the target is the event bus name or ARN. */
    @JsonProperty("eventbridge") EVENTBRIDGE("eventbridge"),
    /** Decide and record, start nothing; no target. */
    @JsonProperty("dry-run") DRY_RUN("dry-run");

    private final String id;

    RetrainBackend(String id) {
        this.id = id;
    }

    /** The name used in configuration and in the audit log. */
    public String id() {
        return id;
    }

    /** True for the backends that cannot start anything without a target. */
    public boolean needsTarget() {
        return this == SAGEMAKER || this == STEP_FUNCTIONS;
    }

    /** The backend whose {@link #id()} is {@code value}, ignoring case and surrounding blanks. */
    public static Optional<RetrainBackend> find(String value) {
        String wanted = value.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(b -> b.id.equals(wanted)).findFirst();
    }

    /** Every id, as a person would list them: {@code sagemaker, stepfunctions, eventbridge, dry-run}. */
    public static String ids() {
        return String.join(", ", Arrays.stream(values()).map(RetrainBackend::id).toList());
    }
}
