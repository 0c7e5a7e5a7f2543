package dev.vigil.evaluation;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.vigil.model.Task;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.IntToDoubleFunction;

/**
 * Partial evaluation state of a regression model: exact weighted sums for the mean-based metrics, plus each row's
 * true and predicted value, which the median absolute error (an exact median needs every residual) and the
 * median-predictor baseline need.
 *
 * <p>Memory per row: 16 bytes (true and predicted value), plus 8 when any weight is not 1; six exact sums besides.
 * The report borrows 16 bytes per row more while it takes the two medians.
 *
 * <p>Immutable. Built by {@link RegressionAccumulator}, {@link #empty} and {@link #merge}; read and written with
 * {@code dev.vigil.json.Json}.
 */
public final class RegressionState implements EvaluationState {

    /** MAPE's floor on |y|: float64 machine epsilon, as scikit-learn's mean_absolute_percentage_error. */
    static final double MAPE_EPS = Math.ulp(1.0);

    private final long rows;
    private final ExactSum weight;
    private final ExactSum absoluteError;
    private final ExactSum squaredError;
    private final ExactSum absolutePercentageError;
    private final ExactSum weightedActual;
    private final ExactSum weightedActualSquared;
    private final double[] actual;
    private final double[] predicted;
    private final double[] weights;

    /**
     * Adopts the arrays: package-private for {@link RegressionAccumulator}, which hands over arrays it no longer
     * holds, and for {@code dev.vigil.json.Json}, whose arrays are new.
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
    @JsonCreator
    RegressionState(@JsonProperty("rows") long rows, @JsonProperty("weight") ExactSum weight,
            @JsonProperty("absoluteError") ExactSum absoluteError,
            @JsonProperty("squaredError") ExactSum squaredError,
            @JsonProperty("absolutePercentageError") ExactSum absolutePercentageError,
            @JsonProperty("weightedActual") ExactSum weightedActual,
            @JsonProperty("weightedActualSquared") ExactSum weightedActualSquared,
            @JsonProperty("actual") double[] actual, @JsonProperty("predicted") double[] predicted,
            @JsonProperty("weights") double[] weights) {
        this.rows = rows;
        this.weight = Objects.requireNonNull(weight, "weight");
        this.absoluteError = Objects.requireNonNull(absoluteError, "absoluteError");
        this.squaredError = Objects.requireNonNull(squaredError, "squaredError");
        this.absolutePercentageError = Objects.requireNonNull(absolutePercentageError, "absolutePercentageError");
        this.weightedActual = Objects.requireNonNull(weightedActual, "weightedActual");
        this.weightedActualSquared = Objects.requireNonNull(weightedActualSquared, "weightedActualSquared");
        this.actual = Objects.requireNonNull(actual, "actual");
        this.predicted = Objects.requireNonNull(predicted, "predicted");
        this.weights = weights;
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
    public MetricReport report(MinimumSampleSize minimum, double level) {
        ConfidenceIntervals.requireLevel(level);
        double w = weight.toDouble();
        boolean any = rows > 0 && w > 0;
        double mse = any ? squaredError.toDouble() / w : Double.NaN;
        double totalSquares = any ? totalSumOfSquares() : Double.NaN;
        double constantMse = any ? totalSquares / w : Double.NaN;

        double[] residuals = new double[actual.length];
        for (int i = 0; i < residuals.length; i++) {
            residuals[i] = Math.abs(predicted[i] - actual[i]);
        }
        double[] residualWeights = weights();
        double medianAbsoluteError = WeightedMedian.of(residuals, residualWeights);
        double median = WeightedMedian.of(actual.clone(), weights());
        RunningSum constantAbsolute = new RunningSum();
        RunningSum constantPercentage = new RunningSum();
        for (int i = 0; i < actual.length; i++) {
            double r = Math.abs(median - actual[i]);
            double wi = weights == null ? 1.0 : weights[i];
            constantAbsolute.addProduct(wi, r);
            constantPercentage.addProduct(wi, r / Math.max(Math.abs(actual[i]), MAPE_EPS));
        }

        boolean judged = minimum.isMetBy(rows);
        List<MetricValue> metrics = new ArrayList<>();
        double effective = effectiveRows();
        double mae = any ? absoluteError.toDouble() / w : Double.NaN;
        double mape = any ? absolutePercentageError.toDouble() / w : Double.NaN;
        RunningSum absoluteSquares = new RunningSum();
        RunningSum squaredSquares = new RunningSum();
        RunningSum percentageSquares = new RunningSum();
        for (int i = 0; i < actual.length; i++) {
            double wi = weights == null ? 1.0 : weights[i];
            double e = Math.abs(actual[i] - predicted[i]);
            absoluteSquares.addWeightedSquare(wi, e);
            squaredSquares.addWeightedSquare(wi, e * e);
            percentageSquares.addWeightedSquare(wi, e / Math.max(Math.abs(actual[i]), MAPE_EPS));
        }
        ConfidenceIntervals.Interval mseInterval =
                nonNegative(ConfidenceIntervals.mean(mse, w, squaredSquares.toDouble(), effective, level));
        ClassificationReport.add(metrics, judged, Metric.MAE, mae, any ? constantAbsolute.toDouble() / w : Double.NaN,
                nonNegative(ConfidenceIntervals.mean(mae, w, absoluteSquares.toDouble(), effective, level)), level);
        ClassificationReport.add(metrics, judged, Metric.MSE, mse, constantMse, mseInterval, level);
        ClassificationReport.add(metrics, judged, Metric.RMSE, Math.sqrt(mse), Math.sqrt(constantMse),
                mseInterval == null ? null : new ConfidenceIntervals.Interval(Math.sqrt(mseInterval.lower()),
                        Math.sqrt(mseInterval.upper()), IntervalMethod.NORMAL_MEAN_SQRT), level);
        double r2 = rows >= 2 && any ? r2(squaredError.toDouble(), totalSquares) : Double.NaN;
        ClassificationReport.add(metrics, judged, Metric.R2, r2,
                rows >= 2 && any ? r2(totalSquares, totalSquares) : Double.NaN,
                r2Interval(r2, mse, totalSquares / w, effective, level), level);
        ClassificationReport.add(metrics, judged, Metric.MAPE, mape,
                any ? constantPercentage.toDouble() / w : Double.NaN,
                nonNegative(ConfidenceIntervals.mean(mape, w, percentageSquares.toDouble(), effective, level)), level);
        ClassificationReport.add(metrics, judged, Metric.MEDIAN_AE, medianAbsoluteError,
                medianAbsoluteError(i -> median),
                ConfidenceIntervals.orderStatistic(residuals, residualWeights, effective, level), level);
        metrics.add(new MetricValue(Metric.ROWS_SCORED, rows, Double.NaN, MetricStatus.VALID));
        List<String> warnings = rows == 1 ? List.of("R² is not well-defined with fewer than two rows") : List.of();
        return new MetricReport(Task.REGRESSION, rows, w, minimum.rows(), judged, metrics, List.of(),
                null, warnings);
    }

    /**
     * R²'s interval by the delta method on log(1 − R²) = log(MSE) − log(σ²), σ² the weighted variance of the truth:
     * a row's influence there is (e² − MSE) / MSE − ((y − ȳ)² − σ²) / σ². Null when R² is undefined or forced (a
     * constant truth), or 1 (no error: the log is −∞).
     */
    private ConfidenceIntervals.Interval r2Interval(double r2, double mse, double variance, double effective,
            double level) {
        if (Double.isNaN(r2) || !(mse > 0) || !(variance > 0)) {
            return null;
        }
        double mean = weightedActual.toDouble() / weight.toDouble();
        ConfidenceIntervals.Influence influence = new ConfidenceIntervals.Influence();
        for (int i = 0; i < actual.length; i++) {
            double e = actual[i] - predicted[i];
            double d = actual[i] - mean;
            influence.add(weights == null ? 1.0 : weights[i], (e * e - mse) / mse - (d * d - variance) / variance);
        }
        return ConfidenceIntervals.unexplained(r2, influence.standardError(effective), level);
    }

