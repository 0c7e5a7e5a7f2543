package dev.vigil.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * One sample event of a function, {@code events/<function>/<name>.json} in the repository, and the response expected
 * when the function's handler is given it, {@code events/<function>/<name>.response.json} beside it (the pairing of
 * aws-lambda-java-tests' {@code @HandlerParams(event, response)}). {@link #assertResponse} compares an answer with
 * the expected one by the rules of {@link ExpectedResponse}.
 *
 * @param function the function's directory under {@code events/}, e.g. {@code predict}
 * @param name the event's file name without {@code .json}
 * @param file the event file
 */
public record SampleEvent(String function, String name, Path file) {
    /** What an expected response's file name adds to its event's name. */
    public static final String RESPONSE_SUFFIX = ".response.json";

    /**
     * The repository's {@code events/} directory: under system property {@code vigil.repoRoot} when it is set, else
     * the nearest one above the working directory.
     */
    public static Path eventsDirectory() {
        String root = System.getProperty("vigil.repoRoot");
        if (root != null && !root.isBlank() && Files.isDirectory(Path.of(root, "events"))) {
            return Path.of(root, "events").toAbsolutePath();
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("events"))) {
                return p.resolve("events");
            }
        }
        throw new IllegalStateException("no events/ directory above " + Path.of("").toAbsolutePath());
    }

    /** Every sample event of {@code function}, by name; expected responses and other files are not events. */
    public static List<SampleEvent> all(String function) {
        Path dir = eventsDirectory().resolve(function);
        try (Stream<Path> files = Files.list(dir)) {
            List<SampleEvent> events = files
                    .map(f -> f.getFileName().toString())
                    .filter(f -> f.endsWith(".json") && !f.endsWith(RESPONSE_SUFFIX))
                    .sorted()
                    .map(f -> new SampleEvent(function, f.substring(0, f.length() - ".json".length()), dir.resolve(f)))
                    .toList();
            if (events.isEmpty()) {
                throw new IllegalStateException("no sample events in " + dir);
            }
            return events;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    /** The sample event {@code events/<function>/<name>.json}, which must exist. */
    public static SampleEvent named(String function, String name) {
        Path file = eventsDirectory().resolve(function).resolve(name + ".json");
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no sample event " + file);
        }
        return new SampleEvent(function, name, file);
    }

    /** The event's bytes, as a stream handler reads them. */
    public byte[] bytes() {
        return read(file);
    }

    /** The event as a JSON object, a fresh copy on every call so a test may change it. */
    public ObjectNode json() {
        JsonNode node = Json.fromBytes(bytes(), JsonNode.class);
        if (!(node instanceof ObjectNode object)) {
            throw new IllegalStateException(this + " is not a JSON object");
        }
        return object;
    }

    /** The event deserialised into {@code type} exactly as the Lambda Java runtime does it for a handler. */
    public <T> T event(Class<T> type) {
        return RuntimeSerialization.fromJson(bytes(), type);
    }

    /** Where the expected response is kept, whether or not it exists. */
    public Path responseFile() {
        return file.resolveSibling(name + RESPONSE_SUFFIX);
    }

    /** The expected response; a missing file fails, since every sample event must say what it is answered. */
    public JsonNode expectedResponse() {
        if (!Files.isRegularFile(responseFile())) {
            throw new AssertionError(this + " has no expected response: write " + responseFile());
        }
        return Json.fromBytes(read(responseFile()), JsonNode.class);
    }

    /** Fails unless {@code answer} (JSON, as a stream handler writes it) matches the expected response. */
    public void assertResponse(byte[] answer) {
        assertResponse(Json.fromBytes(answer, JsonNode.class));
    }

    /** Fails unless {@code answer} matches the expected response, listing every difference. */
    public void assertResponse(JsonNode answer) {
        ExpectedResponse.assertMatches(expectedResponse(), answer, toString());
    }

    /** A handler's typed response as the Lambda Java runtime serialises it, e.g. an API Gateway response. */
    public static JsonNode runtimeJson(Object response) {
        return Json.fromBytes(RuntimeSerialization.toJson(response), JsonNode.class);
    }

    private static byte[] read(Path path) {
        try {
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    @Override
    public String toString() {
        return "events/" + function + "/" + name + ".json";
    }
}
