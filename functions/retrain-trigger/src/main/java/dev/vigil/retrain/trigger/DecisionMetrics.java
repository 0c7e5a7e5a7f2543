package dev.vigil.retrain.trigger;

import dev.vigil.lambda.MetricEmitter;
import dev.vigil.metrics.VigilMetric;
import dev.vigil.retrain.RetrainDecision;
import dev.vigil.retrain.RetrainTrigger;

/**
 * Counts retrain decisions through the one {@link MetricEmitter}, with dimension sets {model} and, when the champion
 * is known, {model, version}: STARTED → RetrainStarted, DEDUPLICATED → RetrainDeduplicated, COOLING_DOWN and
 * IN_FLIGHT → RetrainCoolingDown, IGNORED and rejected events → RetrainIgnored, FAILED → RetrainFailed, DRY_RUN →
 * RetrainStarted (what would have started), ROLLED_BACK → ModelRolledBack (version: the one rolled back), SUPERSEDED
 * → RetrainDeduplicated (another alarm's rollback got there first). Rejected events carry model
 * {@value #UNKNOWN_MODEL}. Each count is its own document, so concurrent calls do not share state.
 */
final class DecisionMetrics {
    static final String UNKNOWN_MODEL = "unknown";

    private final MetricEmitter emitter;

    DecisionMetrics(String namespace) {
        this.emitter = new MetricEmitter(namespace);
    }

    void count(RetrainDecision decision) {
        emit(metric(decision.kind()), decision.model(), decision.championVersion());
    }

    void countRejected() {
        emit(VigilMetric.RETRAIN_IGNORED, UNKNOWN_MODEL, null);
    }

    static VigilMetric metric(RetrainDecision.Kind kind) {
        return switch (kind) {
            case STARTED, DRY_RUN -> VigilMetric.RETRAIN_STARTED;
            case DEDUPLICATED, SUPERSEDED -> VigilMetric.RETRAIN_DEDUPLICATED;
            case ROLLED_BACK -> VigilMetric.MODEL_ROLLED_BACK;
            case COOLING_DOWN, IN_FLIGHT -> VigilMetric.RETRAIN_COOLING_DOWN;
            case IGNORED -> VigilMetric.RETRAIN_IGNORED;
            case FAILED -> VigilMetric.RETRAIN_FAILED;
            // The handler counts decisions about alarms; a run's end is counted by the run (RetrainPromoted ...).
            case FINISHED -> throw new IllegalArgumentException("a run's end is not an alarm decision to count");
        };
    }

    private void emit(VigilMetric metric, String model, String version) {
        MetricEmitter.Document document = emitter.document().dimensions("model", model);
        if (version != null && !RetrainTrigger.NO_CHAMPION.equals(version)) {
            document.dimensions("model", model, "version", version);
        }
        document.put(metric, 1).emit();
    }
}
