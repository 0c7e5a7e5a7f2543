package dev.vigil.infra;

import dev.vigil.config.IsoDurations;
import dev.vigil.config.ModelConfig;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.services.events.EventField;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.RuleTargetInput;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.sqs.IQueue;
import software.constructs.Construct;

/**
 * The EventBridge schedules that invoke evaluate. A model watched on labelled data gets one rule whose input is the
 * standard EventBridge "Scheduled Event" ({@code events/evaluate/scheduled-event.json}: id, detail-type, source,
 * account, time, region and resources filled in by EventBridge) with a {@code detail} that names the model, which
 * evaluate reads like a direct invoke:
 * <pre>{"version":"0","id":"…","detail-type":"Scheduled Event","source":"aws.events","account":"…",
 *  "time":"2026-11-23T06:00:00Z","region":"…","resources":["…rule ARN…"],"detail":{"model":"churn"}}</pre>
 * (A scheduled event without {@code detail.model} would mean evaluate's {@code VIGIL_MODEL_NAME}.)
 *
 * <p>A model watched on its traffic gets two rules with constant inputs instead (its labelled runs are offline
 * comparisons, started by hand): a traffic run on {@code traffic.schedule},
 * <pre>{"model":"churn","source":"traffic","traffic":{"length":"P1D","labelDelay":"P7D","alignTo":"PT1H"}}</pre>
 * judging the window of {@code length} that closed {@code labelDelay} ago, aligned to whole hours; and a drift run
 * over the capture alone on {@code drift.schedule},
 * <pre>{"model":"churn","source":"capture","capture":{"length":"PT1H","settle":"PT15M"}}</pre>
 * judging the last {@code length} of whole hours that ended at least {@code settle} ago (so their records have been
 * delivered).
 *
 * <p>Retries: evaluate's own asynchronous retries are 0 ({@link VigilFunctions}): a failed run is recorded and a
 * retry would be a new run. Every rule target keeps EventBridge's delivery retries (2, within 2 hours): they apply
 * only when Lambda does not accept the event (throttled or unavailable invoke API), when no run has started, so they
 * cannot run anything twice. Either way, what is finally not delivered or fails lands in evaluate's dead-letter queue.
 */
public final class EvaluationSchedules extends Construct {
    /** What a traffic window's ends are rounded down to: capture is filed by hour. */
    public static final Duration TRAFFIC_ALIGNMENT = Duration.ofHours(1);
    /** How long after an hour ends its capture records are taken as delivered (the stream buffers up to 7.5 min). */
    public static final Duration CAPTURE_SETTLE = Duration.ofMinutes(15);

    private final Map<String, Rule> rules = new LinkedHashMap<>();
    private final Map<String, Rule> trafficRules = new LinkedHashMap<>();
    private final Map<String, Rule> driftRules = new LinkedHashMap<>();
    private final IFunction evaluate;
    private final IQueue deadLetters;

    public EvaluationSchedules(Construct scope, String id, List<ModelConfig> models, IFunction evaluate,
                               IQueue deadLetters) {
        super(scope, id);
        this.evaluate = evaluate;
        this.deadLetters = deadLetters;
        for (ModelConfig model : models) {
            if (model.watchesTraffic()) {
                trafficRules.put(model.name(), rule("Traffic-" + model.name(), "Vigil: evaluate model " + model.name()
                        + " on the traffic it served, " + model.traffic().schedule(), model.traffic().schedule(),
                        RuleTargetInput.fromObject(trafficRun(model))));
                driftRules.put(model.name(), rule("Drift-" + model.name(), "Vigil: drift of model " + model.name()
                        + " on captured inputs, " + model.drift().schedule(), model.drift().schedule(),
                        RuleTargetInput.fromObject(captureDriftRun(model))));
            } else {
                rules.put(model.name(), rule("Evaluate-" + model.name(), "Vigil: evaluate model " + model.name()
                        + " on " + model.schedule(), model.schedule(),
                        RuleTargetInput.fromObject(scheduledEvent(model))));
            }
        }
    }

    /** The Scheduled Event of a labelled model's rule, EventBridge's fields filled in at delivery. */
    private static Map<String, Object> scheduledEvent(ModelConfig model) {
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
        return event;
    }

    /** The constant input of a traffic-mode model's traffic rule. */
    static Map<String, Object> trafficRun(ModelConfig model) {
        Map<String, Object> window = new LinkedHashMap<>();
        window.put("length", IsoDurations.format(model.traffic().length()));
        window.put("labelDelay", IsoDurations.format(model.traffic().labelDelay()));
        window.put("alignTo", IsoDurations.format(TRAFFIC_ALIGNMENT));
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("model", model.name());
        event.put("source", "traffic");
        event.put("traffic", window);
        return event;
    }

    /** The constant input of a traffic-mode model's drift rule. */
    static Map<String, Object> captureDriftRun(ModelConfig model) {
        Map<String, Object> window = new LinkedHashMap<>();
        window.put("length", IsoDurations.format(model.drift().length()));
        window.put("settle", IsoDurations.format(CAPTURE_SETTLE));
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("model", model.name());
        event.put("source", "capture");
        event.put("capture", window);
        return event;
    }

    /** The one way a schedule invokes evaluate: DLQ, two delivery retries within two hours. */
    private Rule rule(String id, String description, String schedule, RuleTargetInput input) {
        return Rule.Builder.create(this, id)
                .description(description)
                .schedule(Schedule.expression(schedule))
                .targets(List.of(LambdaFunction.Builder.create(evaluate)
                        .event(input)
                        .deadLetterQueue(deadLetters)
                        .retryAttempts(2)
                        .maxEventAge(software.amazon.awscdk.Duration.hours(2))
                        .build()))
                .build();
    }

    /** The labelled-data schedule of each model watched on labelled data. */
    public Map<String, Rule> rules() {
        return rules;
    }

    /** The traffic-run schedule of each model watched on its traffic. */
    public Map<String, Rule> trafficRules() {
        return trafficRules;
    }

    /** The capture-drift schedule of each model watched on its traffic. */
    public Map<String, Rule> driftRules() {
        return driftRules;
    }
}
