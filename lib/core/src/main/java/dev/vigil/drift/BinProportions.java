package dev.vigil.drift;

import java.util.ArrayList;
import java.util.List;

/**
 * A feature's reference (baseline) and live proportions over the baseline's bins, for drawing them side by side.
 * Holds at most {@link #MAX_BINS} bins: a baseline with more has adjacent bins merged into groups of equal size.
 * Proportions are rounded to {@link #RESOLUTION}, so a report stays small; each list sums to 1 within rounding.
 *
 * @param edges bin edges, one more than bins; the first bin is open below and the last open above
 * @param reference the baseline's share of rows per bin
 * @param live the live rows' share per bin
 */
public record BinProportions(List<Double> edges, List<Double> reference, List<Double> live) {
    /** The most bins carried. */
    public static final int MAX_BINS = 32;
    /** Proportions are rounded to this. */
    public static final double RESOLUTION = 1e-4;

    public BinProportions {
        edges = List.copyOf(edges);
        reference = List.copyOf(reference);
        live = List.copyOf(live);
        if (reference.size() != live.size() || edges.size() != reference.size() + 1) {
            throw new IllegalArgumentException("bin proportions need one more edge than bins and as many live as"
                    + " reference proportions: " + edges.size() + " edges, " + reference.size() + " and "
                    + live.size() + " proportions");
        }
    }

    /** Number of bins. */
    public int bins() {
        return reference.size();
    }

    /**
     * The proportions of {@code reference} and {@code live} counts over {@code edges}, merged to at most
     * {@link #MAX_BINS} bins; null when either has no rows.
     */
    public static BinProportions of(double[] edges, long[] reference, long[] live) {
        if (edges.length != reference.length + 1 || reference.length != live.length) {
            throw new IllegalArgumentException("bin counts and edges differ in length");
        }
        long referenceTotal = total(reference);
        long liveTotal = total(live);
        if (referenceTotal == 0 || liveTotal == 0) {
            return null;
        }
        int group = (reference.length + MAX_BINS - 1) / MAX_BINS;
        List<Double> mergedEdges = new ArrayList<>();
        List<Double> ref = new ArrayList<>();
        List<Double> now = new ArrayList<>();
        for (int start = 0; start < reference.length; start += group) {
            int end = Math.min(reference.length, start + group);
            long r = 0;
            long l = 0;
            for (int i = start; i < end; i++) {
                r += reference[i];
                l += live[i];
            }
            mergedEdges.add(edges[start]);
            ref.add(round((double) r / referenceTotal));
            now.add(round((double) l / liveTotal));
        }
        mergedEdges.add(edges[edges.length - 1]);
        return new BinProportions(mergedEdges, ref, now);
    }

    private static double round(double p) {
        return Math.round(p / RESOLUTION) * RESOLUTION;
    }

    private static long total(long[] counts) {
        long sum = 0;
        for (long c : counts) {
            sum += c;
        }
        return sum;
    }
}
