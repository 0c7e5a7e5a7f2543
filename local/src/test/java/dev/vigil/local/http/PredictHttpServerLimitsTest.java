package dev.vigil.local.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.json.Json;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What the localhost predict API does with clients that are slow, malformed or oversized: every answer is Vigil's
 * JSON error, and no such client keeps {@code /health} from answering. Traffic goes to 127.0.0.1 only.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PredictHttpServerLimitsTest {
    private static final Duration READ = Duration.ofSeconds(10);
    private static final int THREADS = 8;
    private static final int MAX_BODY = 1 << 20;

    private final AtomicInteger handled = new AtomicInteger();

    /** The handler most tests serve: counts what reaches it and answers 200 with a health body. */
    private APIGatewayV2HTTPResponse health(APIGatewayV2HTTPEvent event) {
        handled.incrementAndGet();
        return APIGatewayV2HTTPResponse.builder().withStatusCode(200)
                .withHeaders(Map.of("content-type", "application/json")).withBody("{\"status\":\"ok\"}").build();
    }

    @Test
    // Requests are written as concatenated literals so every CRLF the wire needs is visible; a text block would
    // turn each line end into a \r escape and the final chunk into a closing-delimiter puzzle.
    @SuppressWarnings("StringConcatToTextBlock")
    void healthAnswersWhileTwiceAsManyClientsAsWorkersStallHalfWayThroughTheirBodies() throws Exception {
        try (PredictHttpServer server = PredictHttpServer.start("127.0.0.1", 0, THREADS, MAX_BODY, this::health)) {
            List<RawHttp> stalled = new ArrayList<>();
            try {
                for (int i = 0; i < 2 * THREADS; i++) {
                    stalled.add(RawHttp.connect(server.port(), READ).send("POST /v1/models/churn:predict HTTP/1.1\r\n"
                            + "Host: localhost\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n"
                            + "{\"instances\": [[1,"));
                }
                long start = System.nanoTime();
                try (RawHttp client = RawHttp.connect(server.port(), Duration.ofSeconds(5))) {
                    RawHttp.Response response = client.send("GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n").read();

                    assertEquals(200, response.status(), response::toString);
                    assertEquals("{\"status\":\"ok\"}", response.body());
                }
                assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(2), "health took too long");
                assertEquals(1, handled.get(), "no stalled request reached the handler");
            } finally {
                for (RawHttp client : stalled) {
                    client.close();
                }
            }
        }
    }

    @Test
    void aRequestTargetThatIsNotAValidUriIsA400JsonError() throws Exception {
        try (PredictHttpServer server = PredictHttpServer.start("127.0.0.1", 0, THREADS, MAX_BODY, this::health);
                RawHttp client = RawHttp.connect(server.port(), READ)) {
            RawHttp.Response response = client.send("POST /v1/models/%ZZ:predict HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}").read();

            response.assertError(400, "bad_request");
            assertEquals(0, handled.get());
        }
    }

    @Test
    void aContentLengthThatIsNotANumberIsA400JsonError() throws Exception {
        for (String length : new String[] {"99999999999999999999", "-1", "12abc", "5, 6"}) {
            try (PredictHttpServer server = PredictHttpServer.start("127.0.0.1", 0, THREADS, MAX_BODY, this::health);
                    RawHttp client = RawHttp.connect(server.port(), READ)) {
                RawHttp.Response response = client.send("POST /v1/models/churn:predict HTTP/1.1\r\n"
                        + "Host: localhost\r\nContent-Length: " + length + "\r\n\r\n").read();

                response.assertError(400, "bad_request");
                assertTrue(client.closedByServer(), "the connection is closed after a malformed request");
            }
        }
        assertEquals(0, handled.get());
    }

    @Test
    void aContentLengthOverTheBodyLimitIsA413JsonErrorBeforeTheBodyIsSent() throws Exception {
        try (PredictHttpServer server = PredictHttpServer.start("127.0.0.1", 0, THREADS, MAX_BODY, this::health);
                RawHttp client = RawHttp.connect(server.port(), READ)) {
            RawHttp.Response response = client.send("POST /v1/models/churn:predict HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + (MAX_BODY + 1) + "\r\n\r\n").read();

            response.assertError(413, "body_too_large");
            assertEquals(0, handled.get());
        }
    }

    @Test
    void aOneMebibyteHeaderIsA431JsonErrorNotAReset() throws Exception {
        try (PredictHttpServer server = PredictHttpServer.start("127.0.0.1", 0, THREADS, MAX_BODY, this::health);
                RawHttp client = RawHttp.connect(server.port(), READ)) {
            String request = "GET /health HTTP/1.1\r\nHost: localhost\r\nX-Padding: " + "a".repeat(1 << 20)
                    + "\r\n\r\n";
            CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> {
                try {
                    client.send(request);
                } catch (IOException closedWhileWriting) {
                    // the server may stop reading once it has answered; the answer is what is asserted
                }
            });

            RawHttp.Response response = client.read();

            response.assertError(431, "request_header_fields_too_large");
            writing.get(READ.toSeconds(), TimeUnit.SECONDS);
            assertEquals(0, handled.get());
        }
    }

    @Test
    void aMalformedRequestLineIsA400JsonError() throws Exception {
        for (String line : new String[] {"GARBAGE", "GET /health HTTP/1.1 extra", "GET /health HTTX/1.1",
                "G\u0001T /health HTTP/1.1", "GET\t/health\tHTTP/1.1\tmore"}) {
            try (PredictHttpServer server = PredictHttpServer.start("127.0.0.1", 0, THREADS, MAX_BODY, this::health);
                    RawHttp client = RawHttp.connect(server.port(), READ)) {
                RawHttp.Response response = client.send(line + "\r\nHost: localhost\r\n\r\n").read();

                response.assertError(400, "bad_request");
            }
        }
        assertEquals(0, handled.get());
    }

    @Test
    void anHttpVersionOtherThanOnePointZeroOrOneIsA505JsonError() throws Exception {
        try (PredictHttpServer server = PredictHttpServer.start("127.0.0.1", 0, THREADS, MAX_BODY, this::health);
                RawHttp client = RawHttp.connect(server.port(), READ)) {
            RawHttp.Response response = client.send("GET /health HTTP/7.3\r\nHost: localhost\r\n\r\n").read();

            response.assertError(505, "http_version_not_supported");
            assertEquals(0, handled.get());
        }
    }

    @Test
    // Requests are written as concatenated literals so every CRLF the wire needs is visible; a text block would
    // turn each line end into a \r escape and the final chunk into a closing-delimiter puzzle.
    @SuppressWarnings("StringConcatToTextBlock")
    void aChunkedBodyThatGrowsPastTheLimitIsA413JsonErrorAndTheHandlerNeverSeesIt() throws Exception {
        try (PredictHttpServer server = PredictHttpServer.start("127.0.0.1", 0, THREADS, 10, this::health);
                RawHttp client = RawHttp.connect(server.port(), READ)) {
            RawHttp.Response response = client.send("POST /v1/models/churn:predict HTTP/1.1\r\nHost: localhost\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n8\r\n{\"a\": 1,\r\n8\r\n \"b\": 2}\r\n0\r\n\r\n").read();

            response.assertError(413, "body_too_large");
            assertEquals("request body is larger than 10 bytes; send fewer instances per request",
                    Json.MAPPER.readTree(response.body()).path("error").path("message").asText());
            assertEquals(0, handled.get());
        }
    }

    @Test
    void aHeaderSentOneLineAtATimeIsCutOffWithA408AtTheRequestReadTimeout() throws Exception {
        HttpLimits limits = HttpLimits.DEFAULTS.withRequestReadTimeout(Duration.ofMillis(600));
        try (PredictHttpServer server =
                PredictHttpServer.start("127.0.0.1", 0, THREADS, MAX_BODY, limits, this::health);
                RawHttp client = RawHttp.connect(server.port(), READ)) {
            long start = System.nanoTime();
            client.send("GET /health HTTP/1.1\r\n");
            CompletableFuture<Void> trickle = CompletableFuture.runAsync(() -> {
                try {
                    for (int i = 0; i < 50; i++) { // each pause is well inside any idle timeout
                        Thread.sleep(100);
                        client.send("X-Line-" + i + ": x\r\n");
                    }
                } catch (IOException | InterruptedException stopped) {
                    // the server has answered and closed
                }
            });

            RawHttp.Response response = client.read();
            long elapsed = System.nanoTime() - start;

            response.assertError(408, "request_timeout");
            assertTrue(elapsed >= TimeUnit.MILLISECONDS.toNanos(500) && elapsed < TimeUnit.SECONDS.toNanos(3),
                    "answered after " + elapsed / 1_000_000 + " ms");
            trickle.get(READ.toSeconds(), TimeUnit.SECONDS);
            assertEquals(0, handled.get());
        }
    }

    @Test
    void aBodyThatStopsHalfWayIsCutOffWithA408AndHealthStillAnswers() throws Exception {
        HttpLimits limits = HttpLimits.DEFAULTS.withRequestReadTimeout(Duration.ofMillis(500));
        try (PredictHttpServer server = PredictHttpServer.start("127.0.0.1", 0, 1, MAX_BODY, limits, this::health);
                RawHttp stalled = RawHttp.connect(server.port(), READ);
                RawHttp client = RawHttp.connect(server.port(), READ)) {
            stalled.send("POST /v1/models/churn:predict HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100\r\n"
                    + "Content-Type: application/json\r\n\r\n{\"instances\": ");

            RawHttp.Response health = client.send("GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n").read();
            RawHttp.Response timedOut = stalled.read();

            assertEquals(200, health.status(), health::toString);
            timedOut.assertError(408, "request_timeout");
            assertEquals("close", timedOut.headers().get("connection"));
            assertTrue(stalled.closedByServer());
            assertEquals(1, handled.get(), "only health reached the handler");
        }
    }

    @Test
    void anIdleConnectionIsClosedAfterTheIdleTimeout() throws Exception {
        HttpLimits limits = HttpLimits.DEFAULTS.withIdleTimeout(Duration.ofMillis(300));
        try (PredictHttpServer server =
                PredictHttpServer.start("127.0.0.1", 0, THREADS, MAX_BODY, limits, this::health);
                RawHttp silent = RawHttp.connect(server.port(), Duration.ofSeconds(3));
                RawHttp keptAlive = RawHttp.connect(server.port(), Duration.ofSeconds(3))) {
            RawHttp.Response first = keptAlive.send("GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n").read();

            assertEquals(200, first.status(), first::toString);
            assertTrue(silent.closedByServer(), "a connection that never sends is closed");
            assertTrue(keptAlive.closedByServer(), "a kept-alive connection with no next request is closed");
        }
    }

    @Test
    void connectionsBeyondTheLimitAreAnswered503AndAFreedSlotIsUsedAgain() throws Exception {
        HttpLimits limits = HttpLimits.DEFAULTS.withMaxConnections(3);
        try (PredictHttpServer server =
                PredictHttpServer.start("127.0.0.1", 0, THREADS, MAX_BODY, limits, this::health)) {
            List<RawHttp> held = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    RawHttp client = RawHttp.connect(server.port(), READ);
                    held.add(client);
                    assertEquals(200, client.send("GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n").read()
                            .status());
                }
                try (RawHttp extra = RawHttp.connect(server.port(), READ)) {
                    RawHttp.Response refused = extra.send("GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n")
                            .read();

                    refused.assertError(503, "busy");
                }
                held.remove(0).close();
                RawHttp.Response again = null;
                for (int attempt = 0; attempt < 50 && (again == null || again.status() != 200); attempt++) {
                    Thread.sleep(20); // the server sees the close on its own event loop
                    try (RawHttp next = RawHttp.connect(server.port(), READ)) {
                        again = next.send("GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n").read();
                    }
                }
                assertEquals(200, again.status(), again::toString);
            } finally {
                for (RawHttp client : held) {
                    client.close();
                }
            }
        }
    }

    @Test
    void aHandlerThatThrowsIsA502JsonError() throws Exception {
        try (PredictHttpServer server = PredictHttpServer.start("127.0.0.1", 0, THREADS, MAX_BODY, event -> {
            throw new IllegalStateException("boom in dev.vigil.Something");
        }); RawHttp client = RawHttp.connect(server.port(), READ)) {
            RawHttp.Response failed = client.send("GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n").read();
            RawHttp.Response next = client.send("GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n").read();

            JsonNode error = failed.assertError(502, "handler_failed");
            assertFalse(error.path("message").asText().contains("boom"), failed::toString);
            next.assertError(502, "handler_failed"); // the connection is kept alive
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrderOnOneConnection() throws Exception {
        Function<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> echo = event -> APIGatewayV2HTTPResponse.builder()
                .withStatusCode(200).withHeaders(Map.of("content-type", "text/plain"))
                .withBody(event.getRawPath() + " " + event.getBody()).build();
        try (PredictHttpServer server = PredictHttpServer.start("127.0.0.1", 0, THREADS, MAX_BODY, echo);
                RawHttp client = RawHttp.connect(server.port(), READ)) {
            client.send("POST /one HTTP/1.1\r\nHost: localhost\r\nContent-Length: 1\r\n\r\n1"
                    + "POST /two HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n1\r\n2\r\n0\r\n\r\n"
                    + "GET /three HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

            assertEquals("/one 1", client.read().body());
            assertEquals("/two 2", client.read().body());
            RawHttp.Response last = client.read();
            assertEquals("/three null", last.body());
            assertEquals("close", last.headers().get("connection"));
            assertTrue(client.closedByServer());
        }
    }

    @Test
    // Requests are written as concatenated literals so every CRLF the wire needs is visible; a text block would
    // turn each line end into a \r escape and the final chunk into a closing-delimiter puzzle.
    @SuppressWarnings("StringConcatToTextBlock")
    void expectContinueGetsA100BeforeTheBodyIsSentAndHeadGetsNoBody() throws Exception {
        Function<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> echo = event -> APIGatewayV2HTTPResponse.builder()
                .withStatusCode(200).withHeaders(Map.of("content-type", "text/plain"))
                .withBody(String.valueOf(event.getBody())).build();
        try (PredictHttpServer server = PredictHttpServer.start("127.0.0.1", 0, THREADS, MAX_BODY, echo);
                RawHttp client = RawHttp.connect(server.port(), READ)) {
            RawHttp.Response proceed = client.send("POST /x HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5\r\n"
                    + "Expect: 100-continue\r\n\r\n").read();
            RawHttp.Response answer = client.send("hello").read();
            RawHttp.Response head = client.send("HEAD /x HTTP/1.1\r\nHost: localhost\r\n\r\n").readHead();
            RawHttp.Response after = client.send("POST /x HTTP/1.1\r\nHost: localhost\r\nContent-Length: 2\r\n\r\nok")
                    .read();

            assertEquals(100, proceed.status());
            assertEquals("hello", answer.body());
            assertEquals(200, head.status());
            assertEquals("4", head.headers().get("content-length"), "HEAD says the length GET would send");
            assertEquals("ok", after.body(), "no body bytes followed the HEAD answer");
        }
    }

    @Test
    void anExpectationOtherThan100ContinueIsA417JsonError() throws Exception {
        try (PredictHttpServer server = PredictHttpServer.start("127.0.0.1", 0, THREADS, MAX_BODY, this::health);
                RawHttp client = RawHttp.connect(server.port(), READ)) {
            RawHttp.Response response = client.send("POST /x HTTP/1.1\r\nHost: localhost\r\nContent-Length: 2\r\n"
                    + "Expect: something-else\r\n\r\n{}").read();

            response.assertError(417, "expectation_failed");
        }
    }

    @Test
    void anOverlongRequestLineIsA414JsonError() throws Exception {
        try (PredictHttpServer server = PredictHttpServer.start("127.0.0.1", 0, THREADS, MAX_BODY, this::health);
                RawHttp client = RawHttp.connect(server.port(), READ)) {
            RawHttp.Response response = client.send("GET /" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: localhost\r\n"
                    + "\r\n").read();

            response.assertError(414, "uri_too_long");
        }
    }
}
