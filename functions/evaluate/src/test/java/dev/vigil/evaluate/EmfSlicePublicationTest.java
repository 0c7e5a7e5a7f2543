package dev.vigil.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.testkit.StdoutCapture;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a slice's EMF document carries: its quality metrics with their bounds, under {model, slice} only. */
class EmfSlicePublicationTest {
    private final EmfMetricsPublisher publisher = new EmfMetricsPublisher("Vigil");

    @Test
    void aSlicesBoundsArePublishedBesideItsMetricUnderModelAndSlice() {
        Map<String, Double> north = new LinkedHashMap<>();
        north.put("Accuracy", 0.8);
        north.put("AccuracyLowerBound", 0.71);
        north.put("AccuracyUpperBound", 0.87);
        north.put("DisparateImpactRatio", 0.9);

        List<JsonNode> lines = StdoutCapture.jsonLines(
                () -> publisher.publishSlices("churn", Map.of("region=north", north)));

        assertEquals(1, lines.size(), lines.toString());
        JsonNode emf = lines.getFirst();
        assertEquals("region=north", emf.path("slice").asText());
        assertEquals(0.87, emf.path("AccuracyUpperBound").asDouble());
        assertEquals(0.71, emf.path("AccuracyLowerBound").asDouble());
        JsonNode directive = emf.path("_aws").path("CloudWatchMetrics").get(0);
        assertEquals("[[\"model\",\"slice\"]]", directive.path("Dimensions").toString());
        List<String> names = new ArrayList<>();
        directive.path("Metrics").forEach(m -> names.add(m.path("Name").asText()));
        assertTrue(names.containsAll(List.of("Accuracy", "AccuracyLowerBound", "AccuracyUpperBound",
                "DisparateImpactRatio")), names.toString());
    }

    @Test
    void aBoundNameOfAMetricWithoutPublishedBoundsIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StdoutCapture.jsonLines(() -> publisher.publishSlices("churn",
                        Map.of("group=b", Map.of("DisparateImpactRatioLowerBound", 0.7)))));
        assertTrue(e.getMessage().contains("DisparateImpactRatioLowerBound"), e.getMessage());
    }
}
