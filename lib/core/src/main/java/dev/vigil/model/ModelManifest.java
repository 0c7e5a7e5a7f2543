package dev.vigil.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * Everything needed to serve, verify and evaluate one immutable model version; stored beside its ONNX artifact.
 *
 * @param name model name
 * @param version version label, unique per name and never reused
 * @param sha256 lowercase hex SHA-256 of the ONNX artifact's bytes
 * @param task what the model predicts
 * @param features feature names in the model's input column order
 * @param labels class labels in output index order (empty for regression)
 * @param output which outputs carry the prediction and how to read them
 * @param decisionThreshold for binary models: positive-class probability at or above which the positive label
 *     (labels[1]) is predicted; ignored otherwise
 * @param createdAt when the version was registered
 * @param trainingData where the training data came from (a URI or dataset id)
 * @param baseline training-time distributions for drift; may be null when unknown
 * @param provenance how the model was made; {@link Provenance#NONE} when nothing is known
 * @param monitoring the slices and protected attributes its runs evaluate; {@link ModelMonitoring#NONE} when the
 *     manifest declares none
 */
public record ModelManifest(
        String name,
        String version,
        String sha256,
        Task task,
        List<String> features,
        List<String> labels,
        OutputSpec output,
        double decisionThreshold,
        Instant createdAt,
        String trainingData,
        Baseline baseline,
        Provenance provenance,
        @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = ModelMonitoring.OmittedWhenEmpty.class)
        ModelMonitoring monitoring) {

    public static final double DEFAULT_THRESHOLD = 0.5;

    /** A manifest that declares no slices or protected attributes. */
    public ModelManifest(String name, String version, String sha256, Task task, List<String> features,
            List<String> labels, OutputSpec output, double decisionThreshold, Instant createdAt, String trainingData,
            Baseline baseline, Provenance provenance) {
        this(name, version, sha256, task, features, labels, output, decisionThreshold, createdAt, trainingData,
                baseline, provenance, null);
    }

    public ModelManifest {
        ModelRef.requireSafe("model name", name);
        ModelRef.requireSafe("model version", version);
        if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("sha256 must be 64 lowercase hex characters");
        }
        if (task == null) {
            throw new IllegalArgumentException("task is required");
        }
        if (features == null || features.isEmpty()) {
            throw new IllegalArgumentException("features must name at least one input column");
        }
        if (features.stream().distinct().count() != features.size()) {
            throw new IllegalArgumentException("feature names must be unique");
        }
        labels = labels == null ? List.of() : List.copyOf(labels);
        features = List.copyOf(features);
        if (task == Task.REGRESSION && !labels.isEmpty()) {
            throw new IllegalArgumentException("a regression model has no class labels");
        }
        if (task == Task.BINARY_CLASSIFICATION && labels.size() != 2) {
            throw new IllegalArgumentException("a binary model needs exactly two labels (negative, positive)");
        }
        if (task == Task.MULTICLASS_CLASSIFICATION && labels.size() < 2) {
            throw new IllegalArgumentException("a multiclass model needs at least two labels");
        }
        if (output == null) {
            output = OutputSpec.of(task == Task.REGRESSION ? OutputFormat.VALUE : OutputFormat.PROBABILITIES);
        }
        if (decisionThreshold == 0.0 && task == Task.BINARY_CLASSIFICATION) {
            decisionThreshold = DEFAULT_THRESHOLD;
        }
        if (!(decisionThreshold > 0.0 && decisionThreshold < 1.0) && task == Task.BINARY_CLASSIFICATION) {
            throw new IllegalArgumentException("decisionThreshold must be in (0, 1)");
        }
        provenance = provenance == null ? Provenance.NONE : provenance;
        monitoring = monitoring == null ? ModelMonitoring.NONE : monitoring;
        List<String> problems = monitoring.problems(task);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }

    public ModelRef ref() {
        return new ModelRef(name, version);
    }

    /** This manifest with {@code newBaseline} as its drift baseline; every other field unchanged. */
    public ModelManifest withBaseline(Baseline newBaseline) {
        return new ModelManifest(name, version, sha256, task, features, labels, output, decisionThreshold, createdAt,
                trainingData, newBaseline, provenance, monitoring);
    }
}
