package dev.vigil.retrain.trigger;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entries;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.vigil.json.Json;
import dev.vigil.retrain.RetrainDecision;
import dev.vigil.retrain.RetrainTrigger;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * Lambda entry point: takes the raw event (SNS-wrapped CloudWatch alarm, EventBridge alarm state change, or a run
 * completion), lets {@link RetrainTrigger} decide, logs and counts the decision, announces a rollback through the
 * {@link RollbackNotifier}, and answers with a JSON summary.
 * A failed start throws {@link RetrainFailedException} so the async on-failure destination receives the event; an
 * event it cannot understand is logged once, counted as RetrainIgnored and acknowledged, since retrying it could
 * never succeed.
 */
public final class RetrainTriggerHandler implements RequestStreamHandler, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RetrainTriggerHandler.class);
    private static final Duration DEFAULT_LIMIT = Duration.ofMinutes(1);

    private final EventParser parser = new EventParser();
    private final RetrainTrigger trigger;
    private final Runnable release;
    private final DecisionMetrics metrics;
    private final RollbackNotifier notifier;

    /** Called once by the Lambda runtime: the trigger wired to AWS as the environment configures it. */
    public RetrainTriggerHandler() {
        this(AwsTrigger.wire(TriggerConfig.fromEnvironment(System.getenv()), Clock.systemUTC()));
    }

    /**
     * The handler the runtime builds, from {@code variables} instead of the process environment: for tests that run
     * the AWS wiring against an emulator in process.
     */
    public static RetrainTriggerHandler fromEnvironment(Map<String, String> variables) {
        return new RetrainTriggerHandler(AwsTrigger.wire(TriggerConfig.fromEnvironment(variables), Clock.systemUTC()));
    }

    /**
     * The handler over a trigger built elsewhere: {@link AwsTrigger}'s, or the local runner's, with in-memory stores
     * and its in-process launcher.
     */
    public RetrainTriggerHandler(Wiring wiring) {
        this.trigger = wiring.trigger();
        this.release = wiring.release();
        this.metrics = new DecisionMetrics(wiring.metricsNamespace());
        this.notifier = wiring.notifier();
    }

    /**
     * What a handler runs on.
     *
     * @param trigger decides each alarm
     * @param metricsNamespace where decisions are counted
     * @param release run when the handler is closed (closes the trigger's clients)
     * @param notifier announces each rollback
     */
    public record Wiring(RetrainTrigger trigger, String metricsNamespace, Runnable release,
                         RollbackNotifier notifier) {
        public Wiring {
            Objects.requireNonNull(trigger, "trigger");
            Objects.requireNonNull(metricsNamespace, "metricsNamespace");
            Objects.requireNonNull(release, "release");
            Objects.requireNonNull(notifier, "notifier");
        }

        /** A wiring that announces no rollback (it is still logged, audited and counted). */
        public Wiring(RetrainTrigger trigger, String metricsNamespace, Runnable release) {
            this(trigger, metricsNamespace, release, RollbackNotifier.NONE);
        }
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        byte[] event = input.readAllBytes();
        Duration limit = context != null && context.getRemainingTimeInMillis() > 0
                ? Duration.ofMillis(context.getRemainingTimeInMillis()) : DEFAULT_LIMIT;
        List<Map<String, Object>> results = PowertoolsLogging.withLogging(context, () -> handle(event, limit));
        output.write(Json.toBytes(Map.of("results", results)));
    }

    private List<Map<String, Object>> handle(byte[] event, Duration limit) {
        List<Map<String, Object>> results = new ArrayList<>();
        RetrainFailedException failure = null;
        for (TriggerEvent item : parser.parse(event)) {
            switch (item) {
                case TriggerEvent.Rejected rejected -> {
                    LOG.warn("event rejected: {}", rejected.reason(),
                            entries(Map.of("rejected", rejected.reason(), "event_excerpt", rejected.excerpt())));
                    metrics.countRejected();
                    results.add(Map.of("rejected", rejected.reason()));
                }
                case TriggerEvent.AlarmChanged changed -> {
                    RetrainDecision decision = trigger.handle(changed.alarm(), limit);
                    Map<String, Object> summary = summary(decision);
                    if (decision.kind() == RetrainDecision.Kind.FAILED) {
                        LOG.error("retrain {} for {}", decision.kind(), decision.model(), entries(summary));
                        failure = new RetrainFailedException(decision);
                    } else if (decision.kind() == RetrainDecision.Kind.ROLLED_BACK) {
                        LOG.warn("{} rolled back from {} to {}", decision.model(), decision.rollback().fromVersion(),
                                decision.rollback().toVersion(), entries(summary));
                        announce(decision);
                    } else {
                        LOG.info("retrain {} for {}", decision.kind(), decision.model(), entries(summary));
                    }
                    metrics.count(decision);
                    results.add(summary);
                }
                case TriggerEvent.RetrainFinished finished -> {
                    boolean released = trigger.complete(finished.model(), finished.executionId(), finished.status(),
                            finished.message()).released();
                    LOG.info("retrain {} of {} finished ({}); in-flight lock {}", finished.executionId(),
                            finished.model(), finished.status(), released ? "released" : "was not held by it");
                    results.add(Map.of("completed", finished.executionId(), "model", finished.model(),
                            "released", released));
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
        return results;
    }

    /** The rollback stands whether or not people hear of it: a failed announcement is logged, not retried. */
    private void announce(RetrainDecision decision) {
        try {
            notifier.rolledBack(decision);
        } catch (RuntimeException e) {
            LOG.error("the rollback of {} could not be announced: {}", decision.model(), e.getMessage(),
                    entries(Map.of("decision_id", decision.id(), "announce_error", String.valueOf(e.getMessage()))));
        }
    }

    private static Map<String, Object> summary(RetrainDecision d) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("decision", d.kind().name());
        s.put("model", d.model());
        s.put("alarm", d.alarmName());
        s.put("backend", d.backend());
        if (d.executionId() != null) {
            s.put("executionId", d.executionId());
        }
        s.put("notificationId", d.notificationId());
        if (d.rollback() != null) {
            s.put("rolledBackFrom", d.rollback().fromVersion());
            s.put("rolledBackTo", d.rollback().toVersion());
            s.put("promotedAt", d.rollback().promotedAt().toString());
        }
        s.put("reason", d.reason());
        return s;
    }

    @Override
    public void close() {
        release.run();
    }
}
