package dev.vigil.predict.pretraffic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.vigil.json.Json;
import dev.vigil.lambda.InvocationContext;
import dev.vigil.predict.ServedModels;
import dev.vigil.testkit.AwsEmulator;
import dev.vigil.testkit.Emulator;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.codedeploy.CodeDeployClient;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * The hook's AWS calls as the real SDK sends them, to a 127.0.0.1 HTTP server that records every request and answers
 * as CodeDeploy and Lambda do: Lambda's Invoke is answered by the real predict handler (over a registry in the
 * emulator). moto 5 cannot serve this: its CodeDeploy has neither GetApplicationRevision nor
 * PutLifecycleEventHookExecutionStatus, and its Lambda runs functions only in Docker. What only an account proves is
 * that CodeDeploy invokes the hook, accepts these requests under the hook's role, and stops the deployment on Failed.
 */
@ExtendWith(AwsEmulator.class)
class PreTrafficSdkTest {
    private static final String DEPLOYMENT = "d-ABC123XYZ";
    private static final String EXECUTION = "eyJkZXBsb3ltZW50SWQiOiJkLUFCQzEyM1hZWiJ9";
    private static final String FUNCTION = "Vigil-FunctionsPredict-1A2B3C";
    private static final String APP_SPEC = "{\"version\":0.0,\"Resources\":[{\"VigilPredict\":{\"Type\":"
            + "\"AWS::Lambda::Function\",\"Properties\":{\"Name\":\"" + FUNCTION + "\",\"Alias\":\"live\","
            + "\"CurrentVersion\":\"6\",\"TargetVersion\":\"7\"}}}]}";
    private static final byte[] EVENT = ("{\"DeploymentId\":\"" + DEPLOYMENT + "\",\"LifecycleEventHookExecutionId\":\""
            + EXECUTION + "\"}").getBytes(StandardCharsets.UTF_8);
    private static final Map<String, String> ENVIRONMENT = Map.of("VIGIL_MODELS_BUCKET", "models",
            "VIGIL_PRELOAD_MODELS", "churn", "VIGIL_METRICS_NAMESPACE", "Vigil");
    private static ServedModels served;

    private final List<Recorded> requests = new CopyOnWriteArrayList<>();
    private volatile boolean revisionInDeployment;
    private volatile String functionError;
    private volatile int reportStatus = 200;
    private HttpServer server;
    private LambdaClient lambda;
    private CodeDeployClient codeDeploy;

    /** One request the server received. */
    record Recorded(String path, String target, String invocationType, String contentType, byte[] body) {
        JsonNode json() {
            return read(body);
        }
    }

