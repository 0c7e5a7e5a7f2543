package dev.vigil.infra;

import dev.vigil.alarms.AlarmRule;
import dev.vigil.alarms.AlarmRules;
import dev.vigil.alarms.SliceRule;
import dev.vigil.config.ModelConfig;
import dev.vigil.config.VigilConfig;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.IStableListProducer;
import software.amazon.awscdk.Lazy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.amazon.awscdk.services.sns.subscriptions.LambdaSubscription;
import software.amazon.awscdk.services.sqs.IQueue;
import software.constructs.Construct;

/**
 * CloudWatch alarms built from {@link AlarmRules} (the same definitions the local runner evaluates) and the two SNS
 * topics they notify: every alarm's ALARM and OK transitions go to the notification topic (optionally e-mailed); only
 * quality and drift alarms' ALARM transitions go to the retrain topic, which the retrain-trigger subscribes to. Both
 * topics are encrypted with a customer-managed KMS key, because CloudWatch cannot publish to a topic encrypted with the
 * AWS-managed SNS key.
 *
 * <p>Alarm names are {@code <stack name in lower case>-<model>-<rule id>} (service alarms
 * {@code <stack>-<rule id>}); with the default stack name that is {@code vigil-<model>-<purpose>}, the convention
 * retrain-trigger reads the model from for composite alarms. The alarms that reach retrain-trigger are metric alarms
 * whose metric has the {@code model} dimension, which is where it reads the model from for them. Data alarms (join
 * coverage, inputs out of range) and the capture alarms only notify: a rule that is neither quality nor drift never
 * triggers a retrain ({@link AlarmRule}'s invariant).
 *
 * <p>Besides the {@link AlarmRules#forModel} rules, each model has {@code ModelSwapFailed} (predict could not load a
 * champion version) and, unless its {@code staleAfterPeriods} is 0, {@code QualityStale} (no run published its
 * quality for that many periods); both notify only. Each configured slice threshold adds an alarm on the
 * {model, slice} dimension set ({@link AlarmRules#forSlices}, {@code <stack>-<model>-Slice-<id>-<metric>}), which
 * notifies only. Other constructs add service alarms with {@link #serviceAlarm}
 * ({@link ExecutionAlarms} for every state machine).
 *
 * <p>Delivery: a topic policy replaces SNS's default policy, so each topic's policy allows
 * {@code cloudwatch.amazonaws.com} to publish, for this account and only for the ARNs of the alarms whose actions name
 * that topic (the list is resolved at synthesis, so it includes alarms added after this construct). The key's grant
 * to CloudWatch cannot list the alarms (they depend on the topics, which depend on the key), so it is conditioned
 * on this account and on alarm ARNs under the stack's alarm-name prefix.
 */
public final class VigilAlarms extends Construct {
    private final String prefix;
    private final Topic notifications;
    private final Topic retrainRequests;
    private final Map<String, List<Alarm>> modelAlarms = new LinkedHashMap<>();
    private final Map<String, List<Alarm>> sliceAlarms = new LinkedHashMap<>();
    private final List<Alarm> serviceAlarms = new ArrayList<>();
    private final List<Alarm> rollbackAlarms = new ArrayList<>();
    private final List<Alarm> captureAlarms = new ArrayList<>();
    /** The ARNs of the alarms that publish to each topic, for the topics' policies. */
    private final IdentityHashMap<Topic, List<String>> publishers = new IdentityHashMap<>();

