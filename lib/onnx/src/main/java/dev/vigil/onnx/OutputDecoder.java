package dev.vigil.onnx;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.vigil.model.ModelManifest;
import dev.vigil.registry.ModelRejectedException;
import java.util.Locale;
import java.util.Set;

/**
 * Turns a graph's raw outputs into {@link Predictions}, the way the manifest's {@code OutputSpec} says to read them.
 * Built once per loaded model; its construction is where a manifest that disagrees with the graph is rejected.
 */
sealed interface OutputDecoder permits ScoresDecoder, LabelAndProbabilitiesDecoder, ValueDecoder {

    /**
     * The decoder for the output format {@code manifest} declares, checked against {@code graph}'s outputs.
     *
     * @throws ModelRejectedException when the graph's outputs cannot be read as the manifest declares
     */
    static OutputDecoder forModel(ModelManifest manifest, GraphSignature graph) {
        boolean regression = !manifest.task().isClassification();
        return switch (manifest.output().format()) {
            case PROBABILITIES, LOGITS -> {
                requireClassification(manifest, regression);
                yield ScoresDecoder.of(manifest, graph);
            }
            case LABEL_AND_PROBABILITIES -> {
                requireClassification(manifest, regression);
                yield LabelAndProbabilitiesDecoder.of(manifest, graph);
            }
            case VALUE -> {
                if (!regression) {
                    throw new ModelRejectedException(manifest.ref() + ": output format 'value' is for regression, but"
                            + " the manifest's task is " + manifest.task());
                }
                yield ValueDecoder.of(manifest, graph);
            }
        };
    }

    private static void requireClassification(ModelManifest manifest, boolean regression) {
        if (regression) {
            throw new ModelRejectedException(manifest.ref() + ": output format '"
                    + manifest.output().format().name().toLowerCase(Locale.ROOT) + "' is for classification, but the"
                    + " manifest's task is regression (use 'value')");
        }
    }

    /** The graph outputs this decoder reads; only these are requested from ONNX Runtime. */
    Set<String> outputNames();

    /**
     * Decodes the first {@code rows} rows of {@code result} into {@code out} starting at row {@code offset}.
     *
     * @throws InferenceException when an output's actual shape, type or labels disagree with the manifest
     */
    void decode(OrtSession.Result result, int rows, Predictions.Builder out, int offset) throws OrtException;
}
