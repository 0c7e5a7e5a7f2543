package dev.vigil.capture;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.json.Json;
import dev.vigil.model.ModelRef;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * What capture keeps of each model's served predictions: the share of prediction ids sampled (by
 * {@link IdHash#sampledAt}, so one id always gets the same decision), the features left out, and the features written
 * as pseudonyms. Read from {@code VIGIL_CAPTURE_POLICY}, a JSON object keyed by model name, with {@code "*"} for
 * every model not named:
 * <pre>{"churn": {"sample": 0.25, "drop": ["age"], "pseudonymise": ["postcode"]}, "*": {"sample": 1.0}}</pre>
 * A model the policy does not name (and no {@code "*"}) is captured whole: sample 1.0, nothing dropped. Immutable.
 */
public final class CapturePolicy {
    /** The key that applies to every model not named. */
    public static final String EVERY_OTHER_MODEL = "*";
    /** Every prediction of every model, nothing left out. */
    public static final CapturePolicy DEFAULT = new CapturePolicy(Map.of());

    private static final Set<String> FIELDS = Set.of("sample", "drop", "pseudonymise");

    private final Map<String, ModelPolicy> models;

    private CapturePolicy(Map<String, ModelPolicy> models) {
        this.models = Map.copyOf(models);
    }

    /** One model's policy. */
    public record ModelPolicy(double sampleRate, List<String> drop, List<String> pseudonymise) {
        /** Sample 1.0, nothing dropped or pseudonymised. */
        public static final ModelPolicy WHOLE = new ModelPolicy(1.0, List.of(), List.of());

        public ModelPolicy {
            if (!(sampleRate >= 0 && sampleRate <= 1)) {
                throw new IllegalArgumentException("a sample rate is 0 to 1: " + sampleRate);
            }
            drop = List.copyOf(new LinkedHashSet<>(drop));
            pseudonymise = List.copyOf(new LinkedHashSet<>(pseudonymise));
            for (String name : drop) {
                if (pseudonymise.contains(name)) {
                    throw new IllegalArgumentException("feature \"" + name + "\" is both dropped and pseudonymised");
                }
            }
        }

        /** Whether the prediction with this id hash is captured. */
        public boolean sampled(IdHash id) {
            return sampleRate >= 1.0 || id.sampledAt(sampleRate);
        }

        /** True when no prediction is captured, whatever its id: {@link #sampled} answers false for every hash. */
        public boolean samplesNothing() {
            return sampleRate == 0.0;
        }
    }

    /** A policy of the given models' policies ({@value #EVERY_OTHER_MODEL} for every other model). */
    public static CapturePolicy of(Map<String, ModelPolicy> models) {
        for (String model : models.keySet()) {
            requireModelKey(model);
        }
        return new CapturePolicy(models);
    }

    /**
     * Reads the JSON form.
     *
     * @throws IllegalArgumentException saying what is wrong, in terms of the JSON
     */
    public static CapturePolicy parse(String json) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the capture policy is not JSON");
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("the capture policy is a JSON object keyed by model name");
        }
        Map<String, ModelPolicy> models = new TreeMap<>();
        for (Map.Entry<String, JsonNode> entry : root.properties()) {
            String model = entry.getKey();
            requireModelKey(model);
            JsonNode node = entry.getValue();
            if (!node.isObject()) {
                throw new IllegalArgumentException("the policy of " + model + " is an object like {\"sample\": 0.5}");
            }
            for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!FIELDS.contains(name)) {
                    throw new IllegalArgumentException("the policy of " + model + " has \"" + name
                            + "\"; its fields are sample, drop and pseudonymise");
                }
            }
            JsonNode sample = node.get("sample");
            if (sample != null && (!sample.isNumber() || sample.asDouble() < 0 || sample.asDouble() > 1)) {
                throw new IllegalArgumentException("the sample of " + model + " is a number from 0 to 1");
            }
            try {
                models.put(model, new ModelPolicy(sample == null ? 1.0 : sample.asDouble(),
                        names(node.get("drop"), model, "drop"),
                        names(node.get("pseudonymise"), model, "pseudonymise")));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("the policy of " + model + ": " + e.getMessage());
            }
        }
        return new CapturePolicy(models);
    }

    /** The policy of {@code model}: its own, else {@value #EVERY_OTHER_MODEL}'s, else {@link ModelPolicy#WHOLE}. */
    public ModelPolicy forModel(String model) {
        ModelPolicy own = models.get(model);
        if (own != null) {
            return own;
        }
        return models.getOrDefault(EVERY_OTHER_MODEL, ModelPolicy.WHOLE);
    }

    /** True when some model's features are pseudonymised, so a key must be configured. */
    public boolean pseudonymises() {
        return models.values().stream().anyMatch(m -> !m.pseudonymise().isEmpty());
    }

    /** The JSON form, which {@link #parse} reads back as an equal policy. */
    public String toJson() {
        ObjectNode root = Json.MAPPER.createObjectNode();
        new TreeMap<>(models).forEach((model, policy) -> {
            ObjectNode node = root.putObject(model);
            node.put("sample", policy.sampleRate());
            if (!policy.drop().isEmpty()) {
                ArrayNode drop = node.putArray("drop");
                policy.drop().forEach(drop::add);
            }
            if (!policy.pseudonymise().isEmpty()) {
                ArrayNode pseudonymise = node.putArray("pseudonymise");
                policy.pseudonymise().forEach(pseudonymise::add);
            }
        });
        return root.toString();
    }

    private static List<String> names(JsonNode node, String model, String field) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new IllegalArgumentException("the " + field + " list of " + model + " is an array of feature names");
        }
        List<String> names = new ArrayList<>();
        for (JsonNode name : node) {
            if (!name.isTextual() || name.asText().isEmpty()) {
                throw new IllegalArgumentException("the " + field + " list of " + model + " holds feature names");
            }
            names.add(name.asText());
        }
        return names;
    }

    private static void requireModelKey(String model) {
        if (!EVERY_OTHER_MODEL.equals(model) && !ModelRef.isSafe(model)) {
            throw new IllegalArgumentException("\"" + model + "\" is not a model name (or \"*\" for every other)");
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CapturePolicy policy && policy.models.equals(models);
    }

    @Override
    public int hashCode() {
        return Objects.hash(models);
    }

    @Override
    public String toString() {
        return toJson();
    }
}
