package dev.vigil.onnx;

import dev.vigil.model.ModelManifest;
import dev.vigil.registry.ModelRejectedException;
import dev.vigil.registry.ModelVerifier;
import dev.vigil.storage.Sha256;
import java.util.Arrays;
import java.util.Locale;

/**
 * Proves an artifact is the model its manifest describes before it may be served: the bytes hash to the manifest's
 * sha256, ONNX Runtime loads them, the graph's input and outputs agree with the manifest (see
 * {@link OnnxModel#load}), and one inference on a row of zeros runs and decodes to plausible probabilities.
 */
public final class OnnxModelVerifier implements ModelVerifier {
    /** Slack allowed on a probability's range and on the per-row sum (float32 outputs). */
    static final double PROBABILITY_TOLERANCE = 1e-3;

    private final SessionSettings settings;

    public OnnxModelVerifier() {
        this(SessionSettings.DEFAULT);
    }

    public OnnxModelVerifier(SessionSettings settings) {
        this.settings = settings;
    }

    @Override
    public void verify(ModelManifest manifest, byte[] artifact) {
        String actual = Sha256.hex(artifact);
        if (!actual.equals(manifest.sha256())) {
            throw new ModelRejectedException(manifest.ref() + ": the artifact's sha256 is " + actual
                    + " but the manifest records " + manifest.sha256());
        }
        try (OnnxModel model = OnnxModel.load(manifest, artifact, settings)) {
            Predictions zeros = model.predict(new float[manifest.features().size()], 1);
            requirePlausible(manifest, zeros);
        } catch (InferenceException e) {
            throw new ModelRejectedException(manifest.ref() + " fails on a row of zeros: " + e.reason(), e);
        }
    }

    /**
     * Finite class scores must look like probabilities: each in [0, 1], summing to 1. This catches logits declared
     * as probabilities. Non-finite scores are not judged: a row of zeros may lie outside a model's domain.
     */
    private static void requirePlausible(ModelManifest manifest, Predictions predictions) {
        if (!manifest.task().isClassification()) {
            return;
        }
        double[] p = predictions.probabilities(0);
        if (Arrays.stream(p).anyMatch(v -> !Double.isFinite(v))) {
            return;
        }
        boolean inRange = Arrays.stream(p).allMatch(v -> v >= -PROBABILITY_TOLERANCE && v <= 1 + PROBABILITY_TOLERANCE);
        double sum = Arrays.stream(p).sum();
        if (!inRange || Math.abs(sum - 1.0) > PROBABILITY_TOLERANCE) {
            throw new ModelRejectedException(manifest.ref() + ": on a row of zeros the model's '"
                    + manifest.output().format().name().toLowerCase(Locale.ROOT) + "' output decodes to "
                    + Arrays.toString(p)
                    + " for labels " + manifest.labels() + ", which are not probabilities (each in [0, 1], summing"
                    + " to 1); if the model outputs raw scores, declare the output format 'logits'");
        }
    }
}
