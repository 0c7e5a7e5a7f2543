package dev.vigil.evaluate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.dataset.DatasetColumns;
import dev.vigil.dataset.DatasetWindow;
import dev.vigil.drift.DriftThresholds;
import dev.vigil.json.Json;
import dev.vigil.model.ModelRef;
import dev.vigil.report.ConfidenceLevel;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * Reads the evaluate function's input JSON into an {@link Invocation}: an EventBridge scheduled event (model from
 * its {@code detail} or {@code VIGIL_MODEL_NAME}), a direct invoke with overrides, or one of the Step Functions modes
 * ({@code plan}, {@code shard}, {@code merge}, {@code abort}). Invalid input raises {@link IllegalArgumentException}
 * with a message that names the field.
 */
public final class EvaluateEvent {
    private EvaluateEvent() {}

    /** As {@link #parse(byte[], String, double)} with 95% intervals when the event sets no level. */
    public static Invocation parse(byte[] json, String defaultModel) {
        return parse(json, defaultModel, EvaluationOptions.DEFAULT.confidenceLevel());
    }

    /**
     * The invocation {@code json} asks for; a run or plan whose options set no {@code confidenceLevel} gets
     * {@code defaultLevel} ({@code VIGIL_CONFIDENCE_LEVEL}).
     */
    public static Invocation parse(byte[] json, String defaultModel, double defaultLevel) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("the event is not JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("the event must be a JSON object");
        }
        boolean scheduled = "aws.events".equals(root.path("source").asText())
                && "Scheduled Event".equals(root.path("detail-type").asText());
        String mode = scheduled ? "run" : text(root, "mode");
        try {
            return switch (mode == null ? "run" : mode) {
                case "run" -> new Invocation.Run(request(scheduled ? root.path("detail") : root, defaultModel,
                        defaultLevel));
                case "plan" -> new Invocation.Plan(request(root, defaultModel, defaultLevel),
                        root.path("shardBytes").asLong(Evaluation.DEFAULT_SHARD_BYTES));
                case "shard" -> new Invocation.Shard(Json.MAPPER.treeToValue(planned(root), ShardItem.class));
                case "merge" -> new Invocation.Merge(run(root), states(root.get("states")),
                        root.path("shardCount").asInt(0));
                case "abort" -> root.has("run") ? new Invocation.Abort(run(root), error(root.get("error")))
                        : abortUnplanned(root, defaultModel, defaultLevel);
                default -> throw new IllegalArgumentException("unknown mode '" + mode
                        + "': expected run, plan, shard, merge or abort");
            };
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the " + mode + " event is malformed: " + e.getOriginalMessage(), e);
        }
    }

    private static RunRequest request(JsonNode body, String defaultModel, double defaultLevel) {
        String model = text(body, "model");
        if (model == null) {
            model = defaultModel;
        }
        if (model == null) {
            throw new IllegalArgumentException("no model to evaluate: the event names none and VIGIL_MODEL_NAME is "
                    + "not set");
        }
        requireSafe("model", model);
        String version = text(body, "version");
        if (version != null) {
            requireSafe("version", version);
        }
        String runId = text(body, "runId");
        if (runId != null) {
            requireSafe("runId", runId);
        }
        JsonNode dataset = body.has("dataset") ? body.path("dataset") : body;
        String prefix = text(dataset, "prefix");
        if (prefix != null && !prefix.endsWith("/")) {
            prefix = prefix + "/";
        }
        DatasetWindow window = window(body.path("window"));
        List<String> keys = strings(dataset.get("keys"), "dataset.keys");
        if (!keys.isEmpty()) {
            if (window != null) {
                throw new IllegalArgumentException("give either dataset.keys or a window, not both");
            }
            window = new DatasetWindow.Keys(keys);
        }
        JsonNode challenger = body.path("challenger");
        if (!challenger.isMissingNode() && !challenger.isBoolean()) {
            throw new IllegalArgumentException("challenger must be true or false");
        }
        return new RunRequest(model, version, prefix, window, options(body.path("options"), defaultLevel), runId,
                traffic(body, text(body, "source")), challenger.asBoolean(false));
    }

    /**
     * The served-traffic part of a request: {@code "source": "traffic"} with {@code "traffic": {"start", "end"}} or
     * {@code {"length", "labelDelay", "alignTo"}} (defaults P1D, P7D, PT1H) and an optional {@code "shadow"} list;
     * {@code "source": "capture"} with {@code "capture": {"length", "settle", "alignTo"}} (defaults PT1H, PT15M, and
     * the length up to an hour). Null for labelled data ({@code "source"} absent or {@code "labelled"}).
     */
    private static TrafficRequest traffic(JsonNode body, String source) {
        if (source == null || source.equals("labelled")) {
            return null;
        }
        TrafficRequest.Source kind = switch (source) {
            case "traffic" -> TrafficRequest.Source.TRAFFIC;
            case "capture" -> TrafficRequest.Source.CAPTURE;
            default -> throw new IllegalArgumentException("source must be labelled, traffic or capture, was '"
                    + source + "'");
        };
        JsonNode w = body.path(kind.code());
        if (!w.isMissingNode() && !w.isObject()) {
            throw new IllegalArgumentException(kind.code() + " must be an object naming the window");
        }
        List<String> shadow = strings(body.get("shadow"), "shadow");
        shadow.forEach(v -> requireSafe("shadow", v));
        if (kind == TrafficRequest.Source.CAPTURE && !shadow.isEmpty()) {
            throw new IllegalArgumentException("shadow versions are scored on joined traffic: use source traffic");
        }
        Instant start = instant(w, kind.code() + ".start");
        Instant end = instant(w, kind.code() + ".end");
        boolean traffic = kind == TrafficRequest.Source.TRAFFIC;
        Duration length = duration(w, "length", kind, traffic ? Duration.ofDays(1) : Duration.ofHours(1));
        Duration delay = traffic ? duration(w, "labelDelay", kind, Duration.ofDays(7))
                : duration(w, "settle", kind, Duration.ofMinutes(15));
        Duration hour = Duration.ofHours(1);
        Duration alignTo = duration(w, "alignTo", kind, traffic || length.compareTo(hour) > 0 ? hour : length);
        return new TrafficRequest(kind, start, end, length, delay, alignTo, shadow);
    }

    private static Instant instant(JsonNode node, String field) {
        String text = text(node, field.substring(field.indexOf('.') + 1));
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(field + " must be an ISO-8601 instant such as 2026-12-01T00:00:00Z, "
                    + "was '" + text + "'", e);
        }
    }

    private static Duration duration(JsonNode node, String field, TrafficRequest.Source kind, Duration fallback) {
        String text = text(node, field);
        if (text == null) {
            return fallback;
        }
        try {
            return Duration.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(kind.code() + "." + field + " must be an ISO-8601 duration such as "
                    + "PT1H or P7D, was '" + text + "'", e);
        }
    }

    /**
     * The abort of a run whose plan failed: {@code {"mode": "abort", "runId": <execution name>, "request": <the state
     * machine input>, "error": ...}}.
     */
    private static Invocation.AbortUnplanned abortUnplanned(JsonNode root, String defaultModel, double defaultLevel) {
        String runId = text(root, "runId");
        JsonNode request = root.get("request");
        if (runId == null || request == null || !request.isObject()) {
            throw new IllegalArgumentException("an abort event needs the plan's \"run\" object, or the \"runId\" "
                    + "and \"request\" (the state machine input) of a run that was never planned");
        }
        requireSafe("runId", runId);
        return new Invocation.AbortUnplanned(runId, request(request, defaultModel, defaultLevel),
                error(root.get("error")));
    }

    /**
     * {@code {"lastDays": 7}}, {@code {"lastPartitions": 3}}, {@code {"keys": [...]}} or
     * {@code {"everything": true}}; null when absent.
     */
    static DatasetWindow window(JsonNode w) {
        if (w.isMissingNode() || w.isNull()) {
            return null;
        }
        if (w.has("lastDays")) {
            return new DatasetWindow.LastDays(positive(w, "lastDays"));
        }
        if (w.has("lastPartitions")) {
            return new DatasetWindow.LastPartitions(positive(w, "lastPartitions"));
        }
        if (w.has("keys")) {
            return new DatasetWindow.Keys(strings(w.get("keys"), "window.keys"));
        }
        if (w.path("everything").asBoolean(false)) {
            return new DatasetWindow.Everything();
        }
        throw new IllegalArgumentException("window must be {\"lastDays\": N}, {\"lastPartitions\": N}, "
                + "{\"keys\": [...]} or {\"everything\": true}, was " + w);
    }

    private static EvaluationOptions options(JsonNode o, double defaultLevel) {
        EvaluationOptions d = EvaluationOptions.DEFAULT.withConfidenceLevel(defaultLevel);
        if (o.isMissingNode() || o.isNull()) {
            return d;
        }
        JsonNode level = o.path("confidenceLevel");
        boolean none = level.isTextual() && level.asText().strip().toLowerCase(Locale.ROOT).equals("none");
        if (!level.isMissingNode() && !level.isNumber() && !none) {
            throw new IllegalArgumentException("options.confidenceLevel must be a number, e.g. 0.95 for 95%"
                    + " intervals, or \"none\" for no intervals, was " + level);
        }
        JsonNode c = o.path("columns");
        DatasetColumns columns = new DatasetColumns(textOr(c, "label", d.columns().label()),
                textOr(c, "id", d.columns().id()), text(c, "timestamp"), text(c, "weight"));
        JsonNode drift = o.path("drift");
        DriftThresholds thresholds = new DriftThresholds(drift.path("psi").asDouble(d.driftThresholds().psi()),
                drift.path("ks").asDouble(d.driftThresholds().ks()));
        return new EvaluationOptions(columns, o.path("minimumSampleSize").asLong(d.minimumSampleSize()),
                o.path("maxRejectedFraction").asDouble(d.maxRejectedFraction()),
                o.path("batchSize").asInt(d.batchSize()), thresholds,
                drift.path("sampleCapacity").asInt(d.driftSampleCapacity()),
                none ? Double.NaN
                        : ConfidenceLevel.require("options.confidenceLevel", level.asDouble(d.confidenceLevel())));
    }

    private static RunPlan run(JsonNode root) throws JsonProcessingException {
        return Json.MAPPER.treeToValue(planned(root).get("run"), RunPlan.class);
    }

    /** {@code root}, once it is known to carry the plan's {@code run} object. */
    private static JsonNode planned(JsonNode root) {
        JsonNode run = root.get("run");
        if (run == null || !run.isObject()) {
            throw new IllegalArgumentException("a " + text(root, "mode") + " event needs the plan's \"run\" object");
        }
        return root;
    }

    /** Shard outputs, each as returned or wrapped in a Lambda invoke task's {@code Payload}; null when absent. */
    private static List<ShardOutput> states(JsonNode states) throws JsonProcessingException {
        if (states == null || states.isNull()) {
            return null;
        }
        if (!states.isArray()) {
            throw new IllegalArgumentException("states must be an array of shard outputs");
        }
        List<ShardOutput> outputs = new ArrayList<>();
        for (JsonNode state : states) {
            JsonNode output = state.has("Payload") ? state.get("Payload") : state;
            ShardOutput parsed = Json.MAPPER.treeToValue(output, ShardOutput.class);
            if (parsed.shard() == null || parsed.stateKey() == null) {
                throw new IllegalArgumentException("each state needs \"shard\" and \"stateKey\", got " + output);
            }
            outputs.add(parsed);
        }
        return outputs;
    }

    /** A Step Functions error ({@code {"Error": ..., "Cause": ...}}) or plain text. */
    private static String error(JsonNode error) {
        if (error == null || error.isNull()) {
            return "the sharded run failed (no error given)";
        }
        if (error.isTextual()) {
            return error.asText();
        }
        String name = text(error, "Error");
        String cause = text(error, "Cause");
        return (name == null ? "error" : name) + (cause == null ? "" : ": " + cause);
    }

    private static List<String> strings(JsonNode array, String field) {
        if (array == null || array.isNull()) {
            return List.of();
        }
        if (!array.isArray()) {
            throw new IllegalArgumentException(field + " must be an array of strings");
        }
        List<String> values = new ArrayList<>();
        for (Iterator<JsonNode> it = array.elements(); it.hasNext();) {
            JsonNode v = it.next();
            if (!v.isTextual() || v.asText().isBlank()) {
                throw new IllegalArgumentException(field + " must hold non-empty strings, found " + v);
            }
            values.add(v.asText());
        }
        return values;
    }

    private static int positive(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (!v.canConvertToInt() || v.asInt() < 1) {
            throw new IllegalArgumentException("window." + field + " must be a positive integer, was " + v);
        }
        return v.asInt();
    }

    private static void requireSafe(String field, String value) {
        if (!ModelRef.isSafe(value)) {
            throw new IllegalArgumentException(field + " must match [A-Za-z0-9][A-Za-z0-9._-]{0,127}, was '"
                    + value + "'");
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() || v.asText().isBlank() ? null : v.asText().trim();
    }

    private static String textOr(JsonNode node, String field, String fallback) {
        String v = text(node, field);
        return v == null ? fallback : v;
    }
}
