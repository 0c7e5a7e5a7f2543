package dev.vigil.drift;

import dev.vigil.model.Baseline;
import dev.vigil.model.Distribution;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Live-side drift state of one shard: bin counts against the baseline's edges (exact), counts of values outside each
 * feature's {@link ObservedRange} (exact), plus a bounded uniform sample of rows (bottom-k by a hash of each row's
 * id) for the KS statistic. Immutable, JSON-serialisable; {@link #merge} is exact and associative and gives the same
 * state as one pass (counts add; the samples' union keeps the k smallest keys, ties in row order).
 *
 * <p>A value capture withheld (dropped, or replaced by a pseudonym: {@link CapturedTrafficDrift}) is in no bin, no
 * range count and is NaN in the sample; labelled rows always carry every value. For every tracked feature f,
 * {@code sum(binCounts[f]) + dropped[f] + pseudonymised[f] == rows}.
 *
 * @param features tracked features (those with a baseline), in model input order
 * @param binEdges per tracked feature, the baseline's bin edges the counts refer to
 * @param binCounts per tracked feature, live rows per bin
 * @param predictionBinEdges the prediction baseline's edges, or null when there is no prediction baseline
 * @param predictionBinCounts live predictions per bin, or null
 * @param rows live rows seen
 * @param sampleCapacity the most rows the sample keeps (k)
 * @param sampleKeys keys of the sampled rows, ascending (ties in row order)
 * @param sampleValues per tracked feature, the sampled rows' values, aligned with sampleKeys (NaN where withheld)
 * @param samplePredictions the sampled rows' predictions, aligned with sampleKeys, or null
 * @param belowMin per tracked feature, rows whose value is below the observed range's min (states written before
 *     range counts read as zeros)
 * @param aboveMax per tracked feature, rows whose value is above the observed range's max
 * @param anyOutOfRange rows with at least one tracked feature out of its observed range
 * @param dropped per tracked feature, rows whose capture record left the value out
 * @param pseudonymised per tracked feature, rows whose capture record carried a pseudonym instead of the value
 */
public record DriftState(
        List<String> features,
        double[][] binEdges,
        long[][] binCounts,
        double[] predictionBinEdges,
        long[] predictionBinCounts,
        long rows,
        int sampleCapacity,
        long[] sampleKeys,
        double[][] sampleValues,
        double[] samplePredictions,
        long[] belowMin,
        long[] aboveMax,
        long anyOutOfRange,
        long[] dropped,
        long[] pseudonymised) {

    /** Name under which the prediction's drift is reported. */
    public static final String PREDICTION = "prediction";

    public DriftState {
        features = List.copyOf(features);
        binEdges = deepCopy(binEdges);
        binCounts = deepCopy(binCounts);
        predictionBinEdges = predictionBinEdges == null ? null : predictionBinEdges.clone();
        predictionBinCounts = predictionBinCounts == null ? null : predictionBinCounts.clone();
        sampleKeys = sampleKeys.clone();
        sampleValues = deepCopy(sampleValues);
        samplePredictions = samplePredictions == null ? null : samplePredictions.clone();
        int f = features.size();
        belowMin = zerosIfAbsent(belowMin, f);
        aboveMax = zerosIfAbsent(aboveMax, f);
        dropped = zerosIfAbsent(dropped, f);
        pseudonymised = zerosIfAbsent(pseudonymised, f);
        int s = sampleKeys.length;
        boolean shapes = binEdges.length == f && binCounts.length == f && sampleValues.length == f
                && (predictionBinEdges == null) == (predictionBinCounts == null)
                && (predictionBinEdges == null) == (samplePredictions == null)
                && (samplePredictions == null || samplePredictions.length == s)
                && s <= sampleCapacity && s <= rows
                && belowMin.length == f && aboveMax.length == f && dropped.length == f && pseudonymised.length == f
                && anyOutOfRange >= 0 && anyOutOfRange <= rows;
        for (int i = 0; shapes && i < f; i++) {
            shapes = binCounts[i].length == binEdges[i].length - 1 && sampleValues[i].length == s;
        }
        if (!shapes || sampleCapacity < 1) {
            throw new IllegalArgumentException("drift state arrays do not match " + f + " features and a sample of "
                    + s + " (capacity " + sampleCapacity + ")");
        }
    }

    /** This state followed by {@code other}. */
    public DriftState merge(DriftState other) {
        if (!features.equals(other.features) || !Arrays.deepEquals(binEdges, other.binEdges)
                || !Arrays.equals(predictionBinEdges, other.predictionBinEdges)
                || sampleCapacity != other.sampleCapacity) {
            throw new IllegalArgumentException("cannot merge drift states built against different baselines or "
                    + "sample capacities");
        }
        long[][] counts = new long[features.size()][];
        for (int f = 0; f < counts.length; f++) {
            counts[f] = add(binCounts[f], other.binCounts[f]);
        }
        int total = Math.min(sampleCapacity, sampleKeys.length + other.sampleKeys.length);
        long[] keys = new long[total];
        double[][] values = new double[features.size()][total];
        double[] predictions = samplePredictions == null ? null : new double[total];
        int a = 0;
        int b = 0;
        for (int k = 0; k < total; k++) {
            boolean fromThis = b >= other.sampleKeys.length
                    || (a < sampleKeys.length && sampleKeys[a] <= other.sampleKeys[b]);
            DriftState source = fromThis ? this : other;
            int index = fromThis ? a++ : b++;
            keys[k] = source.sampleKeys[index];
            for (int f = 0; f < features.size(); f++) {
                values[f][k] = source.sampleValues[f][index];
            }
            if (predictions != null) {
                predictions[k] = source.samplePredictions[index];
            }
        }
        return new DriftState(features, binEdges, counts, predictionBinEdges,
                predictionBinCounts == null ? null : add(predictionBinCounts, other.predictionBinCounts),
                rows + other.rows, sampleCapacity, keys, values, predictions, add(belowMin, other.belowMin),
                add(aboveMax, other.aboveMax), anyOutOfRange + other.anyOutOfRange, add(dropped, other.dropped),
                add(pseudonymised, other.pseudonymised));
    }

    /**
     * Drift of each tracked feature and of the prediction against {@code baseline}, with each feature's
     * out-of-range counts. A feature whose every value in these rows capture withheld is reported as untracked.
     *
     * @throws IllegalArgumentException when the baseline's bins are not the ones this state counted against
     */
    public DriftReport report(Baseline baseline, DriftThresholds thresholds) {
        List<FeatureDrift> drifts = new ArrayList<>();
        List<FeatureRange> ranges = new ArrayList<>();
        List<UntrackedFeature> untracked = new ArrayList<>();
        double maxPsi = Double.NaN;
        double maxKs = Double.NaN;
        for (int f = 0; f < features.size(); f++) {
            String name = features.get(f);
            Distribution reference = baseline.features().get(name);
            long withheld = dropped[f] + pseudonymised[f];
            if (withheld > 0 && withheld == rows) {
                checkBins(name, reference, binEdges[f]);
                untracked.add(new UntrackedFeature(name, dropped[f] >= pseudonymised[f]
                        ? UntrackedFeature.Reason.DROPPED : UntrackedFeature.Reason.PSEUDONYMISED, withheld));
                continue;
            }
            double[] sample = withheld == 0 ? sampleValues[f] : withoutNaN(sampleValues[f]);
            FeatureDrift drift = drift(name, reference, binEdges[f], binCounts[f], sample, thresholds);
            drifts.add(drift);
            ranges.add(new FeatureRange(name, ObservedRange.of(reference), rows - withheld, withheld, belowMin[f],
                    aboveMax[f]));
            maxPsi = maxIgnoringNaN(maxPsi, drift.psi());
            maxKs = maxIgnoringNaN(maxKs, drift.ks());
        }
        FeatureDrift prediction = predictionBinEdges == null ? null
                : drift(PREDICTION, baseline.prediction(), predictionBinEdges, predictionBinCounts, samplePredictions,
                        thresholds);
        return new DriftReport(rows, rows <= sampleCapacity, drifts, prediction, maxPsi, maxKs, ranges,
                anyOutOfRange, untracked);
    }

    private static FeatureDrift drift(String name, Distribution reference, double[] edges, long[] counts,
            double[] sample, DriftThresholds thresholds) {
        checkBins(name, reference, edges);
        double psi = PopulationStabilityIndex.of(reference.binCounts(), counts);
        double ks = KolmogorovSmirnov.statistic(reference.sample(), sample);
        return new FeatureDrift(name, psi, ks, thresholds.exceeded(psi, ks),
                BinProportions.of(edges, reference.binCounts(), counts));
    }

    private static void checkBins(String name, Distribution reference, double[] edges) {
        if (reference == null || !Arrays.equals(reference.binEdges(), edges)) {
            throw new IllegalArgumentException("the baseline's bins for '" + name
                    + "' are not the ones this drift state was counted against");
        }
    }

    @Override
    public double[][] binEdges() {
        return deepCopy(binEdges);
    }

    @Override
    public long[][] binCounts() {
        return deepCopy(binCounts);
    }

    @Override
    public double[] predictionBinEdges() {
        return predictionBinEdges == null ? null : predictionBinEdges.clone();
    }

    @Override
    public long[] predictionBinCounts() {
        return predictionBinCounts == null ? null : predictionBinCounts.clone();
    }

    @Override
    public long[] sampleKeys() {
        return sampleKeys.clone();
    }

    @Override
    public double[][] sampleValues() {
        return deepCopy(sampleValues);
    }

    @Override
    public double[] samplePredictions() {
        return samplePredictions == null ? null : samplePredictions.clone();
    }

    @Override
    public long[] belowMin() {
        return belowMin.clone();
    }

    @Override
    public long[] aboveMax() {
        return aboveMax.clone();
    }

    @Override
    public long[] dropped() {
        return dropped.clone();
    }

    @Override
    public long[] pseudonymised() {
        return pseudonymised.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DriftState s && features.equals(s.features) && Arrays.deepEquals(binEdges, s.binEdges)
                && Arrays.deepEquals(binCounts, s.binCounts) && Arrays.equals(predictionBinEdges, s.predictionBinEdges)
                && Arrays.equals(predictionBinCounts, s.predictionBinCounts) && rows == s.rows
                && sampleCapacity == s.sampleCapacity && Arrays.equals(sampleKeys, s.sampleKeys)
                && Arrays.deepEquals(sampleValues, s.sampleValues)
                && Arrays.equals(samplePredictions, s.samplePredictions) && Arrays.equals(belowMin, s.belowMin)
                && Arrays.equals(aboveMax, s.aboveMax) && anyOutOfRange == s.anyOutOfRange
                && Arrays.equals(dropped, s.dropped) && Arrays.equals(pseudonymised, s.pseudonymised);
    }

    @Override
    public int hashCode() {
        return Objects.hash(features, Arrays.deepHashCode(binEdges), Arrays.deepHashCode(binCounts),
                Arrays.hashCode(predictionBinEdges), Arrays.hashCode(predictionBinCounts), rows, sampleCapacity,
                Arrays.hashCode(sampleKeys), Arrays.deepHashCode(sampleValues), Arrays.hashCode(samplePredictions),
                Arrays.hashCode(belowMin), Arrays.hashCode(aboveMax), anyOutOfRange, Arrays.hashCode(dropped),
                Arrays.hashCode(pseudonymised));
    }

    @Override
    public String toString() {
        return "DriftState[features=" + features + ", rows=" + rows + ", sample=" + sampleKeys.length + "/"
                + sampleCapacity + "]";
    }

    private static double maxIgnoringNaN(double a, double b) {
        return Double.isNaN(a) ? b : Double.isNaN(b) ? a : Math.max(a, b);
    }

    private static long[] zerosIfAbsent(long[] counts, int features) {
        return counts == null ? new long[features] : counts.clone();
    }

    private static double[] withoutNaN(double[] values) {
        return Arrays.stream(values).filter(v -> !Double.isNaN(v)).toArray();
    }

    private static long[] add(long[] a, long[] b) {
        long[] out = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] + b[i];
        }
        return out;
    }

    private static double[][] deepCopy(double[][] a) {
        return Arrays.stream(a).map(double[]::clone).toArray(double[][]::new);
    }

    private static long[][] deepCopy(long[][] a) {
        return Arrays.stream(a).map(long[]::clone).toArray(long[][]::new);
    }
}
