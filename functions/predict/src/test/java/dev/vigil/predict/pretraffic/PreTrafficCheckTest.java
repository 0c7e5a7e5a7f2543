package dev.vigil.predict.pretraffic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.json.Json;
import dev.vigil.predict.ServedModels;
import dev.vigil.testkit.AwsEmulator;
import dev.vigil.testkit.Emulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The check's verdict on real answers of the predict handler (a registry in the emulator), and on those answers
 * broken one way at a time: each failure names its reason and what was expected.
 */
@ExtendWith(AwsEmulator.class)
class PreTrafficCheckTest {
    private static final PredictVersion TARGET = new PredictVersion("vigil-predict", "7");
    private static final String REQUEST_ID = "pre-traffic-d-TEST12345";
    private static ServedModels served;

    private final List<String> invoked = new ArrayList<>();

    @BeforeAll
    static void serve(Emulator emulator) {
        served = ServedModels.in(emulator);
    }

    /** The real handler's answers, each passed through {@code change} (given the route asked). */
    private VersionInvoker real(RouteChange change) {
        return (version, event) -> {
            invoked.add(version.qualified());
            String path = read(event).path("rawPath").asText();
            return new VersionInvoker.Invocation(change.apply(path, served.answer(event)), null);
        };
    }

    private CheckOutcome check(VersionInvoker invoker, String model) {
        return new PreTrafficCheck(invoker, PreTrafficProbes.packaged(), model).run(TARGET, REQUEST_ID);
    }

    @Test
    void theRealHandlersAnswersToTheSampleEventsPass() {
        CheckOutcome outcome = check(real((path, answer) -> answer), "churn");

        assertTrue(outcome.passed(), outcome.message());
        assertNull(outcome.failure());
        assertTrue(outcome.message().contains("churn v1"), outcome.message());
        assertEquals(List.of("vigil-predict:7", "vigil-predict:7", "vigil-predict:7"), invoked,
                "health, metadata and one prediction, all of the target version");
    }

    @Test
    void aModelTheSampleEventsDoNotNameIsCheckedWithAnInstanceOfItsOwnWidth() {
        CheckOutcome outcome = check(real((path, answer) -> answer), ServedModels.PRICE);

        assertTrue(outcome.passed(), outcome.message());
        assertTrue(outcome.message().contains("price v3"), outcome.message());
    }

    @Test
    void aModelWithoutAChampionFailsWithTheStatusAndVigilsErrorCode() {
        CheckOutcome outcome = check(real((path, answer) -> answer), "no-such-model");

        assertEquals(CheckFailure.WRONG_STATUS, outcome.failure());
        assertTrue(outcome.message().contains("GET /v1/models/no-such-model answered 404 (unknown_model"),
                outcome.message());
    }

    @Test
    void anUnhealthyVersionFailsOnItsStatus() {
        CheckOutcome outcome = check(real(onPath("/health", answer -> {
            ObjectNode response = read(answer);
            response.put("statusCode", 503);
            return Json.toBytes(response);
        })), "churn");

        assertEquals(CheckFailure.WRONG_STATUS, outcome.failure());
        assertTrue(outcome.message().contains("GET /health answered 503; it must answer 200"), outcome.message());
        assertEquals(1, invoked.size(), "the check stops at the first failure");
    }

    @Test
    void aBodyThatIsNotJsonFails() {
        CheckOutcome outcome = check(real(onPath(":predict", answer -> {
            ObjectNode response = read(answer);
            response.put("body", "<html>oops</html>");
            return Json.toBytes(response);
        })), "churn");

        assertEquals(CheckFailure.MALFORMED_ANSWER, outcome.failure());
        assertTrue(outcome.message().contains("not a JSON object"), outcome.message());
    }

    @Test
    void aPayloadThatIsNotAnHttpResponseFails() {
        CheckOutcome outcome = check(real(onPath("/health",
                answer -> "\"ok\"".getBytes(StandardCharsets.UTF_8))), "churn");

        assertEquals(CheckFailure.MALFORMED_ANSWER, outcome.failure());
        assertTrue(outcome.message().contains("not an HTTP API response"), outcome.message());
    }

