package dev.vigil.alarms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.json.Json;
import dev.vigil.model.ModelRef;
import dev.vigil.model.Task;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Per model, what its quality alarms are set to ({@code VIGIL_QUALITY_ALARMS}): a JSON object keyed by model name,
 * each like {@code {"thresholds": {"F1Binary": 0.7}, "alarmOn": "bound", "qualityDefaults": false}}. The CDK app
 * writes it from each model's configuration, so evaluate's report judges a run with the rules the CloudWatch alarms
 * apply. The key {@value #EVERY_OTHER_MODEL} stands for every model not named (the local runner's settings for models
 * its configuration does not list); a model neither names gets the default rules (default thresholds, on the bound);
 * {@code qualityDefaults} absent means on.
 *
 * @param models by model name
 */
public record QualityAlarms(Map<String, Model> models) {
    /** No model named: every model gets the default rules. */
    public static final QualityAlarms DEFAULTS = new QualityAlarms(Map.of());
    /** The key of the settings of every model not named. */
    public static final String EVERY_OTHER_MODEL = "*";

    public QualityAlarms {
        models = Map.copyOf(models);
    }

    /**
     * One model's alarm settings.
     *
     * @param thresholds threshold overrides by metric name (see {@link AlarmRules})
     * @param alarmOn what its quality alarms compare
     * @param qualityDefaults whether quality metrics without an override alarm at their task defaults (see
     *     {@link WatchedModel#qualityDefaults}); on when absent
     */
    public record Model(Map<String, Double> thresholds, AlarmOn alarmOn, Boolean qualityDefaults) {
        public Model {
            thresholds = thresholds == null ? Map.of() : Map.copyOf(thresholds);
            alarmOn = alarmOn == null ? AlarmOn.BOUND : alarmOn;
            qualityDefaults = qualityDefaults == null || qualityDefaults;
        }

        /** Settings with the quality defaults on. */
        public Model(Map<String, Double> thresholds, AlarmOn alarmOn) {
            this(thresholds, alarmOn, true);
        }
    }

    /** The same settings for every model. */
    public static QualityAlarms everyModel(Map<String, Double> thresholds, AlarmOn alarmOn) {
        return new QualityAlarms(Map.of(EVERY_OTHER_MODEL, new Model(thresholds, alarmOn)));
    }

    /** The alarm catalog's view of model {@code name} of {@code task}, watched on labelled data. */
    public WatchedModel watched(String name, Task task) {
        Model m = models.getOrDefault(name, models.getOrDefault(EVERY_OTHER_MODEL, new Model(null, null)));
        return new WatchedModel(name, task, m.thresholds(), null, false, m.alarmOn(), m.qualityDefaults());
    }

    /**
     * Reads the JSON form.
     *
     * @throws IllegalArgumentException naming the first field that is wrong
     */
    public static QualityAlarms parse(String json) {
        JsonNode root = Json.objectOf(json, "a JSON object keyed by model name");
        Map<String, Model> models = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : root.properties()) {
            String name = e.getKey();
            if (!ModelRef.isSafe(name) && !EVERY_OTHER_MODEL.equals(name)) {
                throw new IllegalArgumentException("'" + name + "' is not a model name");
            }
            JsonNode m = e.getValue();
            if (!m.isObject()) {
                throw new IllegalArgumentException(name + ": an object with thresholds and alarmOn");
            }
            Map<String, Double> thresholds = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> t : m.path("thresholds").properties()) {
                if (!t.getValue().isNumber()) {
                    throw new IllegalArgumentException(name + ".thresholds." + t.getKey() + " must be a number");
                }
                thresholds.put(t.getKey(), t.getValue().asDouble());
            }
            JsonNode on = m.get("alarmOn");
            JsonNode defaults = m.get("qualityDefaults");
            if (defaults != null && !defaults.isBoolean() && !defaults.isNull()) {
                throw new IllegalArgumentException(name + ".qualityDefaults must be true or false");
            }
            try {
                models.put(name, new Model(thresholds, on == null || on.isNull() ? null : AlarmOn.parse(on.asText()),
                        (defaults == null || defaults.isNull()) ? null : defaults.asBoolean()));
            } catch (IllegalArgumentException bad) {
                throw new IllegalArgumentException(name + ": " + bad.getMessage(), bad);
            }
        }
        return new QualityAlarms(models);
    }

    /** The JSON form {@link #parse} reads back, models and thresholds in name order. */
    public String toJson() {
        ObjectNode root = Json.MAPPER.createObjectNode();
        models.keySet().stream().sorted().forEach(name -> {
            Model m = models.get(name);
            ObjectNode node = root.putObject(name);
            ObjectNode thresholds = node.putObject("thresholds");
            m.thresholds().keySet().stream().sorted().forEach(k -> thresholds.put(k, m.thresholds().get(k)));
            node.put("alarmOn", m.alarmOn().configName());
            if (!m.qualityDefaults()) {
                node.put("qualityDefaults", false);
            }
        });
        return root.toString();
    }
}
