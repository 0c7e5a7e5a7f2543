package dev.vigil.evaluation;

import java.util.function.Function;

/**
 * Scores one shard of a regression model's predictions into a {@link RegressionState}: mutable, single-threaded,
 * one per shard. See {@link RegressionState} for the memory it keeps per row.
 */
public final class RegressionAccumulator {
    private final RunningSum weight = new RunningSum();
    private final RunningSum absoluteError = new RunningSum();
    private final RunningSum squaredError = new RunningSum();
    private final RunningSum absolutePercentageError = new RunningSum();
    private final RunningSum weightedActual = new RunningSum();
    private final RunningSum weightedActualSquared = new RunningSum();
    private final DoubleList actual = new DoubleList();
    private final DoubleList predicted = new DoubleList();
    private DoubleList weights;
    private long rows;
    private boolean finished;

    /** Adds one row of weight 1. */
    public void add(double actualValue, double predictedValue) {
        add(actualValue, predictedValue, 1.0);
    }

    /**
     * Adds one scored row.
     *
     * @throws IllegalArgumentException when a value is not finite or the weight is negative
     */
    public void add(double actualValue, double predictedValue, double sampleWeight) {
        requireOpen();
        if (!Double.isFinite(actualValue) || !Double.isFinite(predictedValue)) {
            throw new IllegalArgumentException("true and predicted values must be finite, got " + actualValue
                    + " and " + predictedValue);
        }
        if (!(sampleWeight >= 0.0 && sampleWeight < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("sample weight " + sampleWeight + " is not finite and non-negative");
        }
        double error = Math.abs(predictedValue - actualValue);
        weight.add(sampleWeight);
        absoluteError.addProduct(sampleWeight, error);
        squaredError.addWeightedSquare(sampleWeight, actualValue - predictedValue);
        absolutePercentageError.addProduct(sampleWeight,
                error / Math.max(Math.abs(actualValue), RegressionState.MAPE_EPS));
        weightedActual.addProduct(sampleWeight, actualValue);
        weightedActualSquared.addWeightedSquare(sampleWeight, actualValue);
        actual.add(actualValue + 0.0);
        predicted.add(predictedValue + 0.0);
        if (sampleWeight != 1.0 && weights == null) {
            weights = new DoubleList();
            for (long i = 0; i < rows; i++) {
                weights.add(1.0);
            }
        }
        if (weights != null) {
            weights.add(sampleWeight);
        }
        rows++;
    }

    public long rows() {
        return rows;
    }

    /** An immutable snapshot of everything added so far; more rows may be added afterwards. */
    public RegressionState state() {
        requireOpen();
        return build(DoubleList::toArray);
    }

    /**
     * The state of everything added, assembled one column at a time from the accumulator's own chunks, which are
     * released as they are copied. The accumulator accepts nothing afterwards.
     */
    public RegressionState finish() {
        requireOpen();
        finished = true;
        return build(DoubleList::take);
    }

    private RegressionState build(Function<DoubleList, double[]> values) {
        double[] actualValues = values.apply(actual);
        double[] predictedValues = values.apply(predicted);
        return new RegressionState(rows, weight.toExactSum(), absoluteError.toExactSum(), squaredError.toExactSum(),
                absolutePercentageError.toExactSum(), weightedActual.toExactSum(),
                weightedActualSquared.toExactSum(), actualValues, predictedValues,
                weights == null ? null : values.apply(weights));
    }

    private void requireOpen() {
        if (finished) {
            throw new IllegalStateException("this accumulator has finished; start another for more rows");
        }
    }
}
