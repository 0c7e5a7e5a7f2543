package dev.vigil.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What a model predicts; decides how its outputs are decoded and which metrics apply. */
public enum Task {
    @JsonProperty("binary_classification") BINARY_CLASSIFICATION,
    @JsonProperty("multiclass_classification") MULTICLASS_CLASSIFICATION,
    @JsonProperty("regression") REGRESSION;

    public boolean isClassification() {
        return this != REGRESSION;
    }
}
