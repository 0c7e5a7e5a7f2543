package dev.vigil.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.json.Json;
import dev.vigil.model.OutputFormat;
import dev.vigil.model.Task;
import dev.vigil.registry.ModelDraft;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * The manifest of a version to register, from a JSON file ({@code --manifest}), from flags, or from both: flags
 * override the file's fields. Field names in the file are those of {@link dev.vigil.model.ModelManifest}; a
 * {@code sha256} in the file must match the artifact.
 */
final class ManifestOptions {
    @Option(names = "--manifest", paramLabel = "FILE",
            description = "Manifest JSON (fields of a stored manifest.json; sha256 optional). Flags override it.")
    Path file;

    @Option(names = "--name", paramLabel = "NAME", converter = SafeName.class, description = "Model name.")
    String name;

    @Option(names = "--version", paramLabel = "VERSION", converter = SafeName.class,
            description = "Version label, never reused.")
    String version;

    @Option(names = "--task", paramLabel = "TASK", converter = TaskConverter.class,
            description = "binary, multiclass or regression.")
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
            // a value a manifest type refused (IllegalArgumentException) says what is wrong in Vigil's words
            throw CommandFailure.usage("invalid manifest: " + (e.getCause() instanceof IllegalArgumentException refused
                    ? refused.getMessage() : e.getOriginalMessage()));
        }
    }

    private ObjectNode readFile() {
        try {
            JsonNode parsed = Json.MAPPER.readTree(Files.readAllBytes(file));
            if (parsed instanceof ObjectNode object) {
                return object;
            }
            throw CommandFailure.usage("--manifest " + file + " is not a JSON object");
        } catch (JsonProcessingException e) {
            throw CommandFailure.usage("--manifest " + file + " is not valid JSON: " + e.getOriginalMessage());
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

    /** Accepts the manifest's names ({@code binary_classification}) and the short ones ({@code binary}). */
    static final class TaskConverter implements ITypeConverter<Task> {
        private static final Map<String, Task> SHORT = Map.of(
                "binary", Task.BINARY_CLASSIFICATION, "multiclass", Task.MULTICLASS_CLASSIFICATION);

        @Override
        public Task convert(String value) {
            Task shortName = SHORT.get(value.toLowerCase(Locale.ROOT));
            return shortName != null ? shortName
                    : jsonEnum(value, Task.class, "binary, multiclass or regression");
        }
    }

    /** Accepts the manifest's names of {@link OutputFormat}, in any case. */
    static final class OutputFormatConverter implements ITypeConverter<OutputFormat> {
        @Override
        public OutputFormat convert(String value) {
            return jsonEnum(value, OutputFormat.class, "probabilities, logits, label_and_probabilities or value");
        }
    }

    private static <E extends Enum<E>> E jsonEnum(String value, Class<E> type, String expected) {
        try {
            return Json.MAPPER.convertValue(value.toLowerCase(Locale.ROOT), type);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException("'" + value + "' is not one of " + expected);
        }
    }
}
