package dev.vigil.onnx;

import dev.vigil.model.ModelManifest;
import dev.vigil.model.OutputFormat;
import dev.vigil.model.OutputSpec;
import dev.vigil.registry.ModelRejectedException;
import dev.vigil.registry.ModelVerifier;
import dev.vigil.storage.Sha256;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Proves an artifact is the model its manifest describes before it may be served: the bytes hash to the manifest's
 * sha256, ONNX Runtime loads them, the graph's input and outputs agree with the manifest (see
 * {@link OnnxModel#load}), and inference on sample rows (zeros, then a few fixed pseudo-random rows) runs and agrees
 * with the declared output format: {@code probabilities} must decode to probabilities, and a multi-column
 * {@code logits} output must not already hold probabilities on every sample row (softmax would then serve wrong
 * ones). A single-column score cannot be told apart this way and is judged only by its range.
 */
public final class OnnxModelVerifier implements ModelVerifier {
    /** Slack allowed on a probability's range and on the per-row sum (float32 outputs). */
    static final double PROBABILITY_TOLERANCE = 1e-3;

    /** Fixed rows after the row of zeros: deterministic, so a verdict never changes between runs. */
    private static final int SAMPLE_ROWS = 8;
    private static final long SAMPLE_SEED = 20_260_101L;

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
        float[] samples = sampleRows(manifest.features().size());
        try (OnnxModel model = OnnxModel.load(manifest, artifact, settings)) {
            Predictions zeros = model.predict(new float[manifest.features().size()], 1);
            requirePlausible(manifest, zeros);
            if (manifest.output().format() == OutputFormat.LOGITS && manifest.task().isClassification()
                    && scoreColumns(model) > 1) {
                refuseProbabilitiesDeclaredAsLogits(manifest, artifact, samples);
            }
        } catch (InferenceException e) {
            throw new ModelRejectedException(manifest.ref() + " fails on a row of zeros: " + e.reason(), e);
        }
    }

    /** A row of zeros, then {@value #SAMPLE_ROWS} rows of values spread over [-3, 3]. */
    private static float[] sampleRows(int features) {
        SplittableRandom random = new SplittableRandom(SAMPLE_SEED);
        float[] rows = new float[(SAMPLE_ROWS + 1) * features];
        for (int i = features; i < rows.length; i++) {
            rows[i] = (float) random.nextDouble(-3, 3);
        }
        return rows;
    }

    /** Columns of the declared score output: 1 for {@code [N]}, else its last dimension ({@code -1} if unknown). */
    private static long scoreColumns(OnnxModel model) {
        String declared = model.manifest().output().scoresOutput();
        ValueSpec spec = model.signature().outputs().stream()
                .filter(o -> declared == null ? o.isRealTensor() : o.name().equals(declared))
                .findFirst().orElse(null);
        if (spec == null || spec.rank() == 0) {
            return ValueSpec.DYNAMIC;
        }
        return spec.rank() == 1 ? 1 : spec.dim(spec.rank() - 1);
    }

    /**
     * Reads the declared-logits output as probabilities: if every finite sample row already is a probability vector,
     * softmax would distort it, so the manifest must say {@code probabilities}.
     */
    private void refuseProbabilitiesDeclaredAsLogits(ModelManifest manifest, byte[] artifact, float[] samples) {
        OutputSpec declared = manifest.output();
        ModelManifest asProbabilities = new ModelManifest(manifest.name(), manifest.version(), manifest.sha256(),
                manifest.task(), manifest.features(), manifest.labels(),
                new OutputSpec(OutputFormat.PROBABILITIES, declared.scoresOutput(), null), manifest.decisionThreshold(),
                manifest.createdAt(), manifest.trainingData(), manifest.baseline(), manifest.provenance());
        int rows = SAMPLE_ROWS + 1;
        double[] example = null;
        try (OnnxModel raw = OnnxModel.load(asProbabilities, artifact, settings)) {
            Predictions scores = raw.predict(samples, rows);
            for (int row = 0; row < rows; row++) {
                double[] p = scores.probabilities(row);
                if (Arrays.stream(p).anyMatch(v -> !Double.isFinite(v))) {
                    continue;
                }
                if (!looksLikeProbabilities(p)) {
                    return;
                }
                example = example == null ? p : example;
            }
        } catch (InferenceException | ModelRejectedException notReadable) {
            return; // the declared format loaded and ran; a reading as probabilities that does not is no evidence
        }
        if (example != null) {
            throw new ModelRejectedException(manifest.ref() + ": the manifest declares the output format 'logits'"
                    + " but the model's output already holds probabilities (each in [0, 1], summing to 1) on all "
                    + rows + " sample rows, e.g. " + Arrays.toString(example) + "; softmax would serve wrong"
                    + " probabilities: declare the output format 'probabilities'");
        }
    }

    private static boolean looksLikeProbabilities(double[] p) {
        boolean inRange = Arrays.stream(p).allMatch(v -> v >= -PROBABILITY_TOLERANCE && v <= 1 + PROBABILITY_TOLERANCE);
        return inRange && Math.abs(Arrays.stream(p).sum() - 1.0) <= PROBABILITY_TOLERANCE;
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
        if (!looksLikeProbabilities(p)) {
            throw new ModelRejectedException(manifest.ref() + ": on a row of zeros the model's '"
                    + manifest.output().format().name().toLowerCase(Locale.ROOT) + "' output decodes to "
                    + Arrays.toString(p)
                    + " for labels " + manifest.labels() + ", which are not probabilities (each in [0, 1], summing"
                    + " to 1); if the model outputs raw scores, declare the output format 'logits'");
        }
    }
}
