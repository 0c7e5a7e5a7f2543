package dev.vigil.drift;

import dev.vigil.model.Baseline;
import dev.vigil.model.Distribution;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Builds the training-time {@link Distribution}s a manifest's {@link Baseline} carries: quantile bin edges, the
 * training rows' counts in those bins, a bounded uniform sample for the KS statistic, and the smallest and largest
 * training value (the range {@link ObservedRange} counts live values against).
 *
 * <p>Edges: numpy's default ("linear") quantiles at k/bins for k = 1..bins-1 become the interior edges, duplicates
 * removed; when the top interior edge is the maximum (a discrete feature) one more edge is added just above it, so
 * values beyond anything seen in training get a bin of their own; the outer edges are the minimum and maximum (moved
 * one ulp outwards when they coincide with an interior edge). Bins are open-ended below and above when scoring.
 */
public final class TrainingDistribution {
    private TrainingDistribution() {}

    /** The distribution of {@code values} with the default options (10 bins, 1,000-value sample). */
    public static Distribution of(double[] values) {
        return of(values, DistributionOptions.DEFAULT);
    }

    /**
     * The distribution of {@code values} (not modified).
     *
     * @throws IllegalArgumentException when there are no values or one is NaN or infinite
     */
    public static Distribution of(double[] values, DistributionOptions options) {
        if (values.length == 0) {
            throw new IllegalArgumentException("cannot build a distribution from no values");
        }
        for (double v : values) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("training values must be finite, found " + v);
            }
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double[] edges = edges(sorted, options.bins());
        return new Distribution(edges, Bins.count(edges, sorted), sample(values, options), sorted[0],
                sorted[sorted.length - 1]);
    }

    /**
     * A baseline for a model: one distribution per feature and one of its training predictions.
     *
     * @param features feature names in the order of each row's values
     * @param rows training rows, {@code rows[i][f]} the value of feature f in row i
     * @param predictions the model's score per training row (see {@link Baseline#prediction()}), or null
     */
    public static Baseline baseline(List<String> features, double[][] rows, double[] predictions,
            DistributionOptions options) {
        Map<String, Distribution> distributions = new LinkedHashMap<>();
        for (int f = 0; f < features.size(); f++) {
            double[] column = new double[rows.length];
            for (int i = 0; i < rows.length; i++) {
                if (rows[i].length != features.size()) {
                    throw new IllegalArgumentException("row " + i + " has " + rows[i].length + " values for "
                            + features.size() + " features");
                }
                column[i] = rows[i][f];
            }
            distributions.put(features.get(f), of(column, options));
        }
        if (predictions != null && predictions.length != rows.length) {
            throw new IllegalArgumentException(predictions.length + " predictions for " + rows.length + " rows");
        }
        return new Baseline(rows.length, distributions, predictions == null ? null : of(predictions, options));
    }

    static double[] edges(double[] sorted, int bins) {
        double step = 1.0 / bins;
        double[] quantiles = new double[bins - 1];
        for (int k = 1; k < bins; k++) {
            quantiles[k - 1] = quantile(sorted, k * step);
        }
        Arrays.sort(quantiles);
        double[] interior = new double[bins];
        int count = 0;
        for (double q : quantiles) {
            if (count == 0 || q > interior[count - 1]) {
                interior[count++] = q;
            }
        }
        double min = sorted[0];
        double max = sorted[sorted.length - 1];
        if (interior[count - 1] >= max) {
            interior[count++] = Math.nextUp(max);
        }
        double[] edges = new double[count + 2];
        edges[0] = min < interior[0] ? min : Math.nextDown(interior[0]);
        System.arraycopy(interior, 0, edges, 1, count);
        edges[count + 1] = max > interior[count - 1] ? max : Math.nextUp(interior[count - 1]);
        return edges;
    }

    /** numpy's default quantile: linear interpolation at virtual index (n - 1) * q, computed as numpy computes it. */
    static double quantile(double[] sorted, double q) {
        int n = sorted.length;
        double h = (n - 1) * q;
        if (h >= n - 1) {
            return sorted[n - 1];
        }
        int lower = (int) Math.floor(h);
        double gamma = h - lower;
        double a = sorted[lower];
        double b = sorted[lower + 1];
        double diff = b - a;
        return gamma >= 0.5 ? b - diff * (1 - gamma) : a + diff * gamma;
    }

    /** A uniform sample without replacement (reservoir sampling), sorted ascending. */
    private static double[] sample(double[] values, DistributionOptions options) {
        int k = Math.min(options.sampleSize(), values.length);
        double[] reservoir = new double[k];
        SplittableRandom random = new SplittableRandom(options.seed());
        for (int i = 0; i < values.length; i++) {
            if (i < k) {
                reservoir[i] = values[i];
            } else {
                long j = random.nextLong(i + 1L);
                if (j < k) {
                    reservoir[(int) j] = values[i];
                }
            }
        }
        Arrays.sort(reservoir);
        return reservoir;
    }
}
