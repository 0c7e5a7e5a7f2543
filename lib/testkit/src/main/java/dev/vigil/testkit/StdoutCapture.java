package dev.vigil.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Captures what a piece of code writes to stdout (where Lambda sends logs and EMF metrics), as JSON lines. */
public final class StdoutCapture {
    private StdoutCapture() {}

    public static List<JsonNode> jsonLines(Runnable action) {
        PrintStream original = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.out.flush();
            System.setOut(original);
        }
        List<JsonNode> lines = new ArrayList<>();
        for (String line : buffer.toString(StandardCharsets.UTF_8).lines().toList()) {
            if (line.startsWith("{")) {
                try {
                    lines.add(Json.MAPPER.readTree(line));
                } catch (IOException e) {
                    throw new UncheckedIOException("not a JSON line: " + line, e);
                }
            }
        }
        return lines;
    }
}
