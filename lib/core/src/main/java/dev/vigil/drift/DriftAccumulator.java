package dev.vigil.drift;

import dev.vigil.model.Baseline;
import dev.vigil.model.Distribution;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Counts one shard's live rows into a {@link DriftState}: mutable, single-threaded, one per shard.
 *
 * <p>Each tracked value is also checked against its feature's {@link ObservedRange} (taken from the baseline): rows
 * with a value below min or above max are counted per feature, and rows with any such value once.
 *
 * <p>Memory is bounded and independent of the rows seen: per tracked feature (and the prediction) one long per
 * baseline bin, per feature also two doubles (its observed range) and four longs (out-of-range and withheld
 * counts), plus a sample of at most {@code sampleCapacity} rows, each about {@code 40 + 8 * v} bytes on the heap
 * (key, arrival order, an array of the v tracked values: features plus the prediction). The sample is a uniform
 * sample without replacement (the rows whose hashed row id is smallest), so while rows <= capacity KS is exact, and
 * beyond it each sample ECDF is within eps = sqrt(ln(2 / alpha) / (2 * capacity)) of the full live ECDF with
 * probability 1 - alpha (Dvoretzky-Kiefer-Wolfowitz): for the default 4,096 rows, |KS error| <= 0.0212 with 95%
 * probability.
 *
 * <p>For the sample (and so the merged state) not to depend on how rows are sharded, a row's id must not depend on
 * it either: e.g. a hash of the object key and line number.
 */
public final class DriftAccumulator {
    /** Default sample capacity per shard and after merging. */
    public static final int DEFAULT_SAMPLE_CAPACITY = 4096;

    /** A value the row carries. */
    static final byte PRESENT = 0;
    /** A value capture left out. */
    static final byte DROPPED = 1;
    /** A value capture replaced by a pseudonym. */
    static final byte PSEUDONYMISED = 2;

    private final List<String> features = new ArrayList<>();
    private final int[] inputIndex;
    private final double[][] edges;
    private final long[][] counts;
    private final double[] predictionEdges;
    private final long[] predictionCounts;
    private final double[] rangeMin;
    private final double[] rangeMax;
    private final long[] belowMin;
    private final long[] aboveMax;
    private final long[] dropped;
    private final long[] pseudonymised;
    private long anyOutOfRange;
    private final int capacity;
    private final int width;
    private final long[] heapKeys;
    private final long[] heapOrder;
    private final double[][] heapRows;
    private int size;
    private long rows;
    /**
     * For {@link #addBatch}: per tracked feature, the {@link FloatKeys} of its range ends and of its inner bin
     * edges (null with more than {@link Bins#KEYED_EDGES} of them), and those of the prediction's edges; scratch
     * for one feature's keys and for whether each row has a value out of range.
     */
    private final long[] minKeys;
    private final long[] maxKeys;
    private final long[][] edgeKeys;
    private final long[] predictionKeys;
    private long[] keys = new long[0];
    private long[] outside = new long[0];

    public DriftAccumulator(List<String> modelFeatures, Baseline baseline) {
        this(modelFeatures, baseline, DEFAULT_SAMPLE_CAPACITY);
    }

    /**
     * @param modelFeatures the model's feature names in input order (the order of {@link #add}'s values)
     * @param baseline training distributions; features without one are not tracked
     * @param sampleCapacity the most rows kept for the KS statistic
     */
    public DriftAccumulator(List<String> modelFeatures, Baseline baseline, int sampleCapacity) {
        if (sampleCapacity < 1) {
            throw new IllegalArgumentException("sample capacity must be at least 1, got " + sampleCapacity);
        }
        List<Integer> indexes = new ArrayList<>();
        List<double[]> edgeList = new ArrayList<>();
        List<ObservedRange> ranges = new ArrayList<>();
        for (int i = 0; i < modelFeatures.size(); i++) {
            Distribution d = baseline.features().get(modelFeatures.get(i));
            if (d != null) {
                features.add(modelFeatures.get(i));
                indexes.add(i);
                edgeList.add(d.binEdges());
                ranges.add(ObservedRange.of(d));
            }
        }
        this.inputIndex = indexes.stream().mapToInt(Integer::intValue).toArray();
        this.edges = edgeList.toArray(double[][]::new);
        this.counts = new long[edges.length][];
        for (int f = 0; f < edges.length; f++) {
            counts[f] = new long[edges[f].length - 1];
        }
        this.rangeMin = ranges.stream().mapToDouble(ObservedRange::min).toArray();
        this.rangeMax = ranges.stream().mapToDouble(ObservedRange::max).toArray();
        this.minKeys = new long[edges.length];
        this.maxKeys = new long[edges.length];
        this.edgeKeys = new long[edges.length][];
        for (int f = 0; f < edges.length; f++) {
            minKeys[f] = FloatKeys.atOrAbove(rangeMin[f]);
            maxKeys[f] = FloatKeys.atOrBelow(rangeMax[f]);
            edgeKeys[f] = Bins.keysOf(edges[f]);
        }
        this.belowMin = new long[edges.length];
        this.aboveMax = new long[edges.length];
        this.dropped = new long[edges.length];
        this.pseudonymised = new long[edges.length];
        Distribution prediction = baseline.prediction();
        this.predictionEdges = prediction == null ? null : prediction.binEdges();
        this.predictionCounts = prediction == null ? null : new long[predictionEdges.length - 1];
        this.predictionKeys = prediction == null ? null : Bins.keysOf(predictionEdges);
        this.capacity = sampleCapacity;
        this.width = features.size() + (prediction == null ? 0 : 1);
        this.heapKeys = new long[sampleCapacity];
        this.heapOrder = new long[sampleCapacity];
        this.heapRows = new double[sampleCapacity][];
    }

