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
 * One EventBridge schedule per model that invokes evaluate. The input is a standard EventBridge "Scheduled Event"
 * (id, detail-type, source, account, time, region filled in by EventBridge) whose {@code detail} names the model:
 * <pre>{"version":"0","id":"…","detail-type":"Scheduled Event","source":"aws.events","account":"…",
 *  "time":"2026-11-23T06:00:00Z","region":"…","detail":{"model":"churn"}}</pre>
 * A scheduled event without {@code detail.model} means evaluate's default model ({@code VIGIL_MODEL_NAME}).
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