    @BeforeAll
    static void serve(Emulator emulator) {
        served = ServedModels.in(emulator);
    }

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::answer);
        server.start();
        URI endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
        lambda = LambdaClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
        codeDeploy = CodeDeployClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
    }

    @AfterEach
    void stop() {
        lambda.close();
        codeDeploy.close();
        server.stop(0);
    }

    private JsonNode runHook() throws IOException {
        PreTrafficHandler handler = new PreTrafficHandler(PreTrafficHandler.wire(ENVIRONMENT, lambda, codeDeploy));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(EVENT), out, InvocationContext.of("vigil-predict-pre-traffic"));
        return read(out.toByteArray());
    }

    @Test
    void aHealthyVersionIsInvokedThreeTimesByItsQualifiedNameAndReportedSucceeded() throws IOException {
        JsonNode summary = runHook();

        assertEquals("Succeeded", summary.path("reported").asText(), summary.toString());
        List<String> calls = requests.stream().map(r -> r.target() != null ? r.target() : r.path()).toList();
        String invoke = "/2015-03-31/functions/" + FUNCTION + ":7/invocations";
        assertEquals(List.of("CodeDeploy_20141006.GetDeployment", "CodeDeploy_20141006.GetApplicationRevision",
                invoke, invoke, invoke, "CodeDeploy_20141006.PutLifecycleEventHookExecutionStatus"), calls);

        assertEquals(Json.MAPPER.createObjectNode().put("deploymentId", DEPLOYMENT), requests.get(0).json());
        JsonNode revision = requests.get(1).json();
        assertEquals("Vigil-PredictCanary-App", revision.path("applicationName").asText());
        assertEquals("String", revision.path("revision").path("revisionType").asText());

        List<Recorded> invokes = requests.stream().filter(r -> r.path().startsWith("/2015-03-31/")).toList();
        invokes.forEach(r -> assertEquals("RequestResponse", r.invocationType()));
        assertArrayEquals(PreTrafficProbes.resource("health.json"), invokes.get(0).body(),
                "the health request is the sample event, byte for byte");
        assertEquals("/v1/models/churn", invokes.get(1).json().path("rawPath").asText());
        assertEquals("pre-traffic-" + DEPLOYMENT,
                read(invokes.get(2).json().path("body").asText().getBytes(StandardCharsets.UTF_8))
                        .path("request_id").asText());

        Recorded report = requests.get(requests.size() - 1);
        assertTrue(report.contentType().startsWith("application/x-amz-json-1.1"), report.contentType());
        assertEquals(Json.MAPPER.createObjectNode().put("deploymentId", DEPLOYMENT)
                .put("lifecycleEventHookExecutionId", EXECUTION).put("status", "Succeeded"), report.json());
    }

    @Test
    void aRevisionCarriedInTheDeploymentIsReadWithoutAskingForItAgain() throws IOException {
        revisionInDeployment = true;

        assertEquals("Succeeded", runHook().path("reported").asText());
        assertTrue(requests.stream().noneMatch(r -> "CodeDeploy_20141006.GetApplicationRevision".equals(r.target())));
    }

    @Test
    void aVersionThatThrowsIsReportedFailedAfterOneInvoke() throws IOException {
        functionError = "Unhandled";

        JsonNode summary = runHook();

        assertEquals("Failed", summary.path("reported").asText());
        assertEquals("function_error", summary.path("reason").asText());
        assertEquals(1, requests.stream().filter(r -> r.path().startsWith("/2015-03-31/")).count());
        assertEquals("Failed", requests.get(requests.size() - 1).json().path("status").asText());
    }

    @Test
    void aReportCodeDeployRefusesIsThrownAfterTheSdksRetries() {
        reportStatus = 400;

        assertThrows(PreTrafficHook.ReportFailedException.class, this::runHook);
        assertEquals("CodeDeploy_20141006.PutLifecycleEventHookExecutionStatus",
                requests.get(requests.size() - 1).target());
    }

    private void answer(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        String path = URLDecoder.decode(exchange.getRequestURI().getRawPath(), StandardCharsets.UTF_8);
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        requests.add(new Recorded(path, target, exchange.getRequestHeaders().getFirst("X-Amz-Invocation-Type"),
                exchange.getRequestHeaders().getFirst("Content-Type"), body));
        if (path.startsWith("/2015-03-31/functions/")) {
            if (functionError != null) {
                exchange.getResponseHeaders().add("X-Amz-Function-Error", functionError);
                send(exchange, 200, "{\"errorMessage\":\"boom\",\"errorType\":\"java.lang.IllegalStateException\"}");
            } else {
                exchange.getResponseHeaders().add("X-Amz-Executed-Version", "7");
                send(exchange, 200, new String(served.answer(body), StandardCharsets.UTF_8));
            }
            return;
        }
        String operation = target == null ? "" : target.substring(target.indexOf('.') + 1);
        String string = revisionInDeployment ? "{\"content\":" + Json.MAPPER.writeValueAsString(APP_SPEC)
                + ",\"sha256\":\"abc\"}" : "{\"sha256\":\"abc\"}";
        switch (operation) {
            case "GetDeployment" -> send(exchange, 200, "{\"deploymentInfo\":{\"applicationName\":"
                    + "\"Vigil-PredictCanary-App\",\"deploymentGroupName\":\"Vigil-PredictCanary-Deployment\","
                    + "\"deploymentId\":\"" + DEPLOYMENT + "\",\"computePlatform\":\"Lambda\",\"revision\":"
                    + "{\"revisionType\":\"String\",\"string\":" + string + "}}}");
            case "GetApplicationRevision" -> send(exchange, 200, "{\"applicationName\":\"Vigil-PredictCanary-App\","
                    + "\"revision\":{\"revisionType\":\"String\",\"string\":{\"content\":"
                    + Json.MAPPER.writeValueAsString(APP_SPEC) + ",\"sha256\":\"abc\"}}}");
            case "PutLifecycleEventHookExecutionStatus" -> send(exchange, reportStatus, reportStatus == 200
                    ? "{\"lifecycleEventHookExecutionId\":\"" + EXECUTION + "\"}"
                    : "{\"__type\":\"LifecycleEventAlreadyCompletedException\",\"message\":\"already completed\"}");
            default -> send(exchange, 400, "{\"__type\":\"UnknownOperationException\",\"message\":\""
                    + operation.toLowerCase(Locale.ROOT) + "\"}");
        }
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static JsonNode read(byte[] json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
