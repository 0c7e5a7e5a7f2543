package dev.vigil.evaluation;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * The exact value of a sum of doubles, so partial sums merge without rounding: {@code a.plus(b).plus(c)} equals
 * {@code a.plus(b.plus(c))} and equals the sum taken in one pass, bit for bit.
 *
 * <p>JSON form is a string: the exact decimal expansion (every finite sum of doubles has one), or {@code "Infinity"},
 * {@code "-Infinity"}, {@code "NaN"} when a non-finite term was added.
 */
public final class ExactSum {
    public static final ExactSum ZERO = new ExactSum(BigDecimal.ZERO, 0.0);

    private final BigDecimal finite;
    private final double nonFinite;

    ExactSum(BigDecimal finite, double nonFinite) {
        Objects.requireNonNull(finite, "finite");
        this.finite = nonFinite == 0.0 ? normalised(finite) : BigDecimal.ZERO;
        this.nonFinite = nonFinite;
    }

    /** The exact sum of the given doubles. */
    public static ExactSum of(double... values) {
        RunningSum sum = new RunningSum();
        for (double v : values) {
            sum.add(v);
        }
        return sum.toExactSum();
    }

    /** The exact sum of {@code count} ones. */
    public static ExactSum ofCount(long count) {
        return new ExactSum(BigDecimal.valueOf(count), 0.0);
    }

    @JsonCreator
    public static ExactSum parse(String text) {
        return switch (text) {
            case "NaN" -> new ExactSum(BigDecimal.ZERO, Double.NaN);
            case "Infinity" -> new ExactSum(BigDecimal.ZERO, Double.POSITIVE_INFINITY);
            case "-Infinity" -> new ExactSum(BigDecimal.ZERO, Double.NEGATIVE_INFINITY);
            default -> new ExactSum(new BigDecimal(text), 0.0);
        };
    }

    public ExactSum plus(ExactSum other) {
        return new ExactSum(finite.add(other.finite), nonFinite + other.nonFinite);
    }

    public boolean isFinite() {
        return nonFinite == 0.0;
    }

    /** The exact value; only meaningful when {@link #isFinite()}. */
    public BigDecimal exact() {
        return finite;
    }

    /** The value correctly rounded to a double. */
    public double toDouble() {
        return isFinite() ? finite.doubleValue() : nonFinite;
    }

    @JsonValue
    @Override
    public String toString() {
        if (Double.isNaN(nonFinite)) {
            return "NaN";
        }
        if (nonFinite != 0.0) {
            return nonFinite > 0 ? "Infinity" : "-Infinity";
        }
        return finite.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ExactSum e && finite.compareTo(e.finite) == 0
                && Double.doubleToLongBits(nonFinite) == Double.doubleToLongBits(e.nonFinite);
    }

    @Override
    public int hashCode() {
        return Objects.hash(finite, Double.doubleToLongBits(nonFinite));
    }

    private static BigDecimal normalised(BigDecimal value) {
        return value.signum() == 0 ? BigDecimal.ZERO : value.stripTrailingZeros();
    }
}
