package dev.vigil.metrics;

/** What a metric measures, and so which part of Vigil publishes it. */
public enum MetricGroup {
    /** Model quality of an evaluation run (F1, AUC, MAE...), published by evaluate. */
    QUALITY,
    /** Feature or prediction drift against the manifest's baseline, published by evaluate. */
    DRIFT,
    /** The health of an evaluation run itself (rows scored and rejected, failed, no data), published by evaluate. */
    RUN,
    /** Requests served by predict (latency, errors, model swaps), published by predict. */
    SERVING,
    /**
     * What a traffic run of evaluate saw of the served predictions and their labels (coverage, delay, orphans),
     * published by evaluate under {model}.
     */
    TRAFFIC,
    /** Decisions of the retrain-trigger, published by retrain-trigger. */
    RETRAIN,
    /**
     * Service health that AWS measures (API Gateway responses, dead-letter queues): never published by Vigil; the
     * CDK app derives the alarm's value from AWS metrics.
     */
    SERVICE,
    // --- slices and fairness (issue 14) ---
    /**
     * How a binary model's outcomes differ across the groups of a protected attribute, published by evaluate under
     * {model, slice}.
     */
    FAIRNESS,
    /**
     * Quality estimated from the model's own probabilities on captured traffic before labels arrive (CBPE),
     * published by evaluate's capture runs while the model is calibrated.
     */
    ESTIMATED
}
