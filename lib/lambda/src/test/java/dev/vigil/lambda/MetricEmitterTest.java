package dev.vigil.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.metrics.VigilMetric;
import dev.vigil.testkit.StdoutCapture;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one EMF emitter writes catalog metrics with exactly the dimension sets and units it is given. */
class MetricEmitterTest {
    private final MetricEmitter emitter = new MetricEmitter("Vigil");

    @Test
    void everyDocumentCarriesExactlyItsOwnDimensionSetsAndTheCatalogsUnits() {
        List<JsonNode> documents = emf(() -> {
            for (int i = 0; i < 3; i++) {
                emitter.document().dimensions("model", "churn").dimensions("model", "churn", "version", "v" + i)
                        .put(VigilMetric.PREDICT_LATENCY, 12.5).put(VigilMetric.INSTANCES, 2).emit();
            }
            emitter.countOne(VigilMetric.PREDICT_ERRORS, "model", "churn", "kind", "bad_request");
        });

        assertEquals(4, documents.size(), documents.toString());
        for (int i = 0; i < 3; i++) {
            JsonNode d = documents.get(i);
            JsonNode directive = d.at("/_aws/CloudWatchMetrics/0");
            assertEquals("Vigil", directive.path("Namespace").asText());
            assertEquals("[[\"model\"],[\"model\",\"version\"]]", directive.path("Dimensions").toString());
            assertEquals("v" + i, d.path("version").asText());
            assertEquals(12.5, d.path("PredictLatency").asDouble());
            assertEquals("Milliseconds", unit(directive, "PredictLatency"));
            assertEquals("Count", unit(directive, "Instances"));
            assertFalse(d.has("Service") || d.has("LogGroup") || d.has("ServiceName"), d.toString());
        }
        JsonNode error = documents.get(3);
        assertEquals("[[\"model\",\"kind\"]]", error.at("/_aws/CloudWatchMetrics/0/Dimensions").toString());
        assertEquals(1.0, error.path("PredictErrors").asDouble());
        assertFalse(error.has("version"), "no dimension of an earlier document: " + error);
    }

    @Test
    void aMetricTheCatalogDoesNotPublishIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> emitter.document()
                .dimensions("model", "churn").put(VigilMetric.F1_WEIGHTED, 0.8).emit());
        assertEquals("F1Weighted is not a published metric", e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> emitter.countOne(VigilMetric.PREDICT_5XX_RATE, "model", "churn"));
    }

    @Test
    void aDimensionSetOutsideTheCatalogsIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> emitter.countOne(VigilMetric.PREDICT_ERRORS, "model", "churn"));
        assertEquals("PredictErrors is published under [[model, kind]], not [model]", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> emitter.document().put(VigilMetric.ROWS_SCORED, 1).emit(),
                "no dimension set at all");
        assertThrows(IllegalArgumentException.class, () -> emitter.document().dimensions("model"));
    }

    @Test
    void aDocumentWithoutValuesWritesNothing() {
        assertTrue(emf(() -> emitter.document().dimensions("model", "churn").emit()).isEmpty());
    }

    private static String unit(JsonNode directive, String name) {
        for (JsonNode metric : directive.path("Metrics")) {
            if (metric.path("Name").asText().equals(name)) {
                return metric.path("Unit").asText();
            }
        }
        throw new AssertionError(name + " not in " + directive);
    }

    private static List<JsonNode> emf(Runnable action) {
        return StdoutCapture.jsonLines(action).stream().filter(line -> line.has("_aws")).toList();
    }
}
