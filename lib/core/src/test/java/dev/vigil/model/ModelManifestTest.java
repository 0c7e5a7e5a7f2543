package dev.vigil.model;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.drift.ObservedRange;
import dev.vigil.json.Json;
import java.io.IOException;
import java.io.InputStream;
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
                Provenance.builder().algorithm("logistic").trainedRows(1200L).partitions(List.of("2026-01-01"))
                        .retrainRun("r-7").alarm("vigil-churn-f1").trainer("local").extra("commit", "ab12").build());
    }

    @Test
    void roundTripsThroughJsonUnchanged() {
        ModelManifest m = binary(0.7);
        ModelManifest back = Json.fromBytes(Json.toBytes(m), ModelManifest.class);
        assertEquals(m, back);
        assertEquals(0.7, back.decisionThreshold());
    }

    @Test
    void provenanceRoundTripsThroughJsonWithItsTypedFactsAndExtras() {
        ModelManifest m = binary(0.5);

        JsonNode written = Json.fromBytes(Json.toBytes(m), JsonNode.class).path("provenance");
        ModelManifest back = Json.fromBytes(Json.toBytes(m), ModelManifest.class);

        assertEquals(m.provenance(), back.provenance());
        assertEquals(1200, written.path("trainedRows").asLong());
        assertTrue(written.path("trainedRows").isNumber(), written.toString());
        assertEquals("2026-01-01", written.path("partitions").path(0).asText());
        assertEquals("ab12", written.path("extra").path("commit").asText());
    }

    @Test
    void anOlderManifestsFlatStringProvenanceIsReadIntoTypedFactsAndUnknownNamesGoToExtra() {
        ObjectNode older = Json.MAPPER.valueToTree(binary(0.5));
        ObjectNode flat = older.putObject("provenance");
        flat.put("algorithm", "logistic regression").put("hyperparameters", "lr=0.2").put("trainedRows", "120")
                .put("partitions", "2026-11-01,2026-11-02").put("retrainRun", "r-1").put("alarm", "vigil-churn-f1")
                .put("trainer", "local").put("commit", "ab12");

        Provenance read = Json.fromBytes(Json.toBytes(older), ModelManifest.class).provenance();

        assertEquals(Provenance.builder().algorithm("logistic regression").hyperparameters("lr=0.2")
                .trainedRows(120L).partitions(List.of("2026-11-01", "2026-11-02")).retrainRun("r-1")
                .alarm("vigil-churn-f1").trainer("local").extra("commit", "ab12").build(), read);
    }

    @Test
    void aManifestWithoutProvenanceHasNone() {
        ObjectNode without = Json.MAPPER.valueToTree(binary(0.5));
        without.remove("provenance");
        ObjectNode nullProvenance = without.deepCopy().putNull("provenance");

        assertEquals(Provenance.NONE, Json.fromBytes(Json.toBytes(without), ModelManifest.class).provenance());
        assertEquals(Provenance.NONE, Json.fromBytes(Json.toBytes(nullProvenance), ModelManifest.class).provenance());
    }

    @Test
    void aProvenanceRowCountThatIsNotAWholeNumberIsRefusedNamingTheField() {
        String bad = "{\"trainedRows\": \"many\"}";

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Provenance.fromJson(Json.fromBytes(bad.getBytes(UTF_8), JsonNode.class)));
        assertTrue(e.getMessage().contains("provenance.trainedRows must be a whole number"), e.getMessage());
    }

    @Test
    void aManifestWrittenBeforeObservedRangesReadsWithMinAndMaxUnknown() throws IOException {
        byte[] old;
        try (InputStream in = getClass().getResourceAsStream("/manifests/manifest-without-observed-range.json")) {
            old = in.readAllBytes();
        }

        ModelManifest read = Json.fromBytes(old, ModelManifest.class);

        Distribution tenure = read.baseline().features().get("tenure_months");
        assertFalse(tenure.hasMinMax());
        assertNull(tenure.min());
        assertNull(tenure.max());
        assertArrayEquals(new double[] {0, 12, 36, 72}, tenure.binEdges());
        assertEquals(new ObservedRange(0, 72, false), ObservedRange.of(tenure));
        assertEquals(new ObservedRange(18.25, 118.75, false),
                ObservedRange.of(read.baseline().features().get("monthly_charges")));
        assertFalse(read.baseline().prediction().hasMinMax());
        assertEquals(read, Json.fromBytes(Json.toBytes(read), ModelManifest.class));
        assertFalse(new String(Json.toBytes(read), UTF_8).contains("\"min\""),
                "unknown ranges are not written, so the manifest keeps its earlier form");
    }

    @Test
    void distributionMinAndMaxRoundTripThroughJson() {
        Distribution d = new Distribution(new double[] {0, 1, 2}, new long[] {4, 6}, new double[] {0.5}, 0.25, 1.75);
        ModelManifest m = binary(0.5);
        ModelManifest withRange = new ModelManifest(m.name(), m.version(), m.sha256(), m.task(), m.features(),
                m.labels(), m.output(), m.decisionThreshold(), m.createdAt(), m.trainingData(),
                new Baseline(10, Map.of("age", d), null), m.provenance());

        ModelManifest back = Json.fromBytes(Json.toBytes(withRange), ModelManifest.class);

        Distribution read = back.baseline().features().get("age");
        assertEquals(0.25, read.min());
        assertEquals(1.75, read.max());
        assertEquals(withRange, back);
        assertNotEquals(m, back, "the range is part of a distribution's value");
    }

    @Test
    void distributionRefusesAHalfGivenOrInvertedRange() {
        double[] edges = {0, 1, 2};
        long[] counts = {4, 6};
        assertThrows(IllegalArgumentException.class, () -> new Distribution(edges, counts, null, 0.5, null));
        assertThrows(IllegalArgumentException.class, () -> new Distribution(edges, counts, null, 1.5, 0.5));
        assertThrows(IllegalArgumentException.class,
                () -> new Distribution(edges, counts, null, Double.NEGATIVE_INFINITY, 0.5));
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
