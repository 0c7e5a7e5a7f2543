package dev.vigil.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.vigil.json.Json;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine.Option;

/** The {@code --json} option of the listing commands: one pretty-printed JSON document on stdout instead of text. */
final class JsonOutput {
    @Option(names = "--json", description = "Print one JSON document instead of the text listing.")
    boolean enabled;

    /** Prints {@code value} (a record, map or tree) as JSON, the way Vigil stores its documents. */
    static void print(PrintWriter out, Object value) {
        try {
            out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value));
            out.flush();
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
