package dev.vigil.local.loop;

import dev.vigil.alarms.AlarmRule;
import dev.vigil.alarms.AlarmRules;
import dev.vigil.alarms.SliceRule;
import dev.vigil.evaluate.EvaluationFailedException;
import dev.vigil.evaluate.RunOutcome;
import dev.vigil.json.Json;
import dev.vigil.local.alarms.AlarmNotifications;
import dev.vigil.local.alarms.AlarmTransition;
import dev.vigil.local.alarms.LocalAlarms;
import dev.vigil.local.functions.FunctionError;
import dev.vigil.local.functions.LocalFunctions;
import dev.vigil.metrics.VigilMetric;
import dev.vigil.model.ModelManifest;
import dev.vigil.registry.ChampionPointer;
import dev.vigil.registry.ModelRegistry;
import dev.vigil.report.ReportStore;
import dev.vigil.report.RunStatus;
import dev.vigil.traffic.TrafficWindow;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The scheduled half of the loop: every {@code interval} it sends evaluate a scheduled event per model (labelled mode:
 * one labelled run; traffic mode: a traffic run per matured window, recorded in
 * {@link LocalFunctions#judgedWindows()} for retraining, and a drift run on the captured inputs), then applies
 * the model's {@link AlarmRules} with {@link LocalAlarms}, and sends each transition of a quality or drift alarm into
 * ALARM to the retrain-trigger as the SNS notification CloudWatch would send. Everything it sees goes to the
 * {@link LoopListener}. One tick runs at a time, on one scheduler thread: at a fixed delay on labelled data, at a fixed
 * rate on traffic (so each tick keeps its place within the interval).
 */
public final class LocalLoop implements AutoCloseable {
    private final LocalFunctions functions;
    private final LoopSettings settings;
    private final LoopListener listener;
    private final Clock clock;
    private final LocalAlarms alarms;
    /** Traffic windows judged at most per model and tick when the loop has fallen behind. */
    static final int CATCH_UP = 3;

    private final Set<String> reported = new HashSet<>();
    private final Map<String, Long> judged = new ConcurrentHashMap<>();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "vigil-scheduler");
        t.setDaemon(true);
        return t;
    });

    public LocalLoop(LocalFunctions functions, LoopSettings settings, LoopListener listener, Clock clock) {
        this.functions = Objects.requireNonNull(functions, "functions");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.alarms = new LocalAlarms(new ReportStore(functions.stores().reports()), clock, settings.interval());
    }

    public LocalAlarms alarms() {
        return alarms;
    }

    /** Starts the schedule; the first tick runs after {@code firstDelayMillis}. */
    // tick() catches what a model's evaluation throws, so the schedule's future never carries an exception to read;
    // close() ends the schedule by shutting the scheduler down.
    @SuppressWarnings("FutureReturnValueIgnored")
    public void start(long firstDelayMillis) {
        long interval = settings.interval().toMillis();
        if (settings.watchesTraffic()) {
            // At a fixed rate the ticks keep their phase within the interval (labels and capture land at its start);
            // a tick that runs late delays the next one rather than overlapping it.
            scheduler.scheduleAtFixedRate(this::tick, firstDelayMillis, interval, TimeUnit.MILLISECONDS);
        } else {
            scheduler.scheduleWithFixedDelay(this::tick, firstDelayMillis, interval, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * One period: for every model, evaluate (labelled mode) or judge the matured traffic windows and check the
     * captured inputs for drift (traffic mode), then evaluate its alarms. Never throws: a failure, listing the models
     * included, is reported to the listener and the next period runs as usual.
     */
    public void tick() {
        List<String> models;
        try {
            models = models();
        } catch (RuntimeException e) {
            listener.problem("loop tick could not list the models to evaluate: " + e);
            return;
        }
        for (String model : models) {
            try {
                if (settings.watchesTraffic()) {
                    judgeTraffic(model);
                    // Alarms judge the traffic run at once: the capture run after it can take longer than a short
                    // period, and a quality datapoint aged out of the period would leave its alarm where it was.
                    watch(model);
                    if (settings.traffic().checksDrift()) {
                        checkCapture(model);
                        watch(model);
                    }
                } else {
                    evaluate(model);
                    watch(model);
                }
            } catch (RuntimeException e) {
                listener.problem("loop tick for " + model + " failed: " + e);
            }
        }
    }

    /**
     * The alarm rules of {@code model} (per its champion's task), or empty when it has no champion. Only the rules
     * fed by evaluation runs ({@link AlarmRules#forModel}): {@code ModelSwapFailed} is predict's and not in the run
     * index, and {@code QualityStale} watches a schedule, while this loop evaluates on every tick.
     */
    public List<AlarmRule> rules(String model) {
        ModelRegistry registry = functions.registry();
        Optional<ChampionPointer> champion = registry.champion(model);
        if (champion.isEmpty()) {
            return List.of();
        }
        ModelManifest manifest = registry.manifest(champion.get().ref());
        return AlarmRules.forModel(settings.watched(model, manifest.task()));
    }

    private List<String> models() {
        if (!settings.models().isEmpty()) {
            return settings.models();
        }
        ModelRegistry registry = functions.registry();
        return registry.models().stream().filter(m -> registry.champion(m).isPresent()).toList();
    }

    private void evaluate(String model) {
        RunOutcome outcome = invokeEvaluate(model, ScheduledEvents.evaluate(model, settings.window(),
                clock.instant()));
        if (outcome != null) {
            listener.evaluated(outcome);
        }
    }

    /**
     * Judges each traffic window that has matured since the last one judged (at most {@value #CATCH_UP} when the loop
     * fell behind; on the first tick only the newest), skipping windows that start before the schedule's
     * {@code since}.
     */
    private void judgeTraffic(String model) {
        LoopSettings.TrafficSchedule traffic = settings.traffic();
        Instant now = clock.instant();
        long end = traffic.maturedEnd(now).toEpochMilli();
        long step = traffic.alignTo().toMillis();
        Long last = judged.get(model);
        long first = last == null ? end : Math.max(last + step, end - (CATCH_UP - 1) * step);
        for (long e = first; e <= end; e += step) {
            TrafficWindow window = new TrafficWindow(e - traffic.length().toMillis(), e);
            if (traffic.since() != null && window.start() < traffic.since().toEpochMilli()) {
                continue;
            }
            judged.put(model, e);
            RunOutcome outcome = invokeEvaluate(model, ScheduledEvents.traffic(model, window, now));
            if (outcome == null) {
                continue;
            }
            TrafficJudgement judgement = new TrafficJudgement(model, window, outcome, now);
            if (!judgement.judgedTraffic()) {
                listener.problem("evaluate answered the traffic run of " + model + " without the served-traffic"
                        + " metrics (" + VigilMetric.PREDICTIONS_IN_WINDOW.publishedName() + "): it does not judge"
                        + " served traffic; " + outcome.message());
                continue;
            }
            if (outcome.status() == RunStatus.SUCCEEDED) {
                functions.judgedWindows().record(model, window);
            }
            listener.trafficJudged(judgement);
            listener.evaluated(outcome);
        }
    }

    /** A drift run on the captured inputs of the last drift length, once that span starts after {@code since}. */
    private void checkCapture(String model) {
        LoopSettings.TrafficSchedule traffic = settings.traffic();
        Instant now = clock.instant();
        Instant from = now.minus(traffic.driftSettle()).minus(traffic.driftLength());
        if (traffic.since() != null && from.isBefore(traffic.since())) {
            return;
        }
        RunOutcome outcome = invokeEvaluate(model, ScheduledEvents.captureDrift(model, traffic.driftLength(),
                traffic.driftSettle(), now));
        if (outcome != null) {
            listener.captureChecked(outcome);
        }
    }

    /** The run's outcome (a failed run's too), or null when evaluate failed without one (reported). */
    private RunOutcome invokeEvaluate(String model, byte[] event) {
        try {
            return Json.fromBytes(functions.evaluate(event), RunOutcome.class);
        } catch (FunctionError e) {
            if (e.getCause() instanceof EvaluationFailedException failed) {
                return failed.outcome();
            }
            listener.evaluationFailed(model, e.getMessage());
            return null;
        }
    }

    private void watch(String model) {
        List<AlarmRule> rules;
        try {
            rules = rules(model);
        } catch (IllegalArgumentException e) {
            if (reported.add(model)) {
                listener.problem("no alarms for " + model + ": " + e.getMessage() + " (set it with --threshold)");
            }
            return;
        }
        List<AlarmTransition> transitions = new ArrayList<>(alarms.evaluate(model, rules));
        try {
            transitions.addAll(alarms.evaluateSlices(model, sliceRules(model)));
        } catch (IllegalArgumentException e) {
            if (reported.add(model + "/slices")) {
                listener.problem("no slice alarms for " + model + ": " + e.getMessage());
            }
        }
        for (AlarmTransition transition : transitions) {
            listener.alarmChanged(transition);
            if (transition.startsRetrain()) {
                notifyRetrainTrigger(transition);
            }
        }
    }

    /**
     * The slice rules of {@code model} ({@link AlarmRules#forSlices} of the settings' slice thresholds), or empty
     * when it has no champion; they read what champion runs published under {model, slice}.
     */
    public List<SliceRule> sliceRules(String model) {
        Map<String, Map<String, Double>> slices = settings.sliceThresholds(model);
        if (slices.isEmpty()) {
            return List.of();
        }
        ModelRegistry registry = functions.registry();
        Optional<ChampionPointer> champion = registry.champion(model);
        if (champion.isEmpty()) {
            return List.of();
        }
        ModelManifest manifest = registry.manifest(champion.get().ref());
        return AlarmRules.forSlices(settings.watched(model, manifest.task()), slices);
    }

    /**
     * Sends the alarm to the retrain-trigger, or, when the configuration names no trainer this machine runs, reports
     * {@value TriggerDecision#WOULD_RETRAIN} and leaves the model alone (no candidate, no promotion, no rollback).
     */
    private void notifyRetrainTrigger(AlarmTransition transition) {
        Optional<String> refusal = settings.wouldRetrain(transition.model(), transition.rule().id() + " went to "
                + transition.to() + " (" + transition.alarmName() + ")");
        if (refusal.isPresent()) {
            listener.retrainDecided(new TriggerDecision(TriggerDecision.WOULD_RETRAIN, transition.model(),
                    transition.alarmName(), null, refusal.get()));
            return;
        }
        byte[] notification = AlarmNotifications.sns(transition, settings.interval(), AlarmNotifications.RETRAIN_TOPIC);
        try {
            TriggerDecision.parse(functions.retrainTrigger(notification)).forEach(listener::retrainDecided);
        } catch (FunctionError e) {
            listener.retrainDecided(new TriggerDecision("FAILED", transition.model(), transition.alarmName(), null,
                    e.getMessage()));
        }
    }

    /** Stops the schedule, letting a tick in progress finish. */
    @Override
    public void close() {
        scheduler.shutdown();
        try {
            if (!scheduler.awaitTermination(30, TimeUnit.SECONDS)) {
                scheduler.shutdownNow();
            }
        } catch (InterruptedException e) {
            scheduler.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
