package dev.vigil.local.http;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.vigil.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The answers the localhost server gives itself, before or instead of the predict handler: each is a status and the
 * code of the handler's JSON error body, {@code {"error": {"code": "...", "message": "...", "status": N}}}.
 */
enum ServerError {
    BAD_REQUEST(400, "Bad Request"),
    REQUEST_TIMEOUT(408, "Request Timeout"),
    /** The same code as the handler's own answer to a body over its limit. */
    BODY_TOO_LARGE(413, "Content Too Large"),
    URI_TOO_LONG(414, "URI Too Long"),
    EXPECTATION_FAILED(417, "Expectation Failed"),
    REQUEST_HEADER_FIELDS_TOO_LARGE(431, "Request Header Fields Too Large"),
    HANDLER_FAILED(502, "Bad Gateway"),
    BUSY(503, "Service Unavailable"),
    HTTP_VERSION_NOT_SUPPORTED(505, "HTTP Version Not Supported");

    private static final Logger LOG = LoggerFactory.getLogger(PredictHttpServer.class);

    private final int status;
    private final String reason;

    ServerError(int status, String reason) {
        this.status = status;
        this.reason = reason;
    }

    int status() {
        return status;
    }

    /** The reason phrase of the status line. */
    String reason() {
        return reason;
    }

    String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Writes the one log line of this answer to {@code client}. */
    void log(String message, SocketAddress client) {
        LOG.warn("refused request: kind={} status={} client={} message={}", code(), status, client, message);
    }

    /** The JSON error body saying {@code message}. */
    byte[] body(String message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeObjectFieldStart("error");
            g.writeStringField("code", code());
            g.writeStringField("message", message);
            g.writeNumberField("status", status);
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
