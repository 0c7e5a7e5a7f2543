package dev.vigil.evaluation;

import java.util.Arrays;

/** A growable array of primitive ints (4 bytes per value, up to twice that while growing). */
final class IntList {
    private int[] values = new int[16];
    private int size;

    void add(int v) {
        if (size == values.length) {
            values = Arrays.copyOf(values, Math.max(16, size * 2));
        }
        values[size++] = v;
    }

    int[] toArray() {
        return Arrays.copyOf(values, size);
    }
}
