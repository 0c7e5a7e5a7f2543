package dev.vigil.registry;

import dev.vigil.model.Baseline;
import dev.vigil.model.ModelManifest;
import dev.vigil.model.ModelMonitoring;
import dev.vigil.model.OutputSpec;
import dev.vigil.model.Provenance;
import dev.vigil.model.Task;
import java.time.Instant;
import java.util.List;

/**
 * A manifest before registration: everything but the artifact's checksum, which the registry computes from the
 * bytes it stores. Field meanings are those of {@link ModelManifest}; a null {@code createdAt} means "now".
 */
public record ModelDraft(
        String name,
        String version,
        Task task,
        List<String> features,
        List<String> labels,
        OutputSpec output,
        double decisionThreshold,
        Instant createdAt,
        String trainingData,
        Baseline baseline,
        Provenance provenance,
        ModelMonitoring monitoring) {

    /** A draft that declares no slices or protected attributes. */
    public ModelDraft(String name, String version, Task task, List<String> features, List<String> labels,
            OutputSpec output, double decisionThreshold, Instant createdAt, String trainingData, Baseline baseline,
            Provenance provenance) {
        this(name, version, task, features, labels, output, decisionThreshold, createdAt, trainingData, baseline,
                provenance, null);
    }

    /** This draft with {@code newBaseline} as its drift baseline; every other field unchanged. */
    public ModelDraft withBaseline(Baseline newBaseline) {
        return new ModelDraft(name, version, task, features, labels, output, decisionThreshold, createdAt,
                trainingData, newBaseline, provenance, monitoring);
    }

    /** The manifest of this draft for an artifact with the given checksum. */
    public ModelManifest toManifest(String sha256, Instant registeredAt) {
        return new ModelManifest(name, version, sha256, task, features, labels, output, decisionThreshold,
                createdAt == null ? registeredAt : createdAt, trainingData, baseline, provenance, monitoring);
    }
}
