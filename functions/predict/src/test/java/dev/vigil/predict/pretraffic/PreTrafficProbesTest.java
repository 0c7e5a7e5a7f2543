package dev.vigil.predict.pretraffic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.json.Json;
import dev.vigil.testkit.SampleEvent;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The check's requests are the repository's sample events, packaged by the build, pointed at the checked model. */
class PreTrafficProbesTest {

    @Test
    void thePackagedSampleEventsAreByteForByteTheRepositorysFiles() {
        for (String file : PreTrafficProbes.SAMPLE_FILES) {
            String name = file.substring(0, file.length() - ".json".length());
            assertArrayEquals(SampleEvent.named("predict", name).bytes(), PreTrafficProbes.resource(file),
                    file + " in the jar differs from events/predict/" + file);
        }
    }

    @Test
    void theHealthRequestIsTheSampleEventUnchanged() {
        assertArrayEquals(SampleEvent.named("predict", "health").bytes(), PreTrafficProbes.packaged().health());
    }

    @Test
    void forTheSampleModelThePredictionSendsTheSampleInstanceAndTheChecksRequestId() throws IOException {
        JsonNode sample = SampleEvent.named("predict", "predict-one-positional").json();
        JsonNode event = Json.MAPPER.readTree(PreTrafficProbes.packaged().prediction("churn", 4, "pre-traffic-d-1"));

        assertEquals(Json.MAPPER.readTree(sample.path("body").asText()).path("instances"),
                body(event).path("instances"));
        assertEquals("pre-traffic-d-1", body(event).path("request_id").asText());
        assertEquals(sample.path("rawPath"), event.path("rawPath"));
        assertEquals(sample.path("pathParameters"), event.path("pathParameters"));
        assertEquals(sample.path("requestContext"), event.path("requestContext"));
        assertEquals(String.valueOf(event.path("body").asText().length()),
                event.path("headers").path("content-length").asText());
    }

    @Test
    void anotherModelGetsItsPathAndAnInstanceOfItsWidth() throws IOException {
        PreTrafficProbes probes = PreTrafficProbes.packaged();
        JsonNode wide = Json.MAPPER.readTree(probes.prediction("price", 6, "r"));
        JsonNode narrow = Json.MAPPER.readTree(probes.prediction("price", 2, "r"));
        JsonNode metadata = Json.MAPPER.readTree(probes.metadata("price"));

        assertEquals("/v1/models/price:predict", wide.path("rawPath").asText());
        assertEquals("/v1/models/price:predict", wide.path("requestContext").path("http").path("path").asText());
        assertEquals("price:predict", wide.path("pathParameters").path("model").asText());
        assertEquals("[[12,70.5,3,41,0,0]]", body(wide).path("instances").toString());
        assertEquals("[[12,70.5]]", body(narrow).path("instances").toString());
        assertEquals("/v1/models/price", metadata.path("rawPath").asText());
        assertEquals("price", metadata.path("pathParameters").path("model").asText());
        assertEquals("GET", metadata.path("requestContext").path("http").path("method").asText());
    }

    private static JsonNode body(JsonNode event) throws IOException {
        return Json.MAPPER.readTree(event.path("body").asText());
    }
}