    /** The alarms and topics; {@code capture} (null when the stack does not capture) adds the capture alarms. */
    public VigilAlarms(Construct scope, String id, VigilConfig config, VigilFunctions functions, PredictApi api,
                       TrafficCapture capture) {
        super(scope, id);
        Stack stack = Stack.of(this);
        prefix = stack.getStackName().toLowerCase(Locale.ROOT);
        Key key = Key.Builder.create(this, "TopicKey")
                .description("Vigil: encrypts the alarm notification and retrain topics")
                .enableKeyRotation(true)
                .build();
        key.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("CloudWatchAlarmsPublishToEncryptedTopics").effect(Effect.ALLOW)
                .principals(List.of(new ServicePrincipal("cloudwatch.amazonaws.com")))
                .actions(List.of("kms:Decrypt", "kms:GenerateDataKey"))
                .resources(List.of("*"))
                .conditions(Map.of(
                        "StringEquals", Map.of("aws:SourceAccount", stack.getAccount()),
                        "ArnLike", Map.of("aws:SourceArn", stack.formatArn(ArnComponents.builder()
                                .service("cloudwatch").resource("alarm").resourceName(prefix + "-*")
                                .arnFormat(ArnFormat.COLON_RESOURCE_NAME).build()))))
                .build());
        notifications = Topic.Builder.create(this, "Notifications")
                .displayName("Vigil alarms").masterKey(key).enforceSsl(true).build();
        if (config.alertEmail() != null) {
            notifications.addSubscription(new EmailSubscription(config.alertEmail()));
        }
        retrainRequests = Topic.Builder.create(this, "RetrainRequests")
                .displayName("Vigil retrain requests").masterKey(key).enforceSsl(true).build();
        retrainRequests.addSubscription(LambdaSubscription.Builder.create(functions.retrainTrigger())
                .deadLetterQueue(functions.retrainFailures()).build());

        for (ModelConfig model : config.models()) {
            List<AlarmRule> rules = new ArrayList<>(AlarmRules.forModel(model.watched()));
            rules.add(AlarmRules.modelSwapFailed());
            model.qualityStale().ifPresent(rules::add);
            List<Alarm> alarms = new ArrayList<>();
            for (AlarmRule rule : rules) {
                Metric metric = Metric.Builder.create()
                        .namespace(config.metricsNamespace()).metricName(rule.metricName())
                        .dimensionsMap(Map.of("model", model.name()))
                        .statistic(rule.statistic().cloudWatchName())
                        .period(Duration.seconds(rule.period().toSeconds()))
                        .build();
                alarms.add(alarm("Model-" + model.name() + "-" + rule.id(), prefix + "-" + model.name() + "-"
                        + rule.id(), rule, metric));
            }
            modelAlarms.put(model.name(), List.copyOf(alarms));
            List<Alarm> slices = new ArrayList<>();
            for (SliceRule slice : model.sliceRules()) {
                AlarmRule rule = slice.rule();
                Metric metric = Metric.Builder.create()
                        .namespace(config.metricsNamespace()).metricName(rule.metricName())
                        .dimensionsMap(Map.of("model", model.name(), "slice", slice.slice()))
                        .statistic(rule.statistic().cloudWatchName())
                        .period(Duration.seconds(rule.period().toSeconds()))
                        .build();
                slices.add(alarm("Model-" + model.name() + "-" + rule.id(), prefix + "-" + model.name() + "-"
                        + rule.id(), rule, metric));
            }
            sliceAlarms.put(model.name(), List.copyOf(slices));
        }