    /** Kish's effective sample size (Σw)² / Σw²; the row count when unweighted. */
    private double effectiveRows() {
        if (weights == null) {
            return rows;
        }
        RunningSum squares = new RunningSum();
        for (double v : weights) {
            squares.addWeightedSquare(1.0, v);
        }
        double s = weight.toDouble();
        double q = squares.toDouble();
        return q > 0 ? s * s / q : 0.0;
    }

    /** The interval with its lower bound floored at 0 (a mean of non-negative losses); null stays null. */
    private static ConfidenceIntervals.Interval nonNegative(ConfidenceIntervals.Interval interval) {
        return interval == null ? null
                : new ConfidenceIntervals.Interval(Math.max(0.0, interval.lower()), interval.upper(),
                        interval.method());
    }

    /** The weighted median of |prediction(i) - y_i| over every row, borrowing one array of residuals. */
    private double medianAbsoluteError(IntToDoubleFunction prediction) {
        double[] residuals = new double[actual.length];
        for (int i = 0; i < residuals.length; i++) {
            residuals[i] = Math.abs(prediction.applyAsDouble(i) - actual[i]);
        }
        return WeightedMedian.of(residuals, weights());
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
    @JsonProperty
    public long rows() {
        return rows;
    }

    /** Exact sum of weights. */
    @JsonProperty
    public ExactSum weight() {
        return weight;
    }

    /** Exact sum of w * |y - ŷ|. */
    @JsonProperty
    public ExactSum absoluteError() {
        return absoluteError;
    }

    /** Exact sum of w * (y - ŷ)^2. */
    @JsonProperty
    public ExactSum squaredError() {
        return squaredError;
    }

    /** Exact sum of w * |y - ŷ| / max(|y|, 2^-52). */
    @JsonProperty
    public ExactSum absolutePercentageError() {
        return absolutePercentageError;
    }

    /** Exact sum of w * y. */
    @JsonProperty
    public ExactSum weightedActual() {
        return weightedActual;
    }

    /** Exact sum of w * y^2. */
    @JsonProperty
    public ExactSum weightedActualSquared() {
        return weightedActualSquared;
    }

    /** Per-row true values, a copy. */
    @JsonProperty
    public double[] actual() {
        return actual.clone();
    }

    /** Per-row predicted values, a copy. */
    @JsonProperty
    public double[] predicted() {
        return predicted.clone();
    }

    /** Per-row weights, or null when every weight is 1; a copy. */
    @JsonProperty
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
