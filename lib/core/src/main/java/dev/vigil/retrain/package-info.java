/**
 * Deciding whether an alarm starts a retraining run: at most one run per incident and per model, every decision
 * recorded.
 *
 * <p>Start from {@link dev.vigil.retrain.RetrainTrigger}: it takes an {@link dev.vigil.retrain.AlarmNotification}
 * and returns a {@link dev.vigil.retrain.RetrainDecision}. The rules live in its collaborators:
 * {@link dev.vigil.retrain.IdempotencyStore} recognises duplicate deliveries of one transition (the notification's
 * incident key), {@link dev.vigil.retrain.RetrainLocks} enforce the {@link dev.vigil.retrain.RetrainPolicy}
 * (cooldown, one run in flight), {@link dev.vigil.retrain.Backoff} bounds retries of a
 * {@link dev.vigil.retrain.RetrainLauncher} that fails with a {@link dev.vigil.retrain.RetrainLaunchException}, and
 * {@link dev.vigil.retrain.DecisionLog} keeps the audit trail; the outcomes are
 * {@link dev.vigil.retrain.RetrainDecision.Kind}. Each run is asked the same {@link dev.vigil.retrain.RetrainRequest}.
 * A run's end comes back as the {@link dev.vigil.retrain.RetrainCompletedEvent} (its detail-type and source).
 * The in-memory stores here serve the local runner and tests; the DynamoDB ones and the AWS launchers are in the
 * retrain-trigger function.
 */
package dev.vigil.retrain;
