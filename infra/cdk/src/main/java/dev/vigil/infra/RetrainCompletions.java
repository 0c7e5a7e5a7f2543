package dev.vigil.infra;

import dev.vigil.config.RetrainConfig;
import dev.vigil.retrain.RetrainBackend;
import dev.vigil.retrain.RetrainCompletedEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.events.EventBus;
import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.services.events.IEventBus;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.sqs.IQueue;
import software.constructs.Construct;

/**
 * EventBridge rules that tell the retrain-trigger a retraining run has finished, so it releases the model's in-flight
 * lock before {@code VIGIL_RETRAIN_MAX_IN_FLIGHT} runs out ({@code functions/retrain-trigger/README.md}, samples in
 * {@code events/retrain-trigger/}):
 * <ul>
 *   <li>{@code RetrainCompleted} (detail {@code {model, executionId[, status]}}, source
 *   {@value RetrainCompletedEvent#SOURCE}, {@link RetrainCompletedEvent}) on the default bus,
 *   whatever the backend: what a SageMaker pipeline's last step or a custom consumer publishes; with the eventbridge
 *   backend on a bus of its own, the same rule on that bus too;</li>
 *   <li>with the stepfunctions backend, {@code Step Functions Execution Status Change} of the configured state machine
 *   in a final status (SUCCEEDED, FAILED, TIMED_OUT, ABORTED; the function rejects the others).</li>
 * </ul>
 * Deliveries that Lambda does not accept are retried and then sent to the retrain-trigger's dead-letter queue.
 */
public final class RetrainCompletions extends Construct {
    /** detail-type of a finished run published by a pipeline or consumer. */
    public static final String RETRAIN_COMPLETED = RetrainCompletedEvent.DETAIL_TYPE;
    /** detail-type of Step Functions' execution events. */
    public static final String EXECUTION_STATUS_CHANGE = "Step Functions Execution Status Change";
    /** Final execution statuses; retrain-trigger rejects the others. */
    public static final List<String> FINAL_STATUSES = List.of("SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED");

    private final List<Rule> rules = new ArrayList<>();

    /**
     * The rules for {@code retrain}'s backend.
     *
     * @param stateMachineArn the state machine runs start on (the configured target, or the built-in workflow's)
     */
    public RetrainCompletions(Construct scope, String id, RetrainConfig retrain, String stateMachineArn,
                              IFunction retrainTrigger, IQueue deadLetters) {
        super(scope, id);
        LambdaFunction target = LambdaFunction.Builder.create(retrainTrigger)
                .deadLetterQueue(deadLetters)
                .retryAttempts(2)
                .maxEventAge(Duration.hours(2))
                .build();
        EventPattern completed = EventPattern.builder().source(List.of(RetrainCompletedEvent.SOURCE))
                .detailType(List.of(RETRAIN_COMPLETED)).build();
        rules.add(rule("RetrainCompleted", "Vigil: a retraining run finished (RetrainCompleted)", completed, null,
                target));
        if (retrain.backend() == RetrainBackend.EVENTBRIDGE && !isDefaultBus(retrain.target())) {
            IEventBus bus = retrain.target().startsWith("arn:")
                    ? EventBus.fromEventBusArn(this, "RetrainBus", retrain.target())
                    : EventBus.fromEventBusName(this, "RetrainBus", retrain.target());
            rules.add(rule("RetrainCompletedOnRetrainBus", "Vigil: a retraining run finished, on the retrain bus",
                    completed, bus, target));
        }
        if (retrain.backend() == RetrainBackend.STEP_FUNCTIONS) {
            rules.add(rule("RetrainExecutionFinished", "Vigil: the retrain state machine's execution finished",
                    EventPattern.builder()
                            .source(List.of("aws.states"))
                            .detailType(List.of(EXECUTION_STATUS_CHANGE))
                            .detail(Map.of("status", FINAL_STATUSES,
                                    "stateMachineArn", List.of(stateMachineArn)))
                            .build(),
                    null, target));
        }
    }

    private Rule rule(String id, String description, EventPattern pattern, IEventBus bus, LambdaFunction target) {
        var rule = Rule.Builder.create(this, id).description(description).eventPattern(pattern)
                .targets(List.of(target));
        if (bus != null) {
            rule.eventBus(bus);
        }
        return rule.build();
    }

    private static boolean isDefaultBus(String target) {
        return target == null || target.equals("default") || target.endsWith(":event-bus/default");
    }

    /** The rules, RetrainCompleted first. */
    public List<Rule> rules() {
        return rules;
    }
}
