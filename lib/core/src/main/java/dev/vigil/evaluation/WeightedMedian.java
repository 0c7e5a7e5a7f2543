package dev.vigil.evaluation;

import java.util.Arrays;

/**
 * The median as scikit-learn's {@code median_absolute_error} takes it: numpy's {@code median} without weights, and
 * with weights the "averaged inverted CDF" (the smallest value whose cumulative weight reaches half the total,
 * averaged with the next value when the cumulative weight lands on exactly half), which equals numpy's median for
 * unit weights.
 */
final class WeightedMedian {
    private WeightedMedian() {}

    /**
     * The median of {@code values}; NaN when there are none (or all weights are 0).
     *
     * @param values sorted in place
     * @param weights null when every weight is 1; permuted with the values
     */
    static double of(double[] values, double[] weights) {
        int n = values.length;
        if (n == 0) {
            return Double.NaN;
        }
        if (weights == null) {
            Arrays.sort(values);
            return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2.0;
        }
        KeyedSort.sort(values, weights);
        RunningSum total = new RunningSum();
        for (double w : weights) {
            total.add(w);
        }
        double half = total.toDouble() / 2.0;
        if (!(half > 0)) {
            return Double.NaN;
        }
        RunningSum cumulative = new RunningSum();
        for (int i = 0; i < n; i++) {
            cumulative.add(weights[i]);
            double reached = cumulative.toDouble();
            if (reached >= half) {
                double lower = values[i];
                double upper = lower;
                if (reached == half) {
                    for (int j = i + 1; j < n; j++) {
                        if (weights[j] > 0) {
                            upper = values[j];
                            break;
                        }
                    }
                }
                return (lower + upper) / 2.0;
            }
        }
        return values[n - 1];
    }
}
