package dev.vigil.onnx;

import dev.vigil.model.ModelManifest;
import dev.vigil.model.OutputSpec;
import java.util.List;

/** Copies of a truthful manifest with one fact changed, for testing how disagreements are reported. */
final class Manifests {
    private Manifests() {}

    static ModelManifest withFeatures(ModelManifest m, List<String> features) {
        return new ModelManifest(m.name(), m.version(), m.sha256(), m.task(), features, m.labels(), m.output(),
                m.decisionThreshold(), m.createdAt(), m.trainingData(), m.baseline(), m.provenance());
    }

    static ModelManifest withLabels(ModelManifest m, List<String> labels) {
        return new ModelManifest(m.name(), m.version(), m.sha256(), m.task(), m.features(), labels, m.output(),
                m.decisionThreshold(), m.createdAt(), m.trainingData(), m.baseline(), m.provenance());
    }

    static ModelManifest withOutput(ModelManifest m, OutputSpec output) {
        return new ModelManifest(m.name(), m.version(), m.sha256(), m.task(), m.features(), m.labels(), output,
                m.decisionThreshold(), m.createdAt(), m.trainingData(), m.baseline(), m.provenance());
    }

    static ModelManifest withSha256(ModelManifest m, String sha256) {
        return new ModelManifest(m.name(), m.version(), sha256, m.task(), m.features(), m.labels(), m.output(),
                m.decisionThreshold(), m.createdAt(), m.trainingData(), m.baseline(), m.provenance());
    }
}
