package dev.vigil.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SampleEventTest {
    @Test
    void everyFunctionsEventsAreListedWithoutTheirExpectedResponses() {
        for (String function : List.of("predict", "evaluate", "retrain-trigger")) {
            List<SampleEvent> events = SampleEvent.all(function);
            assertFalse(events.isEmpty(), function);
            for (SampleEvent event : events) {
                assertFalse(event.name().endsWith(".response"), event.toString());
                assertTrue(Files.isRegularFile(event.file()), event.toString());
                assertEquals(event.file().resolveSibling(event.name() + ".response.json"), event.responseFile());
            }
        }
    }

    @Test
    void aNamedEventIsReadAsJsonAndAsTheRuntimeWouldDeserialiseIt() {
        SampleEvent health = SampleEvent.named("predict", "health");
        assertEquals("events/predict/health.json", health.toString());
        assertEquals("/health", health.json().path("rawPath").asText());
        APIGatewayV2HTTPEvent event = health.event(APIGatewayV2HTTPEvent.class);
        assertEquals("/health", event.getRawPath());
        assertEquals("GET", event.getRequestContext().getHttp().getMethod());
    }

    @Test
    void aTypedResponseIsComparedAsTheRuntimeSerialisesIt() {
        JsonNode json = SampleEvent.runtimeJson(APIGatewayV2HTTPResponse.builder().withStatusCode(200)
                .withHeaders(Map.of("content-type", "application/json")).withBody("{\"status\":\"ok\"}").build());
        assertEquals(200, json.path("statusCode").asInt());
        assertEquals("{\"status\":\"ok\"}", json.path("body").asText());
    }

    @Test
    void anEventThatDoesNotExistIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SampleEvent.named("predict", "no-such-event"));
        assertTrue(e.getMessage().contains("no-such-event.json"), e.getMessage());
    }
}
