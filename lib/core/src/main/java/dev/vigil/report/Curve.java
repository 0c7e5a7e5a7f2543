package dev.vigil.report;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Arrays;
import java.util.Objects;

/**
 * A ROC or precision-recall curve of one class (against the rest), thinned for display: at most
 * {@link #MAX_POINTS} of the metric engine's points, always keeping the first and the last.
 *
 * @param kind ROC (x = false positive rate, y = true positive rate) or PR (x = recall, y = precision)
 * @param label the class the curve is for
 * @param area the class's ROC-AUC or average precision, as the metric engine computed it on every point
 * @param x abscissae
 * @param y ordinates
 */
public record Curve(Kind kind, String label, double area, double[] x, double[] y) {
    public static final int MAX_POINTS = 256;

    /** Which curve. */
    public enum Kind {
        @JsonProperty("roc") ROC,
        @JsonProperty("pr") PR
    }

    /** A curve through every point of {@code x, y}, thinned to {@link #MAX_POINTS} evenly spaced by index. */
    public static Curve thinned(Kind kind, String label, double area, double[] x, double[] y) {
        int n = Math.min(x.length, y.length);
        if (n <= MAX_POINTS) {
            return new Curve(kind, label, area, Arrays.copyOf(x, n), Arrays.copyOf(y, n));
        }
        double[] tx = new double[MAX_POINTS];
        double[] ty = new double[MAX_POINTS];
        for (int i = 0; i < MAX_POINTS; i++) {
            int source = (int) Math.round((double) i * (n - 1) / (MAX_POINTS - 1));
            tx[i] = x[source];
            ty[i] = y[source];
        }
        return new Curve(kind, label, area, tx, ty);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Curve c && kind == c.kind && Objects.equals(label, c.label)
                && Double.compare(area, c.area) == 0 && Arrays.equals(x, c.x) && Arrays.equals(y, c.y);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, label, area, Arrays.hashCode(x), Arrays.hashCode(y));
    }

    @Override
    public String toString() {
        return "Curve[" + kind + " " + label + ", " + x.length + " points]";
    }
}
