package dev.vigil.drift;

import java.util.Arrays;

/**
 * The two-sample Kolmogorov-Smirnov statistic D = sup_x |F1(x) - F2(x)| between two empirical distributions, exactly
 * as {@code scipy.stats.ks_2samp(a, b).statistic} (both ECDFs evaluated at every observed value, ties included).
 */
public final class KolmogorovSmirnov {
    private KolmogorovSmirnov() {}

    /** D between the two samples; NaN when either is empty. The inputs are not modified. */
    public static double statistic(double[] first, double[] second) {
        if (first.length == 0 || second.length == 0) {
            return Double.NaN;
        }
        double[] a = first.clone();
        double[] b = second.clone();
        Arrays.sort(a);
        Arrays.sort(b);
        int n = a.length;
        int m = b.length;
        int i = 0;
        int j = 0;
        double d = 0.0;
        while (i < n && j < m) {
            double v = Math.min(a[i], b[j]);
            while (i < n && a[i] <= v) {
                i++;
            }
            while (j < m && b[j] <= v) {
                j++;
            }
            d = Math.max(d, Math.abs((double) i / n - (double) j / m));
        }
        return d;
    }
}
