package dev.vigil.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** Reads and validates a {@code vigil.config.json}; unknown fields are errors, so a typo cannot silently do nothing. */
public final class VigilConfigFile {
    /** The configuration's file name: {@code infra/cdk/}'s for the CDK app, the working directory's locally. */
    public static final String FILE_NAME = "vigil.config.json";
    private static final ObjectMapper STRICT = Json.MAPPER.copy()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private VigilConfigFile() {}

    /**
     * The validated configuration in {@code file}.
     *
     * @throws InvalidConfigException when the file is missing, is not valid JSON, or has invalid fields
     */
    public static VigilConfig load(Path file) {
        return load(file, "create it (see infra/cdk/README.md) or pass another with -c vigilConfig=PATH");
    }

    /**
     * The validated configuration in {@code file}; {@code whenMissing} tells the reader what to do about a missing
     * file.
     *
     * @throws InvalidConfigException when the file is missing, is not valid JSON, or has invalid fields
     */
    public static VigilConfig load(Path file, String whenMissing) {
        String source = file.toAbsolutePath().normalize().toString();
        if (!Files.isRegularFile(file)) {
            throw new InvalidConfigException(source, List.of("file not found; " + whenMissing));
        }
        try {
            return parse(Files.readString(file), source);
        } catch (IOException e) {
            throw new InvalidConfigException(source, List.of("cannot be read: " + e.getMessage()));
        }
    }

    /** Parses and validates configuration JSON; {@code source} names it in error messages. */
    public static VigilConfig parse(String json, String source) {
        VigilConfig config;
        try {
            config = STRICT.readValue(json, VigilConfig.class);
        } catch (JsonMappingException e) {
            if (e.getCause() instanceof StreamReadException syntax) {
                throw notJson(source, syntax);
            }
            throw new InvalidConfigException(source, List.of(path(e) + firstLine(e.getOriginalMessage())));
        } catch (JsonProcessingException e) {
            throw notJson(source, e);
        }
        if (config == null) {
            throw new InvalidConfigException(source, List.of("is empty; it needs at least a models list"));
        }
        List<String> problems = config.problems();
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(source, problems);
        }
        return config;
    }

    private static InvalidConfigException notJson(String source, JsonProcessingException e) {
        return new InvalidConfigException(source, List.of("is not valid JSON: " + firstLine(e.getOriginalMessage())
                + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")")));
    }

    private static String path(JsonMappingException e) {
        String path = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? "." + ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining());
        return path.isEmpty() ? "" : path.substring(path.startsWith(".") ? 1 : 0) + ": ";
    }

    private static String firstLine(String message) {
        String line = message == null ? "" : message.lines().findFirst().orElse("");
        return line.replaceAll(" \\(for Object starting at.*", "")
                .replaceAll(" \\(start marker at .*", "")
                .replaceAll("`dev\\.vigil\\.[A-Za-z.]+\\$?", "`");
    }
}
