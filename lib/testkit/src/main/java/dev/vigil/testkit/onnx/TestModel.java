package dev.vigil.testkit.onnx;

import dev.vigil.model.ModelManifest;
import dev.vigil.model.OutputSpec;
import dev.vigil.model.Provenance;
import dev.vigil.model.Task;
import dev.vigil.registry.ModelDraft;
import dev.vigil.storage.Sha256;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

/**
 * A generated ONNX model together with the parameters it was built from, so a test can compute its expected
 * outputs independently, and the manifest facts that describe it (features are named {@code f0..f(F-1)}).
 *
 * @param description which exporter's layout it imitates
 * @param bytes the serialised ONNX model
 * @param weights the parameters baked into the graph ({@link LinearWeights}, {@link MlpWeights} or
 *     {@link TreeEnsembleWeights})
 * @param labels class labels in the order the graph's probability columns use (empty for regression)
 */
public record TestModel<W>(String description, byte[] bytes, W weights, Task task, int featureCount,
        List<String> labels, OutputSpec output) {

    public TestModel {
        labels = List.copyOf(labels);
    }

    public List<String> featureNames() {
        return IntStream.range(0, featureCount).mapToObj(i -> "f" + i).toList();
    }

    /** Lowercase hex SHA-256 of {@link #bytes()}, as the registry records it. */
    public String sha256() {
        return Sha256.hex(bytes);
    }

    /** A manifest that describes this model truthfully, with the default decision threshold. */
    public ModelManifest manifest(String name, String version) {
        return manifest(name, version, ModelManifest.DEFAULT_THRESHOLD);
    }

    /** A manifest that describes this model truthfully, with the given binary decision threshold. */
    public ModelManifest manifest(String name, String version, double decisionThreshold) {
        return new ModelManifest(name, version, sha256(), task, featureNames(), labels, output,
                task == Task.BINARY_CLASSIFICATION ? decisionThreshold : 0.0, Instant.parse("2026-01-01T00:00:00Z"),
                "generated:" + description, null, Provenance.builder().trainer(description).build());
    }

    /** A registration draft that describes this model truthfully (the registry computes the checksum). */
    public ModelDraft draft(String name, String version) {
        return draft(name, version, ModelManifest.DEFAULT_THRESHOLD);
    }

    /** A registration draft with the given binary decision threshold. */
    public ModelDraft draft(String name, String version, double decisionThreshold) {
        ModelManifest m = manifest(name, version, decisionThreshold);
        return new ModelDraft(name, version, task, m.features(), labels, output, m.decisionThreshold(), null,
                m.trainingData(), null, m.provenance());
    }

    @Override
    public String toString() {
        return "TestModel[" + description + ", " + bytes.length + " bytes, " + task + ", F=" + featureCount
                + ", labels=" + labels + ", " + output + "]";
    }
}
