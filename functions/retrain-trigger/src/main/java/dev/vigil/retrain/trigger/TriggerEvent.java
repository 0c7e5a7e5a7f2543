package dev.vigil.retrain.trigger;

import dev.vigil.retrain.AlarmNotification;

/** One thing an incoming Lambda event asks of the retrain trigger. */
sealed interface TriggerEvent {

    /** A CloudWatch alarm changed state (from SNS or EventBridge). */
    record AlarmChanged(AlarmNotification alarm) implements TriggerEvent {}

    /** A retraining run reached a final status; its model may retrain again once the cooldown allows. */
    record RetrainFinished(String model, String executionId, String status, String message) implements TriggerEvent {}

    /** The event is not something the trigger understands; {@code excerpt} is the start of the raw event. */
    record Rejected(String reason, String excerpt) implements TriggerEvent {}
}
