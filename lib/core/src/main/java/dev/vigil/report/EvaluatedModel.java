package dev.vigil.report;

import dev.vigil.model.ModelManifest;
import java.time.Instant;

/**
 * The model version a run evaluated, as lineage: which version, which manifest (by the artifact checksum it records),
 * and whether it was the champion when the run started or a challenger evaluated on request.
 *
 * @param name model name
 * @param version the version evaluated
 * @param sha256 the artifact checksum from its manifest, verified when the artifact was loaded
 * @param champion true when this version was the champion at the start of the run
 * @param createdAt when the version was registered
 * @param trainingData the manifest's training-data reference
 */
public record EvaluatedModel(String name, String version, String sha256, boolean champion, Instant createdAt,
        String trainingData) {

    public static EvaluatedModel of(ModelManifest manifest, boolean champion) {
        return new EvaluatedModel(manifest.name(), manifest.version(), manifest.sha256(), champion,
                manifest.createdAt(), manifest.trainingData());
    }
}
