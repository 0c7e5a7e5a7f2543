package dev.vigil.evaluation;

import dev.vigil.model.Task;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Partial evaluation state of a regression model: exact weighted sums for the mean-based metrics, plus each row's
 * true and predicted value, which the median absolute error (an exact median needs every residual) and the
 * median-predictor baseline need.
 *
 * <p>Memory per row: 16 bytes (true and predicted value), plus 8 when any weight is not 1; six exact sums besides.
 * While accumulating, growable arrays may hold up to twice that.
 *
 * @param rows rows scored
 * @param weight exact sum of weights
 * @param absoluteError exact sum of w * |y - ŷ|
 * @param squaredError exact sum of w * (y - ŷ)^2
 * @param absolutePercentageError exact sum of w * |y - ŷ| / max(|y|, 2^-52) (scikit-learn's eps)
 * @param weightedActual exact sum of w * y
 * @param weightedActualSquared exact sum of w * y^2
 * @param actual per-row true values
 * @param predicted per-row predicted values
 * @param weights per-row weights, or null when every weight is 1
 */
public record RegressionState(
        long rows,
        ExactSum weight,
        ExactSum absoluteError,
        ExactSum squaredError,
        ExactSum absolutePercentageError,
        ExactSum weightedActual,
        ExactSum weightedActualSquared,
        double[] actual,
        double[] predicted,
        double[] weights) implements EvaluationState {

    /** MAPE's floor on |y|: float64 machine epsilon, as scikit-learn's mean_absolute_percentage_error. */
    static final double MAPE_EPS = Math.ulp(1.0);

    public RegressionState {
        Objects.requireNonNull(weight, "weight");
        Objects.requireNonNull(absoluteError, "absoluteError");
        Objects.requireNonNull(squaredError, "squaredError");
        Objects.requireNonNull(absolutePercentageError, "absolutePercentageError");
        Objects.requireNonNull(weightedActual, "weightedActual");
        Objects.requireNonNull(weightedActualSquared, "weightedActualSquared");
        actual = actual.clone();
        predicted = predicted.clone();
        weights = weights == null ? null : weights.clone();
        if (actual.length != rows || predicted.length != rows || (weights != null && weights.length != rows)) {
            throw new IllegalArgumentException("regression state arrays do not match " + rows + " rows");
        }
    }

    public static RegressionState empty() {
        return new RegressionState(0, ExactSum.ZERO, ExactSum.ZERO, ExactSum.ZERO, ExactSum.ZERO, ExactSum.ZERO,
                ExactSum.ZERO, new double[0], new double[0], null);
    }

    @Override
    public RegressionState merge(EvaluationState other) {
        if (!(other instanceof RegressionState o)) {
            throw new IllegalArgumentException("cannot merge a regression state with "
                    + ClassificationState.describe(other));
        }
        return new RegressionState(rows + o.rows, weight.plus(o.weight), absoluteError.plus(o.absoluteError),
                squaredError.plus(o.squaredError), absolutePercentageError.plus(o.absolutePercentageError),
                weightedActual.plus(o.weightedActual), weightedActualSquared.plus(o.weightedActualSquared),
                ClassificationState.concat(actual, o.actual), ClassificationState.concat(predicted, o.predicted),
                ClassificationState.concatWeights(weights, rows, o.weights, o.rows));
    }

    @Override
    public MetricReport report(MinimumSampleSize minimum) {
        double w = weight.toDouble();
        boolean any = rows > 0 && w > 0;
        double mse = any ? squaredError.toDouble() / w : Double.NaN;
        double totalSquares = any ? totalSumOfSquares() : Double.NaN;
        double constantMse = any ? totalSquares / w : Double.NaN;

        double[] residuals = new double[actual.length];
        for (int i = 0; i < residuals.length; i++) {
            residuals[i] = Math.abs(predicted[i] - actual[i]);
        }
        double median = WeightedMedian.of(actual.clone(), weights());
        double[] constantResiduals = new double[actual.length];
        RunningSum constantAbsolute = new RunningSum();
        RunningSum constantPercentage = new RunningSum();
        for (int i = 0; i < actual.length; i++) {
            double r = Math.abs(median - actual[i]);
            double wi = weights == null ? 1.0 : weights[i];
            constantResiduals[i] = r;
            constantAbsolute.addProduct(wi, r);
            constantPercentage.addProduct(wi, r / Math.max(Math.abs(actual[i]), MAPE_EPS));
        }

        boolean judged = minimum.isMetBy(rows);
        List<MetricValue> metrics = new ArrayList<>();
        ClassificationReport.add(metrics, judged, Metric.MAE, any ? absoluteError.toDouble() / w : Double.NaN,
                any ? constantAbsolute.toDouble() / w : Double.NaN);
        ClassificationReport.add(metrics, judged, Metric.MSE, mse, constantMse);
        ClassificationReport.add(metrics, judged, Metric.RMSE, Math.sqrt(mse), Math.sqrt(constantMse));
        ClassificationReport.add(metrics, judged, Metric.R2,
                rows >= 2 && any ? r2(squaredError.toDouble(), totalSquares) : Double.NaN,
                rows >= 2 && any ? r2(totalSquares, totalSquares) : Double.NaN);
        ClassificationReport.add(metrics, judged, Metric.MAPE,
                any ? absolutePercentageError.toDouble() / w : Double.NaN,
                any ? constantPercentage.toDouble() / w : Double.NaN);
        ClassificationReport.add(metrics, judged, Metric.MEDIAN_AE, WeightedMedian.of(residuals, weights()),
                WeightedMedian.of(constantResiduals, weights()));
        metrics.add(new MetricValue(Metric.ROWS_SCORED, rows, Double.NaN, MetricStatus.VALID));
        List<String> warnings = rows == 1 ? List.of("R² is not well-defined with fewer than two rows") : List.of();
        return new MetricReport(Task.REGRESSION, rows, w, minimum.rows(), judged, metrics, List.of(),
                null, warnings);
    }

    /**
     * Sum of w * (y - mean)^2, computed as (Σw·Σwy² − (Σwy)²) / Σw from exact sums so there is no cancellation; 0
     * exactly when every y is equal.
     */
    private double totalSumOfSquares() {
        if (!weight.isFinite() || !weightedActual.isFinite() || !weightedActualSquared.isFinite()) {
            double w = weight.toDouble();
            double s = weightedActual.toDouble();
            return weightedActualSquared.toDouble() - s * s / w;
        }
        BigDecimal w = weight.exact();
        BigDecimal s = weightedActual.exact();
        BigDecimal numerator = weightedActualSquared.exact().multiply(w).subtract(s.multiply(s));
        if (numerator.signum() == 0) {
            return 0.0;
        }
        return numerator.divide(w, MathContext.DECIMAL128).doubleValue();
    }

    /** scikit-learn's r2_score with force_finite: 1 when both sums are 0, 0 when only the total is. */
    private static double r2(double residualSquares, double totalSquares) {
        if (totalSquares == 0.0) {
            return residualSquares == 0.0 ? 1.0 : 0.0;
        }
        return 1.0 - residualSquares / totalSquares;
    }

    @Override
    public double[] actual() {
        return actual.clone();
    }

    @Override
    public double[] predicted() {
        return predicted.clone();
    }

    @Override
    public double[] weights() {
        return weights == null ? null : weights.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RegressionState s && rows == s.rows && weight.equals(s.weight)
                && absoluteError.equals(s.absoluteError) && squaredError.equals(s.squaredError)
                && absolutePercentageError.equals(s.absolutePercentageError)
                && weightedActual.equals(s.weightedActual) && weightedActualSquared.equals(s.weightedActualSquared)
                && Arrays.equals(actual, s.actual) && Arrays.equals(predicted, s.predicted)
                && Arrays.equals(weights, s.weights);
    }

    @Override
    public int hashCode() {
        return Objects.hash(rows, weight, absoluteError, squaredError, absolutePercentageError, weightedActual,
                weightedActualSquared, Arrays.hashCode(actual), Arrays.hashCode(predicted), Arrays.hashCode(weights));
    }

    @Override
    public String toString() {
        return "RegressionState[rows=" + rows + ", weighted=" + (weights != null) + "]";
    }
}
