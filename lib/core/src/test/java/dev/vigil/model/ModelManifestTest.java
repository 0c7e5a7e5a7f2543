package dev.vigil.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vigil.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelManifestTest {
    private static final String SHA = "a".repeat(64);

    private static ModelManifest binary(double threshold) {
        return new ModelManifest("churn", "v1", SHA, Task.BINARY_CLASSIFICATION, List.of("age", "spend"),
                List.of("stay", "leave"), null, threshold, Instant.parse("2026-01-01T00:00:00Z"), "s3://b/k",
                new Baseline(10,
                        Map.of("age", new Distribution(new double[] {0, 1, 2}, new long[] {4, 6}, null)), null),
                Map.of("algorithm", "logistic"));
    }

    @Test
    void roundTripsThroughJsonUnchanged() {
        ModelManifest m = binary(0.7);
        ModelManifest back = Json.fromBytes(Json.toBytes(m), ModelManifest.class);
        assertEquals(m, back);
        assertEquals(0.7, back.decisionThreshold());
    }

    @Test
    void binaryThresholdDefaultsToOneHalfWhenAbsent() {
        assertEquals(0.5, binary(0.0).decisionThreshold());
        String json = new String(Json.toBytes(binary(0.5)), StandardCharsets.UTF_8)
                .replace("\"decisionThreshold\":0.5,", "");
        assertEquals(0.5, Json.fromBytes(json.getBytes(StandardCharsets.UTF_8), ModelManifest.class)
                .decisionThreshold());
    }

    @Test
    void rejectsBinaryModelWithoutTwoLabels() {
        assertThrows(IllegalArgumentException.class, () -> new ModelManifest("m", "v1", SHA,
                Task.BINARY_CLASSIFICATION, List.of("x"), List.of("a", "b", "c"), null, 0.5, Instant.now(),
                null, null, null));
    }

    @Test
    void rejectsUnsafeVersionNames() {
        assertThrows(IllegalArgumentException.class, () -> new ModelManifest("m", "../v1", SHA,
                Task.REGRESSION, List.of("x"), List.of(), null, 0, Instant.now(), null, null, null));
    }

    @Test
    void rejectsDuplicateFeatureNames() {
        assertThrows(IllegalArgumentException.class, () -> new ModelManifest("m", "v1", SHA,
                Task.REGRESSION, List.of("x", "x"), List.of(), null, 0, Instant.now(), null, null, null));
    }
}
