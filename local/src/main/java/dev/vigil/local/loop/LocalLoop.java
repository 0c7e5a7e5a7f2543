package dev.vigil.local.loop;

import dev.vigil.alarms.AlarmRule;
import dev.vigil.alarms.AlarmRules;
import dev.vigil.alarms.WatchedModel;
import dev.vigil.evaluate.EvaluationFailedException;
import dev.vigil.evaluate.RunOutcome;
import dev.vigil.json.Json;
import dev.vigil.local.alarms.AlarmNotifications;
import dev.vigil.local.alarms.AlarmTransition;
import dev.vigil.local.alarms.LocalAlarms;
import dev.vigil.local.functions.FunctionError;
import dev.vigil.local.functions.LocalFunctions;
import dev.vigil.model.ModelManifest;
import dev.vigil.registry.ChampionPointer;
import dev.vigil.registry.ModelRegistry;
import dev.vigil.report.ReportStore;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The scheduled half of the loop: every {@code interval} it sends evaluate a scheduled event per model, then applies
 * the model's {@link AlarmRules} with {@link LocalAlarms}, and sends each transition of a quality or drift alarm into
 * ALARM to the retrain-trigger as the SNS notification CloudWatch would send. Everything it sees goes to the
 * {@link LoopListener}. One tick runs at a time (fixed delay), on one scheduler thread.
 */
public final class LocalLoop implements AutoCloseable {
    private final LocalFunctions functions;
    private final LoopSettings settings;
    private final LoopListener listener;
    private final Clock clock;
    private final LocalAlarms alarms;
    private final Set<String> reported = new HashSet<>();
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

    /** Starts the schedule; the first evaluation runs after {@code firstDelayMillis}. */
    // tick() catches what a model's evaluation throws, so the schedule's future never carries an exception to read;
    // close() ends the schedule by shutting the scheduler down.
    @SuppressWarnings("FutureReturnValueIgnored")
    public void start(long firstDelayMillis) {
        scheduler.scheduleWithFixedDelay(this::tick, firstDelayMillis, settings.interval().toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** One period: evaluate every model, then evaluate its alarms. Never throws. */
    public void tick() {
        for (String model : models()) {
            try {
                evaluate(model);
                watch(model);
            } catch (RuntimeException e) {
                listener.problem("loop tick for " + model + " failed: " + e);
            }
        }
    }

    /** The alarm rules of {@code model} (per its champion's task), or empty when it has no champion. */
    public List<AlarmRule> rules(String model) {
        ModelRegistry registry = functions.registry();
        Optional<ChampionPointer> champion = registry.champion(model);
        if (champion.isEmpty()) {
            return List.of();
        }
        ModelManifest manifest = registry.manifest(champion.get().ref());
        return AlarmRules.forModel(new WatchedModel(model, manifest.task(), settings.thresholds(), null));
    }

    private List<String> models() {
        if (!settings.models().isEmpty()) {
            return settings.models();
        }
        ModelRegistry registry = functions.registry();
        return registry.models().stream().filter(m -> registry.champion(m).isPresent()).toList();
    }

    private void evaluate(String model) {
        try {
            byte[] response = functions.evaluate(ScheduledEvents.evaluate(model, settings.window(), clock.instant()));
            listener.evaluated(Json.fromBytes(response, RunOutcome.class));
        } catch (FunctionError e) {
            if (e.getCause() instanceof EvaluationFailedException failed) {
                listener.evaluated(failed.outcome());
            } else {
                listener.evaluationFailed(model, e.getMessage());
            }
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
        for (AlarmTransition transition : alarms.evaluate(model, rules)) {
            listener.alarmChanged(transition);
            if (transition.startsRetrain()) {
                notifyRetrainTrigger(transition);
            }
        }
    }

    private void notifyRetrainTrigger(AlarmTransition transition) {
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
