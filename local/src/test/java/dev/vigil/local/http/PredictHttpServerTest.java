package dev.vigil.local.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.vigil.local.functions.FunctionSettings;
import dev.vigil.local.functions.LocalFunctions;
import dev.vigil.local.functions.SuiteStores;
import dev.vigil.local.retrain.InProcessRetrainLauncher;
import dev.vigil.training.RetrainSettings;
import dev.vigil.training.Retrainer;
import dev.vigil.retrain.RetrainRequest;
import dev.vigil.storage.LocalBlobStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The localhost predict API: HTTP requests in, API Gateway HTTP API v2 events to the handler, responses back. */
class PredictHttpServerTest {
    private final HttpClient client = HttpClient.newHttpClient();

    @Test
    void aRequestBecomesAnHttpApiV2EventAndTheResponseGoesBackAsTheHandlerGaveIt() throws Exception {
        AtomicReference<APIGatewayV2HTTPEvent> seen = new AtomicReference<>();
        try (PredictHttpServer server = PredictHttpServer.start("127.0.0.1", 0, 2, 1 << 20, event -> {
            seen.set(event);
            return APIGatewayV2HTTPResponse.builder().withStatusCode(201)
                    .withHeaders(Map.of("content-type", "application/json", "x-answer", "42"))
                    .withBody("{\"ok\":true}").build();
        })) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                            URI.create(server.baseUri() + "/v1/models/churn:predict?x=1&x=2&y=a%20b"))
                    .header("Content-Type", "application/json").header("X-Custom", "Mixed-Case")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"instances\": [[1, 2]]}")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertEquals(201, response.statusCode());
            assertEquals("{\"ok\":true}", response.body());
            assertEquals("42", response.headers().firstValue("x-answer").orElseThrow());
            APIGatewayV2HTTPEvent event = seen.get();
            assertEquals("2.0", event.getVersion());
            assertEquals("$default", event.getRouteKey());
            assertEquals("/v1/models/churn:predict", event.getRawPath());
            assertEquals("x=1&x=2&y=a%20b", event.getRawQueryString());
            assertEquals(Map.of("x", "1,2", "y", "a b"), event.getQueryStringParameters());
            assertEquals("application/json", event.getHeaders().get("content-type"));
            assertEquals("Mixed-Case", event.getHeaders().get("x-custom"));
            assertTrue(event.getHeaders().keySet().stream().allMatch(h -> h.equals(h.toLowerCase(Locale.ROOT))));
            assertEquals("{\"instances\": [[1, 2]]}", event.getBody());
            assertFalse(event.getIsBase64Encoded());
            assertEquals("POST", event.getRequestContext().getHttp().getMethod());
            assertEquals("/v1/models/churn:predict", event.getRequestContext().getHttp().getPath());
            assertEquals("127.0.0.1", event.getRequestContext().getHttp().getSourceIp());
            assertEquals("HTTP/1.1", event.getRequestContext().getHttp().getProtocol());
            assertTrue(event.getRequestContext().getRequestId() != null);
        }
    }

    @Test
    void aBodyAtTheLimitReachesTheHandlerAndOneByteMoreIsAnswered413WithoutIt() throws Exception {
        AtomicReference<String> body = new AtomicReference<>();
        try (PredictHttpServer server = PredictHttpServer.start("127.0.0.1", 0, 1, 10, event -> {
            body.set(event.getBody());
            return APIGatewayV2HTTPResponse.builder().withStatusCode(200).build();
        })) {
            HttpResponse<String> atLimit = client.send(HttpRequest.newBuilder(URI.create(server.baseUri() + "/x"))
                    .POST(HttpRequest.BodyPublishers.ofString("a".repeat(10))).build(),
                    HttpResponse.BodyHandlers.ofString());
            body.set(null);
            HttpResponse<String> over = client.send(HttpRequest.newBuilder(URI.create(server.baseUri() + "/x"))
                    .POST(HttpRequest.BodyPublishers.ofString("a".repeat(11))).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertEquals(200, atLimit.statusCode());
            assertEquals(413, over.statusCode());
            assertEquals("{\"error\":{\"code\":\"body_too_large\",\"message\":\"request body is larger than 10 bytes;"
                    + " send fewer instances per request\",\"status\":413}}", over.body());
            assertEquals(null, body.get(), "the handler never saw the body over the limit");
        }
    }

    @Test
    void aPortInUseIsRefusedNamingThePort() {
        try (PredictHttpServer first = PredictHttpServer.start("127.0.0.1", 0, 1, 10,
                event -> APIGatewayV2HTTPResponse.builder().withStatusCode(200).build())) {
            PortInUseException e = assertThrows(PortInUseException.class, () -> PredictHttpServer.start("127.0.0.1",
                    first.port(), 1, 10, event -> APIGatewayV2HTTPResponse.builder().withStatusCode(200).build()));

            assertEquals(first.port(), e.port());
            assertTrue(e.getMessage().startsWith("port " + first.port() + " on 127.0.0.1 is already in use"),
                    e.getMessage());
        }
    }

    @Test
    void theRealPredictHandlerAnswersItsRoutesThroughTheServer(@TempDir Path dir) throws Exception {
        FunctionSettings settings = FunctionSettings.defaults(null, RetrainSettings.defaults(Map.of()));
        try (LocalFunctions functions = new LocalFunctions(SuiteStores.of(new LocalBlobStore(dir)), settings,
                Clock.systemUTC(), new InProcessRetrainLauncher.Listener() {
                    @Override
                    public void started(String executionId, RetrainRequest request) {}

                    @Override
                    public void finished(String executionId, RetrainRequest request, Retrainer.Result result) {}
                });
                PredictHttpServer server = PredictHttpServer.start("127.0.0.1", 0, 2, functions.maxBodyBytes(),
                        functions::predict)) {
            HttpResponse<String> health = client.send(HttpRequest.newBuilder(URI.create(server.baseUri()
                    + "/health")).build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> unknown = client.send(HttpRequest.newBuilder(URI.create(server.baseUri()
                    + "/v1/models/nope:predict")).header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"instances\": [[1]]}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> wrongMethod = client.send(HttpRequest.newBuilder(URI.create(server.baseUri()
                    + "/v1/models/nope:predict")).DELETE().build(), HttpResponse.BodyHandlers.ofString());

            assertEquals(200, health.statusCode());
            assertEquals("{\"status\":\"ok\"}", health.body());
            assertEquals("application/json", health.headers().firstValue("content-type").orElseThrow());
            assertEquals(404, unknown.statusCode(), unknown.body());
            assertTrue(unknown.body().contains("\"unknown_model\""), unknown.body());
            assertEquals(405, wrongMethod.statusCode(), wrongMethod.body());
        }
    }
}
