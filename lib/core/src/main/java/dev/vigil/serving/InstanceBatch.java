package dev.vigil.serving;

/**
 * Instances parsed from a request, row-major: row {@code i} occupies {@code values[i*width .. (i+1)*width)}.
 * The array may be longer than {@code rows * width}; only that prefix is meaningful.
 */
public record InstanceBatch(float[] values, int rows, int width) {}
