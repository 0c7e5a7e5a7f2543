package dev.vigil.onnx;

/** Numerically stable softmax and logistic sigmoid, in double precision. */
public final class Activations {
    private Activations() {}

    /** Replaces {@code values[offset .. offset+length)} with their softmax; subtracting the maximum avoids overflow. */
    public static void softmaxInPlace(double[] values, int offset, int length) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = offset; i < offset + length; i++) {
            max = Math.max(max, values[i]);
        }
        double sum = 0;
        for (int i = offset; i < offset + length; i++) {
            values[i] = Math.exp(values[i] - max);
            sum += values[i];
        }
        for (int i = offset; i < offset + length; i++) {
            values[i] /= sum;
        }
    }

    /** {@code 1 / (1 + e^-x)}, computed so that neither branch overflows. */
    public static double sigmoid(double x) {
        if (x >= 0) {
            return 1.0 / (1.0 + Math.exp(-x));
        }
        double e = Math.exp(x);
        return e / (1.0 + e);
    }
}
