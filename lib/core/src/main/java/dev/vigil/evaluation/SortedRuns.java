package dev.vigil.evaluation;

import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * One class's binary-classifier scores (and their weights) as runs that are each sorted in {@link KeyedSort} order,
 * read as one sorted sequence by merging the runs as they are walked.
 *
 * <p>This is how a binary state ranks a million scores without a second copy of them: an accumulator's chunks are
 * sorted where they lie and adopted as runs, merging two states concatenates their runs, and the report walks the
 * runs from the highest score down through a heap of run heads ({@code O(n log runs)}). Immutable once built.
 */
final class SortedRuns {
    private static final SortedRuns EMPTY = new SortedRuns(new double[0][], null, 0);

    private final double[][] scores;
    private final double[][] weights;
    private final int size;

    private SortedRuns(double[][] scores, double[][] weights, int size) {
        this.scores = scores;
        this.weights = weights;
        this.size = size;
    }

    static SortedRuns empty() {
        return EMPTY;
    }

    /**
     * Sorts each chunk (with its weights chunk, when weighted) in place and adopts them as runs.
     *
     * @param weightChunks null when every weight is 1, else one chunk per score chunk, of the same length
     */
    static SortedRuns sortInPlace(List<double[]> scoreChunks, List<double[]> weightChunks) {
        double[][] s = scoreChunks.toArray(double[][]::new);
        double[][] w = weightChunks == null ? null : weightChunks.toArray(double[][]::new);
        long total = 0;
        for (int r = 0; r < s.length; r++) {
            if (w != null && w[r].length != s[r].length) {
                throw new IllegalArgumentException("a weights chunk does not match its scores chunk");
            }
            KeyedSort.sort(s[r], w == null ? null : w[r]);
            total += s[r].length;
        }
        return new SortedRuns(s, w, Math.toIntExact(total));
    }

    /** One run, adopting the arrays, which must already be in {@link KeyedSort} order. */
    static SortedRuns ofSorted(double[] scores, double[] weights) {
        if (!KeyedSort.isSorted(scores, weights)) {
            throw new IllegalArgumentException("scores are not sorted");
        }
        return new SortedRuns(new double[][] {scores}, weights == null ? null : new double[][] {weights},
                scores.length);
    }

    int size() {
        return size;
    }

    boolean weighted() {
        return weights != null;
    }

    /** These runs and {@code other}'s, copying no score (weights of 1 are written out when one side has weights). */
    SortedRuns plus(SortedRuns other) {
        double[][] s = concat(scores, other.scores);
        double[][] w = weights == null && other.weights == null ? null
                : concat(weightsOrOnes(), other.weightsOrOnes());
        return new SortedRuns(s, w, Math.addExact(size, other.size));
    }

    private double[][] weightsOrOnes() {
        if (weights != null) {
            return weights;
        }
        double[][] ones = new double[scores.length][];
        for (int r = 0; r < scores.length; r++) {
            ones[r] = new double[scores[r].length];
            Arrays.fill(ones[r], 1.0);
        }
        return ones;
    }

    private static double[][] concat(double[][] a, double[][] b) {
        double[][] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** Every score in ascending order, one new array. */
    double[] scores() {
        if (scores.length == 1) {
            return scores[0].clone();
        }
        double[] out = new double[size];
        Cursor c = descending();
        for (int i = size - 1; i >= 0; i--) {
            out[i] = c.top();
            c.pop();
        }
        return out;
    }

    /** The weights in the order of {@link #scores()}, one new array, or null when every weight is 1. */
    double[] weights() {
        if (weights == null) {
            return null;
        }
        if (weights.length == 1) {
            return weights[0].clone();
        }
        double[] out = new double[size];
        Cursor c = descending();
        for (int i = size - 1; i >= 0; i--) {
            out[i] = c.pop();
        }
        return out;
    }

    /** The sum of the weights, summed exactly and rounded once (the row count when unweighted). */
    double totalWeight() {
        if (weights == null) {
            return size;
        }
        RunningSum sum = new RunningSum();
        for (double[] run : weights) {
            for (double w : run) {
                sum.add(w);
            }
        }
        return sum.toDouble();
    }

    /** A fresh walk from the highest score down. */
    Cursor descending() {
        return new Cursor();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SortedRuns r && size == r.size && weighted() == r.weighted()
                && Arrays.equals(scores(), r.scores()) && Arrays.equals(weights(), r.weights());
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(scores()) + Arrays.hashCode(weights());
    }

    /**
     * Walks every score from the highest down, merging the runs through a max-heap of their heads; among equal scores
     * the order is {@link KeyedSort}'s, reversed.
     */
    final class Cursor {
        private final int[] next = new int[scores.length];
        private final double[] head = new double[scores.length];
        private final int[] heap = new int[scores.length];
        private int heapSize;

        private Cursor() {
            for (int r = 0; r < scores.length; r++) {
                next[r] = scores[r].length - 1;
                if (next[r] >= 0) {
                    head[r] = scores[r][next[r]];
                    heap[heapSize++] = r;
                }
            }
            for (int i = heapSize / 2 - 1; i >= 0; i--) {
                siftDown(i);
            }
        }

        boolean isEmpty() {
            return heapSize == 0;
        }

        /** The highest score not yet popped, or negative infinity when every score has been. */
        double top() {
            return heapSize == 0 ? Double.NEGATIVE_INFINITY : head[heap[0]];
        }

        /**
         * Removes the highest remaining score and returns its weight (1 when unweighted).
         *
         * @throws NoSuchElementException when every score has been popped
         */
        double pop() {
            if (heapSize == 0) {
                throw new NoSuchElementException("every score has been walked");
            }
            int r = heap[0];
            double w = weights == null ? 1.0 : weights[r][next[r]];
            if (--next[r] < 0) {
                heap[0] = heap[--heapSize];
            } else {
                head[r] = scores[r][next[r]];
            }
            if (heapSize > 0) {
                siftDown(0);
            }
            return w;
        }

        private void siftDown(int i) {
            while (true) {
                int largest = i;
                int left = 2 * i + 1;
                int right = left + 1;
                if (left < heapSize && above(heap[left], heap[largest])) {
                    largest = left;
                }
                if (right < heapSize && above(heap[right], heap[largest])) {
                    largest = right;
                }
                if (largest == i) {
                    return;
                }
                int t = heap[i];
                heap[i] = heap[largest];
                heap[largest] = t;
                i = largest;
            }
        }

        /** Whether run a's head comes before run b's when walking down. */
        private boolean above(int a, int b) {
            int byScore = Double.compare(head[a], head[b]);
            if (byScore != 0 || weights == null) {
                return byScore > 0;
            }
            return Double.compare(weights[a][next[a]], weights[b][next[b]]) > 0;
        }
    }
}
