package dev.vigil.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How stable a metric has been over the champion's recent runs: the mean, sample standard deviation and trend
 * (least-squares slope per run) of its last values, and the band {@code mean ± BAND_SDS · sd} that a run outside of
 * is flagged. Read from the run index ({@link RunIndex}), so it needs no bucket scan.
 *
 * @param metric the published metric name
 * @param runs how many values it rests on
 * @param mean their mean
 * @param standardDeviation their sample standard deviation (n − 1)
 * @param trendPerRun the least-squares slope of the values against run order, per run
 * @param lower {@code mean − BAND_SDS · sd}
 * @param upper {@code mean + BAND_SDS · sd}
 */
public record MetricStability(String metric, int runs, double mean, double standardDeviation, double trendPerRun,
        double lower, double upper) {
    /** The champion's runs a band is drawn from, at most. */
    public static final int DEFAULT_RUNS = 20;
    /** The fewest runs a band is drawn from: fewer say nothing about spread. */
    public static final int MIN_RUNS = 5;
    /** Half-width of the band in standard deviations. */
    public static final double BAND_SDS = 2.0;

    /** The stability of {@code values} (oldest first), or empty when fewer than {@link #MIN_RUNS} are finite. */
    public static Optional<MetricStability> of(String metric, List<Double> values) {
        double[] v = values.stream().filter(d -> d != null && Double.isFinite(d)).mapToDouble(Double::doubleValue)
                .toArray();
        int n = v.length;
        if (n < MIN_RUNS) {
            return Optional.empty();
        }
        double mean = 0;
        for (double x : v) {
            mean += x;
        }
        mean /= n;
        double squares = 0;
        double xy = 0;
        double xx = 0;
        double centre = (n - 1) / 2.0;
        for (int i = 0; i < n; i++) {
            double d = v[i] - mean;
            squares += d * d;
            xy += (i - centre) * d;
            xx += (i - centre) * (i - centre);
        }
        double sd = Math.sqrt(squares / (n - 1));
        return Optional.of(new MetricStability(metric, n, mean, sd, xy / xx, mean - BAND_SDS * sd,
                mean + BAND_SDS * sd));
    }

    /**
     * The stability of each of {@code metrics} over the last {@code runs} succeeded champion runs of {@code index}
     * before run {@code runId} (all of them when the index does not hold it): the band a new run is judged against.
     */
    public static Map<String, MetricStability> before(RunIndex index, String runId, List<String> metrics, int runs) {
        List<RunIndex.Entry> earlier = new ArrayList<>();
        for (RunIndex.Entry e : index.runs()) {
            if (e.runId().equals(runId)) {
                break;
            }
            if (e.champion() && e.status() == RunStatus.SUCCEEDED) {
                earlier.add(e);
            }
        }
        List<RunIndex.Entry> last = earlier.subList(Math.max(0, earlier.size() - runs), earlier.size());
        Map<String, MetricStability> out = new LinkedHashMap<>();
        for (String metric : metrics) {
            List<Double> values = last.stream().map(e -> e.metrics().get(metric)).toList();
            of(metric, values).ifPresent(s -> out.put(metric, s));
        }
        return out;
    }

    /** Whether {@code value} lies outside the band. */
    public boolean outside(double value) {
        return value < lower || value > upper;
    }
}
