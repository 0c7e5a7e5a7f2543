package dev.vigil.retrain;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.json.Json;
import dev.vigil.model.ModelRef;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the AWS retraining workflow trains each model on and judges it by ({@code VIGIL_RETRAIN_MODELS}): a JSON
 * object keyed by model name, each like {@code {"source": "traffic", "length": "P7D", "labelDelay": "P7D",
 * "thresholds": {"F1Binary": 0.7}}} or {@code {"source": "labelled", "days": 7}}. The CDK app writes it from each
 * model's configuration, so the workflow reads the same windows and alarm thresholds the schedules and alarms use.
 *
 * @param models by model name
 */
public record WorkflowModels(Map<String, Model> models) {
    /** No models: every run fails saying the model is not configured for retraining. */
    public static final WorkflowModels NONE = new WorkflowModels(Map.of());

    public WorkflowModels {
        models = Map.copyOf(models);
    }

    /** Where a model's training rows come from. */
    public enum Source {
        /** Its served traffic of {@link Model#length}, ending {@link Model#labelDelay} before now, with labels. */
        TRAFFIC,
        /** Its labelled partitions of the last {@link Model#days} days. */
        LABELLED
    }

    /**
     * One model.
     *
     * @param source where its rows come from
     * @param length for traffic, how much serving time is trained on
     * @param labelDelay for traffic, how long labels are given to arrive: the window ends this long before now
     * @param days for labelled data, how many days of partitions
     * @param thresholds alarm threshold overrides by metric, which pick the gate's primary and guard metrics
     */
    public record Model(Source source, Duration length, Duration labelDelay, int days, Map<String, Double> thresholds) {
        public Model {
            Objects.requireNonNull(source, "source");
            thresholds = Map.copyOf(thresholds);
        }
    }

    /** The model called {@code name}, if configured. */
    public Optional<Model> model(String name) {
        return Optional.ofNullable(models.get(name));
    }

    /**
     * Reads the JSON form.
     *
     * @throws IllegalArgumentException naming the first field that is wrong
     */
    public static WorkflowModels parse(String json) {
        JsonNode root = Json.objectOf(json, "a JSON object keyed by model name");
        Map<String, Model> models = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : root.properties()) {
            String name = e.getKey();
            if (!ModelRef.isSafe(name)) {
                throw new IllegalArgumentException("'" + name + "' is not a model name");
            }
            models.put(name, model(name, e.getValue()));
        }
        return new WorkflowModels(models);
    }

    private static Model model(String name, JsonNode node) {
        if (!node.isObject()) {
            throw new IllegalArgumentException(name + ": an object such as {\"source\": \"traffic\"}");
        }
        String sourceText = node.path("source").asText("labelled").toLowerCase(Locale.ROOT);
        Source source = switch (sourceText) {
            case "traffic" -> Source.TRAFFIC;
            case "labelled" -> Source.LABELLED;
            default -> throw new IllegalArgumentException(name + ".source must be traffic or labelled, was '"
                    + sourceText + "'");
        };
        Duration length = duration(name, node, "length", Duration.ofDays(7));
        Duration delay = duration(name, node, "labelDelay", Duration.ofDays(7));
        int days = node.path("days").asInt(7);
        if (days < 1) {
            throw new IllegalArgumentException(name + ".days must be at least 1, was " + days);
        }
        Map<String, Double> thresholds = new LinkedHashMap<>();
        JsonNode t = node.path("thresholds");
        if (!t.isMissingNode()) {
            if (!t.isObject()) {
                throw new IllegalArgumentException(name + ".thresholds must be an object of metric: value");
            }
            for (Map.Entry<String, JsonNode> e : t.properties()) {
                if (!e.getValue().isNumber()) {
                    throw new IllegalArgumentException(name + ".thresholds." + e.getKey() + " must be a number");
                }
                thresholds.put(e.getKey(), e.getValue().asDouble());
            }
        }
        return new Model(source, length, delay, days, thresholds);
    }

    private static Duration duration(String name, JsonNode node, String field, Duration fallback) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        try {
            Duration d = Duration.parse(v.asText());
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + "." + field + " must be more than zero, was " + v.asText());
            }
            return d;
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + "." + field + " must be an ISO-8601 duration such as P7D, was '"
                    + v.asText() + "'", e);
        }
    }

    /** The JSON form {@link #parse} reads. */
    public String toJson() {
        Map<String, Object> out = new LinkedHashMap<>();
        models.forEach((name, m) -> {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("source", m.source().name().toLowerCase(Locale.ROOT));
            if (m.source() == Source.TRAFFIC) {
                o.put("length", m.length().toString());
                o.put("labelDelay", m.labelDelay().toString());
            } else {
                o.put("days", m.days());
            }
            if (!m.thresholds().isEmpty()) {
                o.put("thresholds", m.thresholds());
            }
            out.put(name, o);
        });
        return new String(Json.toBytes(out), StandardCharsets.UTF_8);
    }
}
