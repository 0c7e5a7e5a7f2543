package dev.vigil.onnx;

import ai.onnxruntime.OrtSession;
import dev.vigil.model.ModelManifest;
import dev.vigil.model.OutputFormat;
import dev.vigil.model.Task;
import java.util.Set;

/**
 * Reads one float tensor of class probabilities or logits (PyTorch / TensorFlow exports): {@code [N, C]}, or for
 * binary models {@code [N]} / {@code [N, 1]} holding the positive class. Binary labels follow the manifest's
 * decision threshold; multiclass labels are the most probable class.
 */
final class ScoresDecoder implements OutputDecoder {
    private final ModelManifest manifest;
    private final String output;
    private final boolean logits;

    private ScoresDecoder(ModelManifest manifest, String output, boolean logits) {
        this.manifest = manifest;
        this.output = output;
        this.logits = logits;
    }

    static ScoresDecoder of(ModelManifest manifest, GraphSignature graph) {
        boolean logits = manifest.output().format() == OutputFormat.LOGITS;
        ValueSpec spec = Outputs.resolve(manifest, graph, manifest.output().scoresOutput(), ValueSpec::isRealTensor,
                logits ? "logits" : "probabilities");
        Outputs.checkScoreShape(manifest, spec);
        return new ScoresDecoder(manifest, spec.name(), logits);
    }

    @Override
    public Set<String> outputNames() {
        return Set.of(output);
    }

    @Override
    public void decode(OrtSession.Result result, int rows, Predictions.Builder out, int offset) {
        Outputs.writeProbabilities(Outputs.readReal(result, output, manifest.ref()), logits, rows, out, offset,
                manifest);
        if (manifest.task() == Task.BINARY_CLASSIFICATION) {
            Outputs.decideByThreshold(out, offset, rows, manifest.decisionThreshold());
        } else {
            Outputs.decideByArgmax(out, offset, rows);
        }
    }
}
