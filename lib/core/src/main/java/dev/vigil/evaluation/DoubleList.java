package dev.vigil.evaluation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A growable list of primitive doubles that never copies what it holds to grow: values go into chunks (the first
 * small, doubling up to 32,768 values, then that size), so holding n values costs 8n bytes plus at most one
 * part-filled chunk. {@link #take()} assembles one exactly-sized array and lets the chunks go; {@link #takeChunks()}
 * hands the chunks over as they are.
 */
final class DoubleList {
    private static final int FIRST_CHUNK = 16;
    private static final int MAX_CHUNK = 32_768;

    private final List<double[]> chunks = new ArrayList<>();
    private double[] current = new double[FIRST_CHUNK];
    private int used;
    private int size;
    private boolean taken;

    void add(double v) {
        if (used == current.length) {
            if (taken) {
                throw new IllegalStateException("this list's values were already taken");
            }
            chunks.add(current);
            current = new double[Math.min(current.length * 2, MAX_CHUNK)];
            used = 0;
        }
        current[used++] = v;
        size++;
    }

    int size() {
        return size;
    }

    /** A copy of the values. */
    double[] toArray() {
        double[] out = new double[size];
        int at = 0;
        for (double[] chunk : chunks) {
            System.arraycopy(chunk, 0, out, at, chunk.length);
            at += chunk.length;
        }
        System.arraycopy(current, 0, out, at, used);
        return out;
    }

    /**
     * The chunks themselves, in order, the last one trimmed to its values, after which the list holds nothing and
     * accepts no more values.
     */
    List<double[]> takeChunks() {
        List<double[]> out = new ArrayList<>(chunks);
        if (used > 0) {
            out.add(used == current.length ? current : Arrays.copyOf(current, used));
        }
        release();
        return out;
    }

    /**
     * The values in one exactly-sized array, after which the list holds nothing and accepts no more values. The
     * chunks are released as they are copied, so the only transient is the new array itself.
     */
    double[] take() {
        double[] out = new double[size];
        int at = 0;
        for (int i = 0; i < chunks.size(); i++) {
            double[] chunk = chunks.set(i, null);
            System.arraycopy(chunk, 0, out, at, chunk.length);
            at += chunk.length;
        }
        System.arraycopy(current, 0, out, at, used);
        release();
        return out;
    }

    private void release() {
        chunks.clear();
        current = new double[0];
        used = 0;
        size = 0;
        taken = true;
    }
}
