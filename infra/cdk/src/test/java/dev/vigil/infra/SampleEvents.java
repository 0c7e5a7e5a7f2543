package dev.vigil.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/** The sample events under the repository's {@code events/}: what the functions' own tests feed their handlers. */
final class SampleEvents {
    private SampleEvents() {}

    /** {@code events/<relative>} as JSON, e.g. {@code evaluate/plan.json}. */
    static ObjectNode read(String relative) {
        Path file = SynthesizedVigil.repoRoot().resolve("events").resolve(relative);
        try {
            return (ObjectNode) Json.MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read sample event " + file, e);
        }
    }

    /** {@code event} without {@code fields}. */
    static ObjectNode without(JsonNode event, String... fields) {
        ObjectNode copy = (ObjectNode) event.deepCopy();
        copy.remove(List.of(fields));
        return copy;
    }
}
