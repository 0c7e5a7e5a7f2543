package dev.vigil.local.loop;

import dev.vigil.evaluate.RunOutcome;
import dev.vigil.local.alarms.AlarmTransition;
import dev.vigil.training.ChurnData;
import dev.vigil.local.demo.LabelFeeder;
import dev.vigil.local.demo.TrafficDriver;
import dev.vigil.local.retrain.InProcessRetrainLauncher;
import dev.vigil.training.Retrainer;
import dev.vigil.retrain.RetrainRequest;
import java.time.Duration;

/**
 * Hears what the local loop does, as it happens: the console printer shows it to people, tests record it. Calls come
 * from the scheduler, retrain and HTTP threads; implementations must be thread-safe.
 */
public interface LoopListener {

    /** A scheduled evaluation finished (succeeded, no data, or failed with a report). */
    default void evaluated(RunOutcome outcome) {}

    /** A traffic run judged a window of served traffic (its outcome also goes to {@link #evaluated}). */
    default void trafficJudged(TrafficJudgement judgement) {}

    /** A drift run on captured inputs, without labels, finished. */
    default void captureChecked(RunOutcome outcome) {}

    /** The demo sent one interval of prediction requests. */
    default void trafficSent(TrafficDriver.Sent sent) {}

    /** The demo sent the labels of the previous interval's predictions. */
    default void labelsSent(LabelFeeder.Fed fed) {}

    /** The evaluate function failed an invocation without a run outcome to show. */
    default void evaluationFailed(String model, String message) {}

    /** An alarm changed state. */
    default void alarmChanged(AlarmTransition transition) {}

    /** The retrain-trigger decided about an alarm notification. */
    default void retrainDecided(TriggerDecision decision) {}

    /** The in-process backend started a retraining run. */
    default void retrainStarted(String executionId, RetrainRequest request) {}

    /** A retraining run finished; its report says whether it promoted. */
    default void retrainFinished(String executionId, Retrainer.Result result) {}

    /** The demo wrote a day of labelled data. */
    default void dayWritten(ChurnData.Day day, String location) {}

    /** Predict answered a request through the HTTP server with this model version. */
    default void served(String model, String version, String curl) {}

    /** An alarm that started a retrain is OK again, on a model the retrain promoted. */
    default void loopClosed(String model, String version, Duration sinceAlarm) {}

    /** Something went wrong that the loop survives; the message says what. */
    default void problem(String message) {}

    /** This listener as the in-process backend's: it hears each run start and finish. */
    default InProcessRetrainLauncher.Listener retrainListener() {
        LoopListener self = this;
        return new InProcessRetrainLauncher.Listener() {
            @Override
            public void started(String executionId, RetrainRequest request) {
                self.retrainStarted(executionId, request);
            }

            @Override
            public void finished(String executionId, RetrainRequest request, Retrainer.Result result) {
                self.retrainFinished(executionId, result);
            }
        };
    }
}
