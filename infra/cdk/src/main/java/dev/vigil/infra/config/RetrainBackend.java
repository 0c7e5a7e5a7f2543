package dev.vigil.infra.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where the retrain-trigger starts a retraining run; the value is passed to it as {@code VIGIL_RETRAIN_BACKEND}. */
public enum RetrainBackend {
    /** SageMaker Pipelines StartPipelineExecution; target is the pipeline name. */
    @JsonProperty("sagemaker") SAGEMAKER("sagemaker"),
    /** Step Functions StartExecution; target is the state machine ARN. */
    @JsonProperty("stepfunctions") STEPFUNCTIONS("stepfunctions"),
    /** EventBridge PutEvents of a RetrainRequested event; target is the event bus name or ARN. */
    @JsonProperty("eventbridge") EVENTBRIDGE("eventbridge"),
    /** Decide and record, start nothing; no target. */
    @JsonProperty("dry-run") DRY_RUN("dry-run");

    private final String value;

    RetrainBackend(String value) {
        this.value = value;
    }

    /** The value of {@code VIGIL_RETRAIN_BACKEND}. */
    public String value() {
        return value;
    }
}