        for (AlarmRule rule : AlarmRules.forService(config.serviceThresholds())) {
            Duration period = Duration.seconds(rule.period().toSeconds());
            switch (rule.metric()) {
                case PREDICT_5XX_RATE -> {
                    MetricOptions sum = MetricOptions.builder().statistic("Sum").period(period).build();
                    IMetric rate = MathExpression.Builder.create()
                            .expression("IF(requests > 0, 100 * errors / requests, 0)")
                            .usingMetrics(Map.of("errors", api.stage().metricServerError(sum),
                                    "requests", api.stage().metricCount(sum)))
                            .period(period).label("Predict 5xx rate (%)")
                            .build();
                    rollbackAlarms.add(alarm(rule.id(), prefix + "-" + rule.id(), rule, rate));
                }
                case PREDICT_LATENCY -> rollbackAlarms.add(alarm(rule.id(), prefix + "-" + rule.id(), rule,
                        functions.predictLive().metricDuration(MetricOptions.builder()
                                .statistic(rule.statistic().cloudWatchName()).period(period).build())));
                case ASYNC_FAILURES -> {
                    serviceAlarms.add(alarm("EvaluateFailures", prefix + "-EvaluateFailures", rule,
                            deadLetters(functions.evaluateFailures(), rule, period)));
                    serviceAlarms.add(alarm("RetrainTriggerFailures", prefix + "-RetrainTriggerFailures", rule,
                            deadLetters(functions.retrainFailures(), rule, period)));
                }
                default -> throw new IllegalStateException("no CloudWatch source for service rule " + rule.id());
            }
        }
        serviceAlarms.addAll(0, rollbackAlarms);
        if (capture != null) {
            captureAlarms(config, functions, capture);
        }
        allowCloudWatchToPublish(notifications);
        allowCloudWatchToPublish(retrainRequests);
    }

    private void captureAlarms(VigilConfig config, VigilFunctions functions, TrafficCapture capture) {
        for (AlarmRule rule : AlarmRules.forCapture()) {
            Duration period = Duration.seconds(rule.period().toSeconds());
            String statistic = rule.statistic().cloudWatchName();
            switch (rule.metric()) {
                case CAPTURE_DROPPED -> {
                    for (ModelConfig model : config.models()) {
                        captureAlarms.add(alarm("Capture-" + model.name() + "-" + rule.id(),
                                prefix + "-" + model.name() + "-" + rule.id(), rule, Metric.Builder.create()
                                        .namespace(config.metricsNamespace()).metricName(rule.metricName())
                                        .dimensionsMap(Map.of("model", model.name())).statistic(statistic)
                                        .period(period).build()));
                    }
                }
                case CAPTURE_DELIVERY_ERRORS -> {
                    // Predict's log group has this one subscription, so its LogGroupName series is the filter's.
                    Map<String, String> logGroup = Map.of("LogGroupName", functions.predictLogs().getLogGroupName());
                    IMetric failed = MathExpression.Builder.create()
                            .expression("FILL(errors, 0) + FILL(throttles, 0)")
                            .usingMetrics(Map.of(
                                    "errors", awsMetric("AWS/Logs", "DeliveryErrors", logGroup, statistic, period),
                                    "throttles", awsMetric("AWS/Logs", "DeliveryThrottling", logGroup, statistic,
                                            period)))
                            .period(period).label("Capture log events not delivered (errors + throttles)")
                            .build();
                    captureAlarms.add(alarm(rule.id(), prefix + "-" + rule.id(), rule, failed));
                }
                case CAPTURE_FRESHNESS -> captureAlarms.add(alarm(rule.id(), prefix + "-" + rule.id(), rule,
                        awsMetric("AWS/Firehose", "DeliveryToS3.DataFreshness",
                                Map.of("DeliveryStreamName", capture.streamName()), statistic, period)));
                default -> throw new IllegalStateException("no CloudWatch source for capture rule " + rule.id());
            }
        }
    }

    private static IMetric awsMetric(String namespace, String name, Map<String, String> dimensions, String statistic,
                                     Duration period) {
        return Metric.Builder.create().namespace(namespace).metricName(name).dimensionsMap(dimensions)
                .statistic(statistic).period(period).build();
    }

    /** Lets CloudWatch publish to {@code topic} for this account's alarms whose actions name it, and no others. */
    private void allowCloudWatchToPublish(Topic topic) {
        Stack stack = Stack.of(this);
        topic.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("CloudWatchAlarmsPublish").effect(Effect.ALLOW)
                .principals(List.of(new ServicePrincipal("cloudwatch.amazonaws.com")))
                .actions(List.of("sns:Publish"))
                .resources(List.of(topic.getTopicArn()))
                .conditions(Map.of(
                        "StringEquals", Map.of("aws:SourceAccount", stack.getAccount()),
                        // resolved at synthesis, so alarms added after this construct (serviceAlarm) are listed too
                        "ArnEquals", Map.of("aws:SourceArn", Lazy.list(new IStableListProducer() {
                            @Override
                            public List<String> produce() {
                                return List.copyOf(publishers.getOrDefault(topic, List.of()));
                            }
                        }))))
                .build());
    }

    /**
     * A service alarm of another construct (e.g. a state machine's, {@link ExecutionAlarms}), named
     * {@code <stack>-<name>} and delivered like the others: ALARM and OK to the notification topic, whose policy
     * lists it; a rule that starts a retrain is refused, since only model alarms do.
     */
    public Alarm serviceAlarm(String name, AlarmRule rule, IMetric metric) {
        if (rule.triggersRetrain()) {
            throw new IllegalArgumentException("a service alarm never starts a retrain: " + rule.id());
        }
        Alarm alarm = alarm(name, prefix + "-" + name, rule, metric);
        serviceAlarms.add(alarm);
        return alarm;
    }

    private static IMetric deadLetters(IQueue queue, AlarmRule rule, Duration period) {
        return queue.metricApproximateNumberOfMessagesVisible(MetricOptions.builder()
                .statistic(rule.statistic().cloudWatchName()).period(period).build());
    }

    private Alarm alarm(String id, String name, AlarmRule rule, IMetric metric) {
        String description = rule.description() + ". Condition: " + rule.condition() + ". Missing data: "
                + rule.missingData().cloudWatchName() + ", because " + rule.missingDataReason() + "."
                + (rule.triggersRetrain() ? " ALARM starts a retrain." : "");
        Alarm alarm = Alarm.Builder.create(this, id)
                .alarmName(name)
                .alarmDescription(description.length() > 1024 ? description.substring(0, 1024) : description)
                .metric(metric)
                .threshold(rule.threshold())
                .comparisonOperator(ComparisonOperator.valueOf(rule.comparison().name()))
                .evaluationPeriods(rule.evaluationPeriods())
                .datapointsToAlarm(rule.datapointsToAlarm())
                .treatMissingData(TreatMissingData.valueOf(rule.missingData().name()))
                .build();
        alarm.addAlarmAction(new SnsAction(notifications));
        alarm.addOkAction(new SnsAction(notifications));
        publishers.computeIfAbsent(notifications, t -> new ArrayList<>()).add(alarm.getAlarmArn());
        if (rule.triggersRetrain()) {
            alarm.addAlarmAction(new SnsAction(retrainRequests));
            publishers.computeIfAbsent(retrainRequests, t -> new ArrayList<>()).add(alarm.getAlarmArn());
        }
        return alarm;
    }

    public Topic notifications() {
        return notifications;
    }

    public Topic retrainRequests() {
        return retrainRequests;
    }

    /** Each model's alarms: its {@link AlarmRules#forModel} rules in order, ModelSwapFailed, then QualityStale. */
    public Map<String, List<Alarm>> modelAlarms() {
        return modelAlarms;
    }

    /**
     * Each model's slice alarms ({@link AlarmRules#forSlices}: the {@code sliceThresholds} of its configuration),
     * watching {model, slice}; they notify only.
     */
    public Map<String, List<Alarm>> sliceAlarms() {
        return sliceAlarms;
    }

    /** Predict 5xx rate and p99 latency, the dead-letter alarms, then those added by {@link #serviceAlarm}. */
    public List<Alarm> serviceAlarms() {
        return serviceAlarms;
    }

    /** The capture path's alarms: CaptureDropped per model, then CaptureDeliveryErrors and CaptureFreshness. */
    public List<Alarm> captureAlarms() {
        return captureAlarms;
    }

    /** The alarms that roll back a predict canary: 5xx rate and p99 latency. */
    public List<Alarm> rollbackAlarms() {
        return rollbackAlarms;
    }
}