    /**
     * Adds one live row.
     *
     * @param featureValues the row's values in model input order
     * @param prediction the model's score for the row ({@link PredictionScore}); ignored without a prediction
     *     baseline
     * @param rowId an id of the row that does not depend on sharding
     * @throws IllegalArgumentException when a tracked value is NaN or infinite
     */
    public void add(double[] featureValues, double prediction, long rowId) {
        for (int f = 0; f < inputIndex.length; f++) {
            finite(features.get(f), featureValues[inputIndex[f]]);
        }
        add(featureValues, null, prediction, rowId);
    }

    /**
     * Adds one live row some of whose values capture may have withheld; the caller has checked that every other
     * tracked value and the prediction are finite.
     *
     * @param withheld per model input, {@link #PRESENT}, {@link #DROPPED} or {@link #PSEUDONYMISED}; null when all
     *     are present
     */
    void add(double[] featureValues, byte[] withheld, double prediction, long rowId) {
        if (predictionEdges != null) {
            finite(DriftState.PREDICTION, prediction);
        }
        boolean outOfRange = false;
        for (int f = 0; f < inputIndex.length; f++) {
            int input = inputIndex[f];
            byte kind = withheld == null ? PRESENT : withheld[input];
            if (kind != PRESENT) {
                (kind == DROPPED ? dropped : pseudonymised)[f]++;
                continue;
            }
            double v = featureValues[input];
            counts[f][Bins.of(edges[f], v)]++;
            if (v < rangeMin[f]) {
                belowMin[f]++;
                outOfRange = true;
            } else if (v > rangeMax[f]) {
                aboveMax[f]++;
                outOfRange = true;
            }
        }
        if (outOfRange) {
            anyOutOfRange++;
        }
        if (predictionEdges != null) {
            predictionCounts[Bins.of(predictionEdges, prediction)]++;
        }
        long key = mix(rowId);
        if (size < capacity || key < heapKeys[0]) {
            double[] row = new double[width];
            for (int f = 0; f < inputIndex.length; f++) {
                int input = inputIndex[f];
                row[f] = withheld == null || withheld[input] == PRESENT ? featureValues[input] + 0.0 : Double.NaN;
            }
            if (predictionEdges != null) {
                row[width - 1] = prediction + 0.0;
            }
            offer(key, rows, row);
        }
        rows++;
    }

    /**
     * Adds rows {@code [0, n)} of a batch, with the same result as calling {@link #add(double[], double, long)} for
     * each row in order (and the same exception, at the same row, when a tracked value is not finite): the features
     * of row r are {@code values[r * stride + i]} for model input i. The batch is counted a feature at a time, so
     * each feature's bins are a few comparisons per value instead of a pass over a row's scattered counters.
     *
     * @param values the batch's feature values, row-major
     * @param stride values per row (the model's feature count)
     * @param n rows to add
     * @param predictions each row's score ({@link PredictionScore}); ignored without a prediction baseline
     * @param rowIds each row's id, as for {@link #add(double[], double, long)}
     */
    public void addBatch(float[] values, int stride, int n, double[] predictions, long[] rowIds) {
        if (!allFinite(values, stride, n, predictions)) {
            double[] row = new double[stride];
            for (int r = 0; r < n; r++) {
                for (int i = 0; i < stride; i++) {
                    row[i] = values[r * stride + i];
                }
                add(row, predictions[r], rowIds[r]);
            }
            return;
        }
        if (keys.length < n) {
            keys = new long[n];
            outside = new long[n];
        }
        Arrays.fill(outside, 0, n, 0L);
        for (int f = 0; f < inputIndex.length; f++) {
            int input = inputIndex[f];
            for (int r = 0; r < n; r++) {
                keys[r] = FloatKeys.of(values[r * stride + input]);
            }
            long lowest = minKeys[f];
            long highest = maxKeys[f];
            long below = 0;
            long above = 0;
            for (int r = 0; r < n; r++) {
                long k = keys[r];
                long low = (k - lowest) >>> 63;
                long high = (highest - k) >>> 63;
                below += low;
                above += high;
                outside[r] |= low | high;
            }
            belowMin[f] += below;
            aboveMax[f] += above;
            if (edgeKeys[f] != null) {
                Bins.countKeys(counts[f], edgeKeys[f], keys, n);
            } else {
                for (int r = 0; r < n; r++) {
                    counts[f][Bins.of(edges[f], values[r * stride + input])]++;
                }
            }
        }
        for (int r = 0; r < n; r++) {
            anyOutOfRange += outside[r];
        }
        if (predictionEdges != null) {
            int inexact = 0;
            for (int r = 0; r < n; r++) {
                float f = (float) predictions[r];
                inexact |= f == predictions[r] ? 0 : 1;
                keys[r] = FloatKeys.of(f);
            }
            if (inexact == 0 && predictionKeys != null) {
                Bins.countKeys(predictionCounts, predictionKeys, keys, n); // scores of a float model, as most are
            } else {
                Bins.countInto(predictionCounts, predictionEdges, predictions, n);
            }
        }
        for (int r = 0; r < n; r++) {
            long key = mix(rowIds[r]);
            if (size < capacity || key < heapKeys[0]) {
                double[] row = new double[width];
                for (int f = 0; f < inputIndex.length; f++) {
                    row[f] = values[r * stride + inputIndex[f]] + 0.0;
                }
                if (predictionEdges != null) {
                    row[width - 1] = predictions[r] + 0.0;
                }
                offer(key, rows + r, row);
            }
        }
        rows += n;
    }

