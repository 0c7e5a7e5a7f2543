package dev.vigil.local.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A raw HTTP/1.1 client over one socket to 127.0.0.1, for requests no well-behaved client sends (a stalled body, a
 * malformed request line, a 1 MiB header): writes bytes as given and reads one response. Every read has a timeout.
 */
public final class RawHttp implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private RawHttp(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    public static RawHttp connect(int port, Duration readTimeout) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), port), 2_000);
        socket.setSoTimeout((int) readTimeout.toMillis());
        return new RawHttp(socket);
    }

    public RawHttp send(String text) throws IOException {
        return send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    public RawHttp send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /** Reads one response: status line, headers, and a body of its Content-Length (or to the end of the stream). */
    public Response read() throws IOException {
        return read(true);
    }

    private Response read(boolean withBody) throws IOException {
        String statusLine = line();
        if (statusLine == null) {
            throw new IOException("the server closed the connection without answering");
        }
        int status = Integer.parseInt(statusLine.split(" ", 3)[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String header = line(); header != null && !header.isEmpty(); header = line()) {
            int colon = header.indexOf(':');
            headers.put(header.substring(0, colon).trim().toLowerCase(Locale.ROOT), header.substring(colon + 1).trim());
        }
        byte[] body;
        if (!withBody || status / 100 == 1) {
            body = new byte[0];
        } else if (headers.containsKey("content-length")) {
            body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
        } else {
            body = in.readAllBytes();
        }
        return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    /** Reads the status line and headers of an answer to HEAD, which has no body whatever its Content-Length. */
    public Response readHead() throws IOException {
        return read(false);
    }

    /** True when the server has closed the connection: a read sees the end of the stream (or a reset). */
    public boolean closedByServer() throws IOException {
        try {
            return in.read() == -1;
        } catch (java.net.SocketException reset) {
            return true;
        }
    }

    private String line() throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                String text = buffer.toString(StandardCharsets.ISO_8859_1);
                return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
            }
            buffer.write(b);
        }
        return buffer.size() == 0 ? null : buffer.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** One HTTP response as read off the wire; header names lower-cased. */
    public record Response(int status, Map<String, String> headers, String body) {

        /**
         * The body is Vigil's JSON error, {@code {"error": {"code", "message", "status"}}}, with this status and
         * code, in the response's own status, and its message names no Java type or package.
         */
        public JsonNode assertError(int expectedStatus, String expectedCode) throws IOException {
            assertEquals(expectedStatus, status, this::toString);
            assertEquals("application/json", headers.get("content-type"), this::toString);
            JsonNode error = Json.MAPPER.readTree(body).path("error");
            assertEquals(expectedCode, error.path("code").asText(), this::toString);
            assertEquals(expectedStatus, error.path("status").asInt(), this::toString);
            assertTrue(error.path("message").isTextual() && !error.path("message").asText().isBlank(), this::toString);
            assertNamesNoJavaType(body);
            return error;
        }

        @Override
        public String toString() {
            return status + " " + headers + "\n" + body;
        }
    }

    public static void assertNamesNoJavaType(String text) {
        assertFalse(text.matches("(?s).*\\b(java|javax|jdk|com|org|io|sun)\\.[a-z]+.*"), text);
        assertFalse(text.matches("(?s).*[A-Za-z]+(Exception|Error)\\b.*"), text);
        assertFalse(text.toLowerCase(Locale.ROOT).contains("<html"), text);
    }
}
