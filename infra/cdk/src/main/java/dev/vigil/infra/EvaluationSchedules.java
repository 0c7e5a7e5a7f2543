package dev.vigil.infra;

import dev.vigil.infra.config.ModelConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.events.EventField;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.RuleTargetInput;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.sqs.IQueue;
import software.constructs.Construct;

/**
 * One EventBridge schedule per model that invokes evaluate. The input is the standard EventBridge "Scheduled Event"
 * ({@code events/evaluate/scheduled-event.json}: id, detail-type, source, account, time, region and resources filled
 * in by EventBridge) with a {@code detail} that names the model, which evaluate reads like a direct invoke:
 * <pre>{"version":"0","id":"…","detail-type":"Scheduled Event","source":"aws.events","account":"…",
 *  "time":"2026-11-23T06:00:00Z","region":"…","resources":["…rule ARN…"],"detail":{"model":"churn"}}</pre>
 * (A scheduled event without {@code detail.model} would mean evaluate's {@code VIGIL_MODEL_NAME}.)
 *
 * <p>Retries: evaluate's own asynchronous retries are 0 ({@link VigilFunctions}): a failed run is recorded and a
 * retry would be a new run. The rule target keeps EventBridge's delivery retries (2, within 2 hours): they apply only
 * when Lambda does not accept the event (throttled or unavailable invoke API), when no run has started, so they cannot
 * run anything twice. Either way, what is finally not delivered or fails lands in evaluate's dead-letter queue.
 */
public final class EvaluationSchedules extends Construct {
    private final Map<String, Rule> rules = new LinkedHashMap<>();

    public EvaluationSchedules(Construct scope, String id, List<ModelConfig> models, IFunction evaluate,
                               IQueue deadLetters) {
        super(scope, id);
        for (ModelConfig model : models) {
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("version", "0");
            event.put("id", EventField.getEventId());
            event.put("detail-type", EventField.getDetailType());
            event.put("source", EventField.getSource());
            event.put("account", EventField.getAccount());
            event.put("time", EventField.getTime());
            event.put("region", EventField.getRegion());
            event.put("resources", EventField.fromPath("$.resources"));
            event.put("detail", Map.of("model", model.name()));
            Rule rule = Rule.Builder.create(this, "Evaluate-" + model.name())
                    .description("Vigil: evaluate model " + model.name() + " on " + model.schedule())
                    .schedule(Schedule.expression(model.schedule()))
                    .targets(List.of(LambdaFunction.Builder.create(evaluate)
                            .event(RuleTargetInput.fromObject(event))
                            .deadLetterQueue(deadLetters)
                            .retryAttempts(2)
                            .maxEventAge(Duration.hours(2))
                            .build()))
                    .build();
            rules.put(model.name(), rule);
        }
    }

    /** The schedule rule of each model. */
    public Map<String, Rule> rules() {
        return rules;
    }
}
