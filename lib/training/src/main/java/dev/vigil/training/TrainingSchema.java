package dev.vigil.training;

import dev.vigil.model.ModelManifest;
import dev.vigil.model.Task;
import java.util.List;

/**
 * The shape a retrained model must have: features in input order, labels in output order, task and binary decision
 * threshold. Taken from the champion's manifest, or given for a model's first version.
 */
public record TrainingSchema(List<String> features, List<String> labels, Task task, double decisionThreshold) {

    public TrainingSchema {
        features = List.copyOf(features);
        labels = List.copyOf(labels);
        if (!task.isClassification()) {
            throw new IllegalArgumentException("the in-process trainer fits classifiers; " + task + " is not one");
        }
    }

    public static TrainingSchema of(ModelManifest manifest) {
        return new TrainingSchema(manifest.features(), manifest.labels(), manifest.task(),
                manifest.decisionThreshold() == 0 ? ModelManifest.DEFAULT_THRESHOLD : manifest.decisionThreshold());
    }
}
