package dev.vigil.retrain;

/**
 * The EventBridge event a retraining run's publisher sends when the run finished (detail
 * {@code {model, executionId[, status]}}, sample {@code events/retrain-trigger/retrain-completed.json}): the rule that
 * hands it to the retrain-trigger matches exactly this detail-type and this source, so the publisher must use both.
 */
public final class RetrainCompletedEvent {
    /** The event's {@code detail-type}. */
    public static final String DETAIL_TYPE = "RetrainCompleted";
    /** The event's {@code source}: what a pipeline's last step or Vigil's own retraining workflow publishes as. */
    public static final String SOURCE = "vigil.pipeline";

    private RetrainCompletedEvent() {}
}
