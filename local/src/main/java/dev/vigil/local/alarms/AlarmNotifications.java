package dev.vigil.local.alarms;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.alarms.AlarmRule;
import dev.vigil.alarms.AlarmStatistic;
import dev.vigil.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.UUID;

/**
 * The notification CloudWatch sends through SNS when an alarm changes state: an SNS event whose record carries the
 * CloudWatch alarm JSON as its message, in the shape of {@code events/retrain-trigger/sns-alarm.json}. The runner
 * hands it to the retrain-trigger handler as the SNS subscription would.
 */
public final class AlarmNotifications {
    /** The local stand-in for the stack's retrain-requests topic. */
    public static final String RETRAIN_TOPIC = "arn:aws:sns:local:000000000000:vigil-local-retrain-requests";
    private static final String ACCOUNT = "000000000000";
    private static final String NAMESPACE = "Vigil";
    private static final DateTimeFormatter ALARM_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ", Locale.ROOT).withZone(ZoneOffset.UTC);

    private AlarmNotifications() {}

    /** The SNS event delivering {@code transition} from {@code topicArn}; the period is the one it was evaluated on. */
    public static byte[] sns(AlarmTransition transition, Duration period, String topicArn) {
        ObjectNode record = Json.MAPPER.createObjectNode();
        record.put("EventSource", "aws:sns");
        record.put("EventVersion", "1.0");
        record.put("EventSubscriptionArn", topicArn + ":" + UUID.randomUUID());
        ObjectNode sns = record.putObject("Sns");
        sns.put("Type", "Notification");
        sns.put("MessageId", UUID.randomUUID().toString());
        sns.put("TopicArn", topicArn);
        sns.put("Subject", transition.to() + ": \"" + transition.alarmName() + "\" in local");
        byte[] message = Json.toBytes(alarmMessage(transition, period, topicArn));
        sns.put("Message", new String(message, StandardCharsets.UTF_8));
        sns.put("Timestamp", Instant.now().toString());
        sns.put("SignatureVersion", "1");
        sns.put("Signature", "local");
        sns.put("SigningCertUrl", "");
        sns.put("UnsubscribeUrl", "");
        sns.putObject("MessageAttributes");
        ObjectNode event = Json.MAPPER.createObjectNode();
        event.putArray("Records").add(record);
        return Json.toBytes(event);
    }

    private static ObjectNode alarmMessage(AlarmTransition t, Duration period, String topicArn) {
        AlarmRule rule = t.rule();
        ObjectNode alarm = Json.MAPPER.createObjectNode();
        alarm.put("AlarmName", t.alarmName());
        alarm.put("AlarmDescription", rule.description());
        alarm.put("AWSAccountId", ACCOUNT);
        alarm.put("AlarmConfigurationUpdatedTimestamp", ALARM_TIME.format(t.at()));
        alarm.put("NewStateValue", t.to().name());
        alarm.put("NewStateReason", t.reason());
        alarm.put("StateChangeTime", ALARM_TIME.format(t.at()));
        alarm.put("Region", "local");
        alarm.put("AlarmArn", "arn:aws:cloudwatch:local:" + ACCOUNT + ":alarm:" + t.alarmName());
        alarm.put("OldStateValue", t.from().name());
        alarm.putArray("OKActions");
        alarm.putArray("AlarmActions").add(topicArn);
        alarm.putArray("InsufficientDataActions");
        ObjectNode trigger = alarm.putObject("Trigger");
        trigger.put("MetricName", rule.metricName());
        trigger.put("Namespace", NAMESPACE);
        if (rule.statistic() == AlarmStatistic.P99) {
            trigger.put("StatisticType", "ExtendedStatistic");
            trigger.put("ExtendedStatistic", rule.statistic().cloudWatchName());
        } else {
            trigger.put("StatisticType", "Statistic");
            trigger.put("Statistic", rule.statistic().name());
        }
        trigger.putNull("Unit");
        ArrayNode dimensions = trigger.putArray("Dimensions");
        dimensions.addObject().put("value", t.model()).put("name", "model");
        trigger.put("Period", Math.max(1, period.toSeconds()));
        trigger.put("EvaluationPeriods", rule.evaluationPeriods());
        trigger.put("DatapointsToAlarm", rule.datapointsToAlarm());
        trigger.put("ComparisonOperator", rule.comparison().cloudWatchName());
        trigger.put("Threshold", rule.threshold());
        trigger.put("TreatMissingData", rule.missingData().cloudWatchName());
        trigger.put("EvaluateLowSampleCountPercentile", "");
        return alarm;
    }
}
