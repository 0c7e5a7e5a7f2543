package dev.vigil.predict;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.vigil.json.Json;
import dev.vigil.serving.ErrorKind;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/** The JSON body of every error answer: {@code {"error": {"code": "...", "message": "...", "status": 400}}}. */
final class ErrorBody {
    private ErrorBody() {}

    static String json(ErrorKind kind, String message) {
        StringWriter out = new StringWriter(128);
        try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeObjectFieldStart("error");
            g.writeStringField("code", kind.code());
            g.writeStringField("message", message);
            g.writeNumberField("status", kind.status());
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