    @Test
    void aPredictionWithoutAnIdFails() {
        CheckOutcome outcome = check(real(onPath(":predict", answer -> editBody(answer, body -> {
            body.remove("ids");
            return body;
        }))), "churn");

        assertEquals(CheckFailure.NO_PREDICTION_ID, outcome.failure());
        assertTrue(outcome.message().contains("the prediction must have one non-blank id"), outcome.message());
    }

    @Test
    void aPredictionThatDoesNotEchoTheRequestIdFails() {
        CheckOutcome outcome = check(real(onPath(":predict", answer -> editBody(answer,
                body -> body.put("request_id", "someone-else")))), "churn");

        assertEquals(CheckFailure.NO_PREDICTION_ID, outcome.failure());
        assertTrue(outcome.message().contains(REQUEST_ID), outcome.message());
    }

    @Test
    void anAnswerWithoutPredictionsFails() {
        CheckOutcome outcome = check(real(onPath(":predict", answer -> editBody(answer, body -> {
            body.putArray("predictions");
            return body;
        }))), "churn");

        assertEquals(CheckFailure.NO_PREDICTION, outcome.failure());
        assertTrue(outcome.message().contains("got 0 predictions"), outcome.message());
    }

    @Test
    void aPredictionByAnotherVersionThanTheChampionFails() {
        CheckOutcome outcome = check(real(onPath(":predict", answer -> editBody(answer,
                body -> body.put("model_version", "v0")))), "churn");

        assertEquals(CheckFailure.WRONG_MODEL, outcome.failure());
        assertTrue(outcome.message().contains("the champion the metadata names is v1"), outcome.message());
    }

    @Test
    void anAnswerThatIsNotJsonTypedFails() {
        CheckOutcome outcome = check(real(onPath("/health", answer -> {
            ObjectNode response = read(answer);
            response.putObject("headers").put("content-type", "text/plain");
            return Json.toBytes(response);
        })), "churn");

        assertEquals(CheckFailure.MALFORMED_ANSWER, outcome.failure());
        assertTrue(outcome.message().contains("content-type text/plain"), outcome.message());
    }

    @Test
    void anInvokeThatThrowsFailsWithLambdasWords() {
        CheckOutcome outcome = check((version, event) -> {
            throw new IllegalStateException("Rate exceeded");
        }, "churn");

        assertEquals(CheckFailure.INVOKE_FAILED, outcome.failure());
        assertEquals("Lambda could not run vigil-predict:7 for GET /health: Rate exceeded", outcome.message());
    }

    @Test
    void aVersionThatThrowsFailsWithItsErrorMessage() {
        byte[] lambdaError = "{\"errorMessage\":\"VIGIL_MODELS_BUCKET must be set\",\"errorType\":\"SettingException\"}"
                .getBytes(StandardCharsets.UTF_8);
        CheckOutcome outcome = check((version, event) -> new VersionInvoker.Invocation(lambdaError, "Unhandled"),
                "churn");

        assertEquals(CheckFailure.FUNCTION_ERROR, outcome.failure());
        assertEquals("GET /health failed inside the function (Unhandled): VIGIL_MODELS_BUCKET must be set",
                outcome.message());
    }

    /** Changes the answer to a request whose path contains {@code pathPart}; other answers pass unchanged. */
    private static RouteChange onPath(String pathPart, UnaryOperator<byte[]> change) {
        return (path, answer) -> path.contains(pathPart) ? change.apply(answer) : answer;
    }

    private static byte[] editBody(byte[] answer, UnaryOperator<ObjectNode> edit) {
        ObjectNode response = read(answer);
        ObjectNode body = read(response.path("body").asText().getBytes(StandardCharsets.UTF_8));
        response.put("body", Json.MAPPER.valueToTree(edit.apply(body)).toString());
        return Json.toBytes(response);
    }

    private static ObjectNode read(byte[] json) {
        try {
            JsonNode node = Json.MAPPER.readTree(json);
            return (ObjectNode) node;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FunctionalInterface
    private interface RouteChange {
        byte[] apply(String path, byte[] answer);
    }
}
