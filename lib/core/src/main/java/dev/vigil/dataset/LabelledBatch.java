package dev.vigil.dataset;

/**
 * A reusable batch of valid labelled rows, filled by a {@link DatasetReader}: features row-major in a float array
 * (what ONNX Runtime is fed), and per row the label, the weight and the raw text of the schema's extra columns.
 * Arrays are allocated once, at the capacity, and reused for every batch, so reading allocates nothing per row.
 * Only the first {@link #size()} rows are valid.
 */
public final class LabelledBatch {
    /** The text an extra column holds for a JSON object or array: a control character, never a value's text. */
    public static final String NOT_A_SCALAR_TEXT = "\u0000";

    private final int capacity;
    private final int featureCount;
    private final float[] features;
    private final int[] classes;
    private final double[] targets;
    private final double[] weights;
    private final long[] records;
    /** Per extra column, per row, the raw text (null when absent). */
    private final String[][] extras;
    private int size;
    private boolean weighted;

    /**
     * @param capacity rows per batch, at least 1
     * @param featureCount features per row, at least 1
     */
    public LabelledBatch(int capacity, int featureCount) {
        this(capacity, featureCount, 0);
    }

    /**
     * @param capacity rows per batch, at least 1
     * @param featureCount features per row, at least 1
     * @param extraColumns extra columns per row (the schema's {@link DatasetSchema#extraColumns()}), at least 0
     */
    public LabelledBatch(int capacity, int featureCount, int extraColumns) {
        if (capacity < 1 || featureCount < 1 || extraColumns < 0) {
            throw new IllegalArgumentException("a batch needs at least one row and one feature, got " + capacity
                    + " rows of " + featureCount);
        }
        this.capacity = capacity;
        this.featureCount = featureCount;
        this.features = new float[Math.multiplyExact(capacity, featureCount)];
        this.classes = new int[capacity];
        this.targets = new double[capacity];
        this.weights = new double[capacity];
        this.records = new long[capacity];
        this.extras = new String[extraColumns][capacity];
    }

    /** Extra columns each row carries. */
    public int extraColumns() {
        return extras.length;
    }

    /**
     * Row {@code row}'s raw text in extra column {@code column} (in {@link DatasetSchema#extraColumns()} order):
     * null when the row has no value (absent, null or blank); {@link #NOT_A_SCALAR_TEXT} for a JSON object or array.
     */
    public String extra(int column, int row) {
        return extras[column][row];
    }

    public int capacity() {
        return capacity;
    }

    public int featureCount() {
        return featureCount;
    }

    /** Valid rows in this batch. */
    public int size() {
        return size;
    }

    public boolean isFull() {
        return size == capacity;
    }

    /** Row-major features: row r's feature f is at {@code r * featureCount() + f}. */
    public float[] features() {
        return features;
    }

    /** Per row, the index of the true class in the manifest's labels (classification only). */
    public int[] classes() {
        return classes;
    }

    /** Per row, the true target value (regression only). */
    public double[] targets() {
        return targets;
    }

    /** Per row, the sample weight (1 when the data has no weight column). */
    public double[] weights() {
        return weights;
    }

    /**
     * Per row, its 1-based record number within its object: with the object key, an id of the row that does not
     * depend on how a dataset is split into batches or shards.
     */
    public long[] records() {
        return records;
    }

    /** True when any row in this batch has a weight other than 1. */
    public boolean weighted() {
        return weighted;
    }

    /** Empties the batch for reuse. */
    public void clear() {
        size = 0;
        weighted = false;
    }

    /** Offset in {@link #features()} of the row being filled; valid until {@link #commit}. */
    int nextRowOffset() {
        return size * featureCount;
    }

    /** Sets the extra columns of the row being filled (before {@link #commit}). */
    void extra(int column, String value) {
        extras[column][size] = value;
    }

    /** Sets row {@code row}'s text in extra column {@code column}, for {@link #commitRun}. */
    void extraAt(int column, int row, String value) {
        extras[column][row] = value;
    }

    /**
     * Accepts the {@code rows} rows after the last one accepted, whose features, classes, targets, weights, records
     * and extras the reader has written in place (a columnar reader); {@code anyWeighted} when a weight is not 1.
     */
    void commitRun(int rows, boolean anyWeighted) {
        if (rows < 0 || rows > capacity - size) {
            throw new IllegalArgumentException(rows + " rows do not fit in a batch of " + size + "/" + capacity);
        }
        weighted |= anyWeighted;
        size += rows;
    }

    /** Accepts the row being filled. */
    void commit(int trueClass, double target, double weight, long record) {
        classes[size] = trueClass;
        records[size] = record;
        targets[size] = target;
        weights[size] = weight;
        weighted |= weight != 1.0;
        size++;
    }
}
