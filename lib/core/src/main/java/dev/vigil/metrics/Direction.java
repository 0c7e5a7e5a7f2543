package dev.vigil.metrics;

/** Which way a metric moves when things get worse; {@link #COUNT} is context (rows, requests), never judged. */
public enum Direction {
    HIGHER_IS_BETTER,
    LOWER_IS_BETTER,
    COUNT
}
