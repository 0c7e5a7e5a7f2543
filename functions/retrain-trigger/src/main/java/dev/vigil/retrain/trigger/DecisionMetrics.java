package dev.vigil.retrain.trigger;

import dev.vigil.retrain.RetrainDecision;
import dev.vigil.retrain.RetrainTrigger;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.MetricsFactory;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * Counts retrain decisions as EMF metrics with dimension sets {model} and, when the champion is known,
 * {model, version}: STARTED → RetrainStarted, DEDUPLICATED → RetrainDeduplicated, COOLING_DOWN and IN_FLIGHT →
 * RetrainCoolingDown, IGNORED and rejected events → RetrainIgnored, FAILED → RetrainFailed, DRY_RUN → RetrainStarted
 * (what would have started). Rejected events carry model {@value #UNKNOWN_MODEL}. Each count is flushed on its own
 * (Powertools' single-metric flush), so concurrent calls do not share state.
 */
final class DecisionMetrics {
    static final String UNKNOWN_MODEL = "unknown";

    private final Metrics metrics;

    DecisionMetrics(String namespace) {
        this.metrics = MetricsFactory.getMetricsInstance();
        metrics.setNamespace(namespace);
    }

    void count(RetrainDecision decision) {
        emit(name(decision.kind()), decision.model(), decision.championVersion());
    }

    void countRejected() {
        emit("RetrainIgnored", UNKNOWN_MODEL, null);
    }

    static String name(RetrainDecision.Kind kind) {
        return switch (kind) {
            case STARTED, DRY_RUN -> "RetrainStarted";
            case DEDUPLICATED -> "RetrainDeduplicated";
            case COOLING_DOWN, IN_FLIGHT -> "RetrainCoolingDown";
            case IGNORED -> "RetrainIgnored";
            case FAILED -> "RetrainFailed";
        };
    }

    private void emit(String name, String model, String version) {
        metrics.flushMetrics(single -> {
            single.setDefaultDimensions(DimensionSet.of("model", model));
            if (version != null && !RetrainTrigger.NO_CHAMPION.equals(version)) {
                single.addDimension(DimensionSet.of("model", model, "version", version));
            }
            single.addMetric(name, 1, MetricUnit.COUNT);
        });
    }
}
