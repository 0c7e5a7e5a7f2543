package dev.vigil.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtException;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.vigil.lambda.InvocationContext;
import java.nio.FloatBuffer;
import org.junit.jupiter.api.Test;

/**
 * What the benchmark compares is comparable: the handler and the bare call answer the same numbers for the same
 * request, and the request is the sample event with the model's values. Runs no benchmark.
 */
class PredictFixtureTest {

    @Test
    void handlerAndBareCallAnswerTheSameProbabilitiesForOneInstanceAndABatch() throws OrtException {
        SampleRequest one = SampleRequest.create(SampleRequest.eventsDir(), BenchModel.SMALL, 1);
        SampleRequest batch = SampleRequest.create(SampleRequest.eventsDir(), BenchModel.SMALL, 100);
        try (PredictFixture fixture = PredictFixture.create(BenchModel.SMALL)) {
            InvocationContext context = new InvocationContext("vigil-predict", "test", 30_000, 1769);
            FloatBuffer oneValues = PredictFixture.directBuffer(one.values());
            FloatBuffer batchValues = PredictFixture.directBuffer(batch.values());
            assertTrue(fixture.largestDifference(fixture.handle(one.event(), context), oneValues, 1) < 1e-6);
            assertTrue(fixture.largestDifference(fixture.handle(batch.event(), context), batchValues, 100) < 1e-6);
        }
    }

    @Test
    void sampleRequestIsThePredictEventWithTheModelsPathAndValues() {
        SampleRequest request = SampleRequest.create(SampleRequest.eventsDir(), BenchModel.SMALL, 2);
        APIGatewayV2HTTPEvent event = request.event();
        assertEquals("/v1/models/tabular:predict", event.getRawPath());
        assertEquals("/v1/models/tabular:predict", event.getRequestContext().getHttp().getPath());
        assertEquals("tabular:predict", event.getPathParameters().get("model"));
        assertEquals("POST", event.getRequestContext().getHttp().getMethod());
        assertEquals("application/json", event.getHeaders().get("content-type"));
        assertEquals(2 * BenchModel.SMALL.features(), request.values().length);
        assertTrue(event.getBody().startsWith("{\"instances\": [["), event.getBody());
    }
}
