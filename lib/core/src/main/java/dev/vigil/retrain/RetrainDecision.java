package dev.vigil.retrain;

import java.time.Instant;

/**
 * What the retrain trigger decided about one notification, as recorded in the audit log.
 *
 * @param id unique id of this decision
 * @param kind the outcome
 * @param model the model concerned
 * @param at when the decision was made
 * @param reason why, in words an on-call engineer can act on
 * @param backend the backend configured ({@code sagemaker}, {@code stepfunctions}, {@code eventbridge},
 *     {@code dry-run}, or whatever an in-process launcher calls itself)
 * @param executionId the run started, or the run that blocked this one; null when there is none
 * @param championVersion the serving version when a run was requested; null otherwise
 * @param alarmName the alarm that sent the notification
 * @param notificationId the delivery's SNS message id or EventBridge event id
 * @param incidentKey the alarm transition's key ({@link AlarmNotification#incidentKey()})
 */
public record RetrainDecision(
        String id,
        Kind kind,
        String model,
        Instant at,
        String reason,
        String backend,
        String executionId,
        String championVersion,
        String alarmName,
        String notificationId,
        String incidentKey) {

    /** The possible outcomes of a notification. */
    public enum Kind {
        /** A retraining run was started. */
        STARTED,
        /** This alarm transition was already handled (or is being handled) by another delivery. */
        DEDUPLICATED,
        /** A run for this model started less than the cooldown ago. */
        COOLING_DOWN,
        /** A run for this model is still in flight. */
        IN_FLIGHT,
        /** The transition was not into ALARM. */
        IGNORED,
        /** The backend refused or failed after retries; nothing was started. */
        FAILED,
        /** Dry-run mode: a run would have been started. */
        DRY_RUN
    }

    public RetrainDecision {
        if (id == null || kind == null || model == null || at == null) {
            throw new IllegalArgumentException("decision id, kind, model and time are required");
        }
        reason = reason == null ? "" : reason;
    }
}
