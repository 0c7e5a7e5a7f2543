package dev.vigil.evaluation;

import java.util.Arrays;

/** A growable array of primitive doubles (8 bytes per value, up to twice that while growing). */
final class DoubleList {
    private double[] values = new double[16];
    private int size;

    void add(double v) {
        if (size == values.length) {
            values = Arrays.copyOf(values, Math.max(16, size * 2));
        }
        values[size++] = v;
    }

    double[] toArray() {
        return Arrays.copyOf(values, size);
    }
}
