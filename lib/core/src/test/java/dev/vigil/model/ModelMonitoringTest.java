package dev.vigil.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelMonitoringTest {
    private static final String SHA = "b".repeat(64);

    private static ModelManifest binary(ModelMonitoring monitoring) {
        return new ModelManifest("churn", "v1", SHA, Task.BINARY_CLASSIFICATION, List.of("age", "spend"),
                List.of("stay", "leave"), null, 0.5, Instant.parse("2026-01-01T00:00:00Z"), null, null, null,
                monitoring);
    }

    @Test
    void binsAreHalfOpenAndNamedByTheirEdges() {
        SliceColumn age = new SliceColumn("age", List.of(30.0, 50.0, 65.5));

        assertEquals(List.of("(-inf,30)", "[30,50)", "[50,65.5)", "[65.5,inf)"), age.bins());
        assertEquals("(-inf,30)", age.sliceOf("29.99"));
        assertEquals("[30,50)", age.sliceOf(" 30 "));
        assertEquals("[65.5,inf)", age.sliceOf("1e9"));
        assertEquals(SliceColumn.INVALID, age.sliceOf("old"));
        assertEquals(SliceColumn.INVALID, age.sliceOf("NaN"));
        assertEquals(SliceColumn.MISSING, age.sliceOf(""));
        assertEquals(SliceColumn.MISSING, age.sliceOf(null));
    }

    @Test
    void categoricalValuesAreStrippedAndTooLongOrControlTextIsInvalid() {
        SliceColumn region = SliceColumn.categorical("region");

        assertEquals("EU", region.sliceOf(" EU "));
        assertEquals(SliceColumn.INVALID, region.sliceOf("x".repeat(SliceColumn.MAX_VALUE_CHARS + 1)));
        assertEquals(SliceColumn.INVALID, region.sliceOf("\u0000"));
    }

    @Test
    void edgesMustIncreaseStrictly() {
        assertThrows(IllegalArgumentException.class, () -> new SliceColumn("age", List.of(30.0, 30.0)));
        assertThrows(IllegalArgumentException.class, () -> new SliceColumn("age", List.of(Double.NaN)));
    }

    @Test
    void aManifestWithoutMonitoringIsWrittenAsBeforeAndReadBackWithNone() {
        ModelManifest plain = binary(null);

        JsonNode written = Json.fromBytes(Json.toBytes(plain), JsonNode.class);

        assertFalse(written.has("monitoring"), written.toString());
        assertEquals(ModelMonitoring.NONE, Json.fromBytes(Json.toBytes(plain), ModelManifest.class).monitoring());
    }

    @Test
    void theMonitoringBlockRoundTripsWithItsDocumentedShape() {
        String block = "{\"slices\":[{\"column\":\"region\"},{\"column\":\"age\",\"edges\":[30,50]}],"
                + "\"protected\":[{\"column\":\"gender\",\"privileged\":\"male\"}],\"minimumRows\":200}";
        ModelMonitoring monitoring = Json.fromBytes(block.getBytes(StandardCharsets.UTF_8), ModelMonitoring.class);

        ModelManifest back = Json.fromBytes(Json.toBytes(binary(monitoring)), ModelManifest.class);

        assertEquals(monitoring, back.monitoring());
        assertEquals(200, back.monitoring().minimumRows());
        assertEquals(ModelMonitoring.DEFAULT_MAX_VALUES, back.monitoring().maxValues());
        assertEquals(List.of("region", "age", "gender"), back.monitoring().columnNames(),
                "a protected attribute is read as a categorical column");
    }

    @Test
    void protectedAttributesNeedABinaryModelAndAPrivilegedBinThatExists() {
        ModelMonitoring fairness = new ModelMonitoring(List.of(), List.of(new ProtectedAttribute("gender", "m")),
                null, null);
        IllegalArgumentException regression = assertThrows(IllegalArgumentException.class, () -> new ModelManifest(
                "price", "v1", SHA, Task.REGRESSION, List.of("x"), List.of(), null, 0, Instant.EPOCH, null, null,
                null, fairness));
        assertTrue(regression.getMessage().contains("binary classification"), regression.getMessage());

        ModelMonitoring binnedAge = new ModelMonitoring(List.of(new SliceColumn("age", List.of(40.0))),
                List.of(new ProtectedAttribute("age", "40+")), null, null);
        IllegalArgumentException bin = assertThrows(IllegalArgumentException.class, () -> binary(binnedAge));
        assertTrue(bin.getMessage().contains("[40,inf)"), bin.getMessage());
    }
}
