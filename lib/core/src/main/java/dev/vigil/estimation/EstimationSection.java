package dev.vigil.estimation;

import java.util.Objects;

/**
 * A capture run's estimated performance for the version it evaluates: the estimate and whether it was published.
 *
 * @param estimate the estimated metrics with their ranges
 * @param gate whether they were published, and why
 */
public record EstimationSection(PerformanceEstimate estimate, GateDecision gate) {
    public EstimationSection {
        Objects.requireNonNull(estimate, "estimate");
        Objects.requireNonNull(gate, "gate");
    }
}
