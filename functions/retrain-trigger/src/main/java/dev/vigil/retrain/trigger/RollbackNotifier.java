package dev.vigil.retrain.trigger;

import dev.vigil.retrain.RetrainDecision;

/** Announces a {@link RetrainDecision.Kind#ROLLED_BACK} decision to people (the notifications topic in AWS). */
@FunctionalInterface
public interface RollbackNotifier {

    /** Tells nobody; the decision is still logged, audited and counted. */
    RollbackNotifier NONE = decision -> { };

    /**
     * Announces {@code decision}, whose {@link RetrainDecision#rollback()} is set.
     *
     * @throws RuntimeException when the announcement could not be sent; the handler logs it, the rollback stands
     */
    void rolledBack(RetrainDecision decision);
}
