package dev.vigil.retrain.trigger;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.alarms.AlarmState;
import dev.vigil.json.Json;
import dev.vigil.model.ModelRef;
import dev.vigil.retrain.AlarmNotification;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises the event shapes the retrain trigger accepts: SNS events carrying CloudWatch alarm JSON in
 * {@code Records[].Sns.Message}, EventBridge {@code CloudWatch Alarm State Change} events, and run completions
 * (EventBridge {@code RetrainCompleted} and {@code Step Functions Execution Status Change}). Anything else becomes
 * a {@link TriggerEvent.Rejected} with the reason; parsing never throws.
 *
 * <p>The model comes from the {@code model} dimension of the alarm's metric (or of any metric of a metric-math
 * alarm). Composite alarms have no metric, so their name must follow {@code vigil-<model>-<purpose>}, where
 * {@code <purpose>} is the last dash-separated word (e.g. {@code vigil-churn-quality}, {@code vigil-fraud-v2-drift}
 * for model {@code fraud-v2}).
 */
final class EventParser {
    static final String ALARM_STATE_CHANGE = "CloudWatch Alarm State Change";
    static final String RETRAIN_COMPLETED = "RetrainCompleted";
    static final String STEP_FUNCTIONS_STATUS = "Step Functions Execution Status Change";
    static final Pattern COMPOSITE_NAME = Pattern.compile("vigil-(.+)-([A-Za-z0-9_]+)");

    private static final Set<String> FINAL_EXECUTION_STATUSES = Set.of("SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED");
    private static final DateTimeFormatter CLOUDWATCH_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSZ");
    private static final int EXCERPT_CHARS = 500;

