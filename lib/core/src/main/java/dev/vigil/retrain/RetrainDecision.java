package dev.vigil.retrain;

import java.time.Duration;
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
 * @param rollback what a {@link Kind#ROLLED_BACK} decision moved; null for every other kind
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
        String incidentKey,
        Rollback rollback) {

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
        DRY_RUN,
        /**
         * A quality alarm fired inside the watch window of a promotion: the champion was moved back to the previous
         * one, and the cooldown started.
         */
        ROLLED_BACK,
        /**
         * A quality alarm fired inside the watch window, but the champion it judged had already been replaced
         * (another alarm's rollback, or a promotion) when the rollback was attempted; nothing was done.
         */
        SUPERSEDED,
        /**
         * A run reported its end (its backend's final status, or the workflow's own RetrainCompleted with its
         * decision): the reason says how it ended, so the audit holds the outcome beside the start.
         */
        FINISHED
    }

    /**
     * One rollback of a champion pointer.
     *
     * @param fromVersion the champion the quality alarm judged, replaced
     * @param toVersion the previous champion, serving again
     * @param promotedAt when {@code fromVersion} had been promoted
     * @param rolledBackAt when the pointer was moved back
     */
    public record Rollback(String fromVersion, String toVersion, Instant promotedAt, Instant rolledBackAt) {
        public Rollback {
            if (fromVersion == null || toVersion == null || promotedAt == null || rolledBackAt == null) {
                throw new IllegalArgumentException("a rollback names both versions, the promotion and its own time");
            }
        }

        /** How long the rolled-back version was champion. */
        public Duration served() {
            return Duration.between(promotedAt, rolledBackAt);
        }
    }

    /** A decision that moved no champion pointer. */
    public RetrainDecision(String id, Kind kind, String model, Instant at, String reason, String backend,
                           String executionId, String championVersion, String alarmName, String notificationId,
                           String incidentKey) {
        this(id, kind, model, at, reason, backend, executionId, championVersion, alarmName, notificationId,
                incidentKey, null);
    }

    public RetrainDecision {
        if (id == null || kind == null || model == null || at == null) {
            throw new IllegalArgumentException("decision id, kind, model and time are required");
        }
        reason = reason == null ? "" : reason;
        if ((kind == Kind.ROLLED_BACK) != (rollback != null)) {
            throw new IllegalArgumentException("a ROLLED_BACK decision, and only that, says what it rolled back");
        }
    }
}