    /** Whether every tracked value of the batch (and every score, with a prediction baseline) is finite. */
    private boolean allFinite(float[] values, int stride, int n, double[] predictions) {
        boolean finite = true;
        for (int input : inputIndex) {
            for (int r = 0; r < n; r++) {
                finite = finite && Float.isFinite(values[r * stride + input]);
            }
        }
        if (predictionEdges != null) {
            for (int r = 0; r < n; r++) {
                finite = finite && Double.isFinite(predictions[r]);
            }
        }
        return finite;
    }

    public long rows() {
        return rows;
    }

    /** An immutable snapshot of everything added so far. */
    public DriftState state() {
        Integer[] slots = new Integer[size];
        for (int i = 0; i < size; i++) {
            slots[i] = i;
        }
        Arrays.sort(slots, this::compare);
        long[] keys = new long[size];
        double[][] values = new double[features.size()][size];
        double[] predictions = predictionEdges == null ? null : new double[size];
        for (int k = 0; k < size; k++) {
            int slot = slots[k];
            keys[k] = heapKeys[slot];
            for (int f = 0; f < features.size(); f++) {
                values[f][k] = heapRows[slot][f];
            }
            if (predictions != null) {
                predictions[k] = heapRows[slot][width - 1];
            }
        }
        return new DriftState(features, edges, counts, predictionEdges, predictionCounts, rows, capacity, keys, values,
                predictions, belowMin, aboveMax, anyOutOfRange, dropped, pseudonymised);
    }

    /** Keeps the row if it is among the {@code capacity} smallest (key, arrival) seen: a bounded max-heap. */
    private void offer(long key, long order, double[] row) {
        if (size < capacity) {
            heapKeys[size] = key;
            heapOrder[size] = order;
            heapRows[size] = row;
            siftUp(size++);
        } else if (key < heapKeys[0]) {
            heapKeys[0] = key;
            heapOrder[0] = order;
            heapRows[0] = row;
            siftDown(0);
        }
    }

    private int compare(int a, int b) {
        int byKey = Long.compare(heapKeys[a], heapKeys[b]);
        return byKey != 0 ? byKey : Long.compare(heapOrder[a], heapOrder[b]);
    }

    private void siftUp(int i) {
        while (i > 0) {
            int parent = (i - 1) / 2;
            if (compare(i, parent) <= 0) {
                return;
            }
            swap(i, parent);
            i = parent;
        }
    }

    private void siftDown(int i) {
        while (true) {
            int largest = i;
            int left = 2 * i + 1;
            int right = left + 1;
            if (left < size && compare(left, largest) > 0) {
                largest = left;
            }
            if (right < size && compare(right, largest) > 0) {
                largest = right;
            }
            if (largest == i) {
                return;
            }
            swap(i, largest);
            i = largest;
        }
    }

    private void swap(int a, int b) {
        long key = heapKeys[a];
        heapKeys[a] = heapKeys[b];
        heapKeys[b] = key;
        long order = heapOrder[a];
        heapOrder[a] = heapOrder[b];
        heapOrder[b] = order;
        double[] row = heapRows[a];
        heapRows[a] = heapRows[b];
        heapRows[b] = row;
    }

    private static double finite(String name, double v) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException("value of '" + name + "' must be finite, got " + v);
        }
        return v;
    }

    /** SplitMix64's finaliser: spreads row ids uniformly over the 64-bit keys. */
    static long mix(long rowId) {
        long z = rowId + 0x9E37_79B9_7F4A_7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
        return z ^ (z >>> 31);
    }
}
