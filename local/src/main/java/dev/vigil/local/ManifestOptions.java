package dev.vigil.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.json.Json;
import dev.vigil.model.OutputFormat;
import dev.vigil.model.Task;
import dev.vigil.registry.ModelDraft;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * The manifest of a version to register, from a JSON file ({@code --manifest}), from flags, or from both: flags
 * override the file's fields. Field names in the file are those of {@link dev.vigil.model.ModelManifest}; a
 * {@code sha256} in the file must match the artifact. Feature names and labels are trimmed and must be non-empty and
 * unique; task and output format take the same words as the flags ({@link Task#parse}, {@link OutputFormat#parse});
 * a field the manifest does not have is refused, so a misspelt one is not silently ignored.
 */
final class ManifestOptions {
    @Option(names = "--manifest", paramLabel = "FILE",
            description = "Manifest JSON (fields of a stored manifest.json; sha256 optional). Flags override it.")
    Path file;

    @Option(names = "--name", paramLabel = "NAME", converter = SafeName.class,
            description = "Model name (the same as the MODEL argument).")
    String name;

    @Option(names = "--version", paramLabel = "VERSION", converter = SafeName.class,
            description = "Version label, never reused (the same as the VERSION argument).")
    String version;

    @Option(names = "--task", paramLabel = "TASK", converter = TaskConverter.class,
            description = "binary, multiclass or regression (or binary_classification, multiclass_classification,"
                    + " as in a manifest).")
    Task task;

    @Option(names = "--features", split = ",", paramLabel = "A,B,C",
            description = "Feature names in the model's input column order.")
    List<String> features;

    @Option(names = "--labels", split = ",", paramLabel = "X,Y",
            description = "Class labels in output column order (binary: negative,positive).")
    List<String> labels;

    @Option(names = "--output-format", paramLabel = "FORMAT", converter = OutputFormatConverter.class,
            description = "probabilities, logits, label_and_probabilities or value (default: value for regression,"
                    + " else probabilities).")
    OutputFormat outputFormat;

    @Option(names = "--scores-output", paramLabel = "OUTPUT",
            description = "Name of the ONNX output holding probabilities, logits or values (default: the first"
                    + " float output).")
    String scoresOutput;

    @Option(names = "--label-output", paramLabel = "OUTPUT",
            description = "Name of the label output, for label_and_probabilities.")
    String labelOutput;

    @Option(names = "--threshold", paramLabel = "P",
            description = "Binary decision threshold on the positive-class probability (default 0.5).")
    Double threshold;

    @Option(names = "--training-data", paramLabel = "URI", description = "Where the training data came from.")
    String trainingData;

    @Option(names = "--provenance", paramLabel = "KEY=VALUE",
            description = "How the model was made (algorithm, commit, ...); repeatable.")
    Map<String, String> provenance;

    /** The draft to register for an artifact whose SHA-256 is {@code sha256}. */
    ModelDraft draft(String sha256) {
        ObjectNode node = file == null ? Json.MAPPER.createObjectNode() : readFile();
        JsonNode recorded = node.remove("sha256");
        if (recorded != null && !recorded.isNull() && !sha256.equals(recorded.asText())) {
            throw CommandFailure.refused("--manifest " + file + " records sha256 " + recorded.asText()
                    + " but the model file's is " + sha256 + "; is this the manifest of another file?");
        }
        set(node, "name", name);
        set(node, "version", version);
        set(node, "task", task);
        set(node, "features", features);
        set(node, "labels", labels);
        requireKnownFields(node);
        cleanNames(node, "features", "feature name");
        cleanNames(node, "labels", "label");
        set(node, "decisionThreshold", threshold);
        set(node, "trainingData", trainingData);
        if (outputFormat != null || scoresOutput != null || labelOutput != null) {
            ObjectNode output = node.withObjectProperty("output");
            set(output, "format", outputFormat);
            set(output, "scoresOutput", scoresOutput);
            set(output, "labelOutput", labelOutput);
        }
        if (provenance != null) {
            provenance.forEach((key, value) -> node.withObjectProperty("provenance").put(key, value));
        }
        require(node, "name", "--name");
        require(node, "version", "--version");
        require(node, "task", "--task");
        require(node, "features", "--features");
        try {
            return Json.MAPPER.treeToValue(node, ModelDraft.class);
        } catch (JsonProcessingException e) {
            throw CommandFailure.usage("invalid manifest: " + describe(e));
        }
    }

    /**
     * What is wrong, in Vigil's words: the message of the manifest type that refused a value, else which field has
     * which wrong shape. Never the JSON library's own message, which names Java classes.
     */
    private static String describe(JsonProcessingException e) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof IllegalArgumentException refused && refused.getMessage() != null) {
                return refused.getMessage();
            }
        }
        String field = e instanceof JsonMappingException mapping ? mapping.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[") : "";
        String shape = SHAPES.get(field.contains(".") ? field.substring(0, field.indexOf('.')) : field);
        return field.isEmpty() ? "the manifest does not have the shape of a manifest"
                : "\"" + field + "\" has the wrong type" + (shape == null ? "" : "; it must be " + shape);
    }

    /** The manifest's fields and the JSON shape of each, for messages. */
    private static final Map<String, String> SHAPES = shapes();

    private static Map<String, String> shapes() {
        Map<String, String> shapes = new LinkedHashMap<>();
        shapes.put("name", "a string");
        shapes.put("version", "a string");
        shapes.put("task", "one of " + Task.SPELLINGS);
        shapes.put("features", "a list of strings, e.g. [\"amount\", \"hour\"]");
        shapes.put("labels", "a list of strings, e.g. [\"legit\", \"fraud\"]");
        shapes.put("output", "an object such as {\"format\": \"probabilities\"} (also \"scoresOutput\","
                + " \"labelOutput\")");
        shapes.put("decisionThreshold", "a number between 0 and 1");
        shapes.put("createdAt", "an ISO-8601 instant such as \"2026-01-31T00:00:00Z\"");
        shapes.put("trainingData", "a string (a URI or dataset id)");
        shapes.put("baseline", "an object {\"rows\", \"features\", \"prediction\"} as Vigil writes it");
        shapes.put("provenance", "an object of strings, e.g. {\"algorithm\": \"xgboost\"}");
        shapes.put("sha256", "the artifact's SHA-256 as 64 lowercase hex characters");
        return shapes;
    }

    private void requireKnownFields(ObjectNode node) {
        List<String> unknown = new ArrayList<>();
        for (Map.Entry<String, JsonNode> property : node.properties()) {
            String field = property.getKey();
            if (!SHAPES.containsKey(field)) {
                unknown.add(field);
            }
        }
        if (!unknown.isEmpty()) {
            throw CommandFailure.usage("invalid manifest" + (file == null ? "" : " " + file) + ": no field named "
                    + unknown.stream().map(f -> "\"" + f + "\"").collect(Collectors.joining(", "))
                    + "; a manifest has " + String.join(", ", SHAPES.keySet()));
        }
    }

    /** Trims each name in the list {@code field}; refuses empty and repeated names, naming them. */
    private static void cleanNames(ObjectNode node, String field, String what) {
        JsonNode list = node.get(field);
        if (list == null || list.isNull()) {
            return;
        }
        if (!list.isArray()) {
            throw CommandFailure.usage("invalid manifest: \"" + field + "\" must be " + SHAPES.get(field));
        }
        ArrayNode cleaned = Json.MAPPER.createArrayNode();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode item = list.get(i);
            if (!item.isTextual()) {
                throw CommandFailure.usage("invalid manifest: " + what + " " + (i + 1) + " of " + field + " is "
                        + item + ", not a string");
            }
            String trimmed = item.asText().strip();
            if (trimmed.isEmpty()) {
                throw CommandFailure.usage("invalid manifest: " + what + " " + (i + 1) + " of " + field
                        + " is empty (" + list + ")");
            }
            if (!seen.add(trimmed)) {
                throw CommandFailure.usage("invalid manifest: " + what + " '" + trimmed + "' appears twice in "
                        + field);
            }
            cleaned.add(trimmed);
        }
        node.set(field, cleaned);
    }

    private ObjectNode readFile() {
        try {
            JsonNode parsed = Json.MAPPER.readTree(Files.readAllBytes(file));
            if (parsed instanceof ObjectNode object) {
                return object;
            }
            throw CommandFailure.usage("--manifest " + file + " is not a JSON object");
        } catch (JsonProcessingException e) {
            throw CommandFailure.usage("--manifest " + file + " is not valid JSON" + (e.getLocation() == null ? ""
                    : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")"));
        } catch (IOException e) {
            throw CommandFailure.usage("--manifest " + file + " cannot be read: " + e);
        }
    }

    private static void set(ObjectNode node, String field, Object value) {
        if (value != null) {
            node.set(field, Json.MAPPER.valueToTree(value));
        }
    }

    private void require(ObjectNode node, String field, String flag) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull() || (value.isContainerNode() && value.isEmpty())) {
            throw CommandFailure.usage("missing " + flag + (file == null ? "" : " (or \"" + field + "\" in " + file
                    + ")"));
        }
    }

    /** {@link Task#parse}: the same words as a manifest. */
    static final class TaskConverter implements ITypeConverter<Task> {
        @Override
        public Task convert(String value) {
            try {
                return Task.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** {@link OutputFormat#parse}: the same words as a manifest. */
    static final class OutputFormatConverter implements ITypeConverter<OutputFormat> {
        @Override
        public OutputFormat convert(String value) {
            try {
                return OutputFormat.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