    List<TriggerEvent> parse(byte[] raw) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(raw);
        } catch (IOException e) {
            return List.of(rejected("event is not JSON", raw));
        }
        if (root == null || !root.isObject()) {
            return List.of(rejected("event is not a JSON object", raw));
        }
        if (root.has("Records")) {
            return snsRecords(root, raw);
        }
        if (root.has("detail-type")) {
            return List.of(eventBridge(root, raw));
        }
        return List.of(rejected("neither an SNS event (Records) nor an EventBridge event (detail-type)", raw));
    }

    private List<TriggerEvent> snsRecords(JsonNode root, byte[] raw) {
        JsonNode records = root.get("Records");
        if (!records.isArray() || records.isEmpty()) {
            return List.of(rejected("SNS event has no records", raw));
        }
        List<TriggerEvent> events = new ArrayList<>();
        for (JsonNode record : records) {
            JsonNode sns = record.path("Sns");
            String message = sns.path("Message").asText(null);
            if (message == null) {
                events.add(rejected("SNS record has no Sns.Message", raw));
                continue;
            }
            JsonNode alarm = readJson(message);
            if (alarm == null || !alarm.isObject() || !alarm.has("AlarmName") || !alarm.has("NewStateValue")) {
                events.add(rejected("SNS message is not a CloudWatch alarm notification", raw));
                continue;
            }
            events.add(alarm(raw, () -> snsAlarm(alarm, sns.path("MessageId").asText(null))));
        }
        return events;
    }

    private static AlarmNotification snsAlarm(JsonNode alarm, String messageId) {
        ModelMetric found = modelFromSnsTrigger(alarm.path("Trigger"));
        String name = alarm.path("AlarmName").asText();
        String model = alarm.has("AlarmRule") && found == null ? modelFromCompositeName(name)
                : found == null ? null : found.model;
        return new AlarmNotification(name, AlarmState.parse(alarm.path("NewStateValue").asText(null)),
                alarm.hasNonNull("OldStateValue") ? AlarmState.parse(alarm.get("OldStateValue").asText()) : null,
                alarm.path("NewStateReason").asText(""), time(alarm.path("StateChangeTime").asText(null)),
                requireModel(model, name), found == null ? null : found.metric, messageId);
    }

    private static JsonNode readJson(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (IOException e) {
            return null;
        }
    }

    private TriggerEvent eventBridge(JsonNode root, byte[] raw) {
        String type = root.path("detail-type").asText();
        JsonNode detail = root.path("detail");
        return switch (type) {
            case ALARM_STATE_CHANGE -> alarm(raw, () -> {
                String name = detail.path("alarmName").asText(null);
                JsonNode configuration = detail.path("configuration");
                ModelMetric found = modelFromEventBridgeMetrics(configuration.path("metrics"));
                String model = configuration.has("alarmRule") && found == null ? modelFromCompositeName(name)
                        : found == null ? null : found.model;
                JsonNode previous = detail.path("previousState").path("value");
                return new AlarmNotification(name, AlarmState.parse(detail.path("state").path("value").asText(null)),
                        previous.isTextual() ? AlarmState.parse(previous.asText()) : null,
                        detail.path("state").path("reason").asText(""),
                        time(detail.path("state").path("timestamp").asText(null)), requireModel(model, name),
                        found == null ? null : found.metric, root.path("id").asText(null));
            });
            case RETRAIN_COMPLETED -> finished(detail.path("model").asText(null),
                    detail.path("executionId").asText(null), detail.path("status").asText("COMPLETED"),
                    detail.path("message").asText(null), raw);
            case STEP_FUNCTIONS_STATUS -> stepFunctionsStatus(detail, raw);
            default -> rejected("unsupported EventBridge detail-type '" + type + "'", raw);
        };
    }

    private TriggerEvent stepFunctionsStatus(JsonNode detail, byte[] raw) {
        String status = detail.path("status").asText("");
        if (!FINAL_EXECUTION_STATUSES.contains(status)) {
            return rejected("Step Functions execution status '" + status + "' is not final", raw);
        }
        JsonNode input = readJson(detail.path("input").asText("{}"));
        String model = input == null ? null : input.path("ModelName").asText(null);
        return finished(model, detail.path("executionArn").asText(null), status, null, raw);
    }

    private TriggerEvent finished(String model, String executionId, String status, String message, byte[] raw) {
        if (!ModelRef.isSafe(model) || executionId == null || executionId.isBlank()) {
            return rejected("run completion without a valid model and executionId", raw);
        }
        String said = message == null ? null : message.length() <= 1000 ? message : message.substring(0, 999) + "…";
        return new TriggerEvent.RetrainFinished(model, executionId, status, said);
    }

    private static TriggerEvent alarm(byte[] raw, AlarmReader reader) {
        try {
            return new TriggerEvent.AlarmChanged(reader.read());
        } catch (IllegalArgumentException e) {
            return rejected("alarm notification unusable: " + e.getMessage(), raw);
        }
    }

    private record ModelMetric(String model, String metric) {}

    private static ModelMetric modelFromSnsTrigger(JsonNode trigger) {
        Set<ModelMetric> found = new LinkedHashSet<>();
        addFromNameValueList(found, trigger.path("Dimensions"), trigger.path("MetricName").asText(null));
        for (JsonNode query : trigger.path("Metrics")) {
            JsonNode metric = query.path("MetricStat").path("Metric");
            addFromNameValueList(found, metric.path("Dimensions"), metric.path("MetricName").asText(null));
        }
        return single(found);
    }

    private static void addFromNameValueList(Set<ModelMetric> found, JsonNode dimensions, String metric) {
        for (JsonNode dimension : dimensions) {
            if ("model".equals(dimension.path("name").asText())) {
                found.add(new ModelMetric(dimension.path("value").asText(), metric));
            }
        }
    }

    private static ModelMetric modelFromEventBridgeMetrics(JsonNode metrics) {
        Set<ModelMetric> found = new LinkedHashSet<>();
        for (JsonNode query : metrics) {
            JsonNode metric = query.path("metricStat").path("metric");
            if (metric.path("dimensions").has("model")) {
                found.add(new ModelMetric(
                        metric.path("dimensions").path("model").asText(), metric.path("name").asText(null)));
            }
        }
        return single(found);
    }

    private static ModelMetric single(Set<ModelMetric> found) {
        long models = found.stream().map(ModelMetric::model).distinct().count();
        if (models > 1) {
            throw new IllegalArgumentException(
                    "alarm watches several models " + found.stream().map(ModelMetric::model).distinct().toList());
        }
        return found.isEmpty() ? null : found.iterator().next();
    }

    private static String modelFromCompositeName(String alarmName) {
        Matcher m = COMPOSITE_NAME.matcher(alarmName == null ? "" : alarmName);
        return m.matches() ? m.group(1) : null;
    }

    private static String requireModel(String model, String alarmName) {
        if (model == null) {
            throw new IllegalArgumentException("alarm '" + alarmName + "' has no 'model' metric dimension"
                    + " (composite alarms: name it vigil-<model>-<purpose>)");
        }
        if (!ModelRef.isSafe(model)) {
            throw new IllegalArgumentException("alarm '" + alarmName + "' names an invalid model '" + model + "'");
        }
        return model;
    }

    static Instant time(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("state-change time is missing");
        }
        try {
            return OffsetDateTime.parse(text, CLOUDWATCH_TIME).toInstant();
        } catch (DateTimeParseException notCloudWatchStyle) {
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("state-change time '" + text + "' is not a timestamp");
            }
        }
    }

    private static TriggerEvent.Rejected rejected(String reason, byte[] raw) {
        String text = new String(raw, StandardCharsets.UTF_8);
        String excerpt = text.length() > EXCERPT_CHARS ? text.substring(0, EXCERPT_CHARS) + "…" : text;
        return new TriggerEvent.Rejected(reason, excerpt);
    }

    @FunctionalInterface
    private interface AlarmReader {
        AlarmNotification read();
    }
}
