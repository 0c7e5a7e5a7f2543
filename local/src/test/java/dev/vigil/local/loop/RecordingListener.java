package dev.vigil.local.loop;

import dev.vigil.evaluate.RunOutcome;
import dev.vigil.local.alarms.AlarmTransition;
import dev.vigil.training.ChurnData;
import dev.vigil.local.demo.LabelFeeder;
import dev.vigil.local.demo.TrafficDriver;
import dev.vigil.training.Retrainer;
import dev.vigil.retrain.RetrainRequest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every loop event, in order, for assertions. */
public final class RecordingListener implements LoopListener {
    public final List<RunOutcome> evaluations = new CopyOnWriteArrayList<>();
    public final List<AlarmTransition> transitions = new CopyOnWriteArrayList<>();
    public final List<TriggerDecision> decisions = new CopyOnWriteArrayList<>();
    public final List<String> retrainsStarted = new CopyOnWriteArrayList<>();
    public final List<Retrainer.Result> retrainsFinished = new CopyOnWriteArrayList<>();
    public final List<ChurnData.Day> days = new CopyOnWriteArrayList<>();
    public final List<String> served = new CopyOnWriteArrayList<>();
    public final List<String> problems = new CopyOnWriteArrayList<>();
    public final List<Duration> closed = new CopyOnWriteArrayList<>();
    public final List<TrafficJudgement> judgements = new CopyOnWriteArrayList<>();
    public final List<RunOutcome> captureChecks = new CopyOnWriteArrayList<>();
    public final List<TrafficDriver.Sent> sent = new CopyOnWriteArrayList<>();
    public final List<LabelFeeder.Fed> fed = new CopyOnWriteArrayList<>();

    @Override
    public void trafficJudged(TrafficJudgement judgement) {
        judgements.add(judgement);
    }

    @Override
    public void captureChecked(RunOutcome outcome) {
        captureChecks.add(outcome);
    }

    @Override
    public void trafficSent(TrafficDriver.Sent s) {
        sent.add(s);
    }

    @Override
    public void labelsSent(LabelFeeder.Fed f) {
        fed.add(f);
    }

    @Override
    public void evaluated(RunOutcome outcome) {
        evaluations.add(outcome);
    }

    @Override
    public void evaluationFailed(String model, String message) {
        problems.add("evaluation failed: " + message);
    }

    @Override
    public void alarmChanged(AlarmTransition transition) {
        transitions.add(transition);
    }

    @Override
    public void retrainDecided(TriggerDecision decision) {
        decisions.add(decision);
    }

    @Override
    public void retrainStarted(String executionId, RetrainRequest request) {
        retrainsStarted.add(executionId);
    }

    @Override
    public void retrainFinished(String executionId, Retrainer.Result result) {
        retrainsFinished.add(result);
    }

    @Override
    public void dayWritten(ChurnData.Day day, String location) {
        days.add(day);
    }

    @Override
    public void served(String model, String version, String curl) {
        served.add(version);
    }

    @Override
    public void loopClosed(String model, String version, Duration sinceAlarm) {
        closed.add(sinceAlarm);
    }

    @Override
    public void problem(String message) {
        problems.add(message);
    }

    @Override
    public String toString() {
        return "judged=" + judgements.stream().map(j -> j.start() + " " + j.outcome().version() + " "
                + j.outcome().published()).toList()
                + "\nevaluations=" + evaluations.stream()
                .map(o -> o.version() + ":" + o.published().get("F1Binary")).toList()
                + "\ntransitions=" + transitions.stream().map(t -> t.alarmName() + " " + t.from() + "->" + t.to())
                .toList()
                + "\ndecisions=" + decisions
                + "\nretrains=" + retrainsFinished.stream().map(r -> r.report().status() + " " + r.report().message())
                .toList()
                + "\nserved=" + served
                + "\nproblems=" + problems;
    }
}
