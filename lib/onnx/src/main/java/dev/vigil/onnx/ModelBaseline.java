package dev.vigil.onnx;

import dev.vigil.drift.DistributionOptions;
import dev.vigil.drift.TrainingDistribution;
import dev.vigil.model.Baseline;
import dev.vigil.model.ModelManifest;
import java.util.Objects;

/**
 * A model version's drift baseline computed from its training rows: each feature's training distribution and the
 * distribution of the model's own score on those rows ({@link Baseline#prediction()}, as
 * {@link Predictions#score(int)} reads it). The one place a baseline is computed: retraining uses it for a candidate,
 * {@code vigil register --baseline-data} and {@code vigil baseline} for a version a person brings.
 */
public final class ModelBaseline {
    /** Rows scored per inference call, so the float input of one call stays small whatever the row count. */
    static final int CHUNK_ROWS = 4_096;

    private ModelBaseline() {}

    /**
     * The baseline of {@code manifest}'s model over {@code rows}, loading {@code onnx} for the scores.
     *
     * @param rows training rows, {@code rows[i][f]} the value of the manifest's feature f in row i; at least one
     * @throws IllegalArgumentException when there are no rows, a row has the wrong width or a value is not finite
     */
    public static Baseline of(ModelManifest manifest, byte[] onnx, double[][] rows) {
        try (OnnxModel model = OnnxModel.load(manifest, onnx)) {
            return of(model, rows);
        }
    }

    /** The baseline of a loaded model over {@code rows}; see {@link #of(ModelManifest, byte[], double[][])}. */
    public static Baseline of(OnnxModel model, double[][] rows) {
        Objects.requireNonNull(rows, "rows");
        if (rows.length == 0) {
            throw new IllegalArgumentException("a baseline needs at least one training row");
        }
        int width = model.featureCount();
        double[] scores = new double[rows.length];
        float[] chunk = new float[Math.multiplyExact(Math.min(CHUNK_ROWS, rows.length), width)];
        for (int start = 0; start < rows.length; start += CHUNK_ROWS) {
            int n = Math.min(CHUNK_ROWS, rows.length - start);
            for (int r = 0; r < n; r++) {
                double[] row = rows[start + r];
                if (row.length != width) {
                    throw new IllegalArgumentException("row " + (start + r) + " has " + row.length + " values for "
                            + width + " features");
                }
                for (int f = 0; f < width; f++) {
                    chunk[r * width + f] = (float) row[f];
                }
            }
            Predictions predictions = model.predict(chunk, n);
            for (int r = 0; r < n; r++) {
                scores[start + r] = predictions.score(r);
            }
        }
        return TrainingDistribution.baseline(model.manifest().features(), rows, scores, DistributionOptions.DEFAULT);
    }
}
