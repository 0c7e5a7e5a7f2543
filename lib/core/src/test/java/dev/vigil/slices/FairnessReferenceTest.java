package dev.vigil.slices;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.json.Json;
import dev.vigil.model.ModelMonitoring;
import dev.vigil.model.ProtectedAttribute;
import dev.vigil.model.Task;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fairness metrics and intervals against {@code reference/fairness.json}, computed independently by
 * {@code make_fairness.py} (scipy's Wilson interval, numpy masks; see the script's docstring), to 1e-9.
 */
class FairnessReferenceTest {
    private static final List<String> LABELS = List.of("0", "1");

    static Stream<JsonNode> cases() throws IOException {
        try (InputStream in = FairnessReferenceTest.class.getResourceAsStream("/reference/fairness.json")) {
            JsonNode root = Json.MAPPER.readTree(in);
            List<JsonNode> cases = new ArrayList<>();
            root.path("cases").forEach(cases::add);
            return cases.stream();
        }
    }

    @ParameterizedTest(name = "{index}")
    @MethodSource("cases")
    void eachGroupMatchesTheIndependentComputation(JsonNode c) {
        ModelMonitoring monitoring = new ModelMonitoring(List.of(),
                List.of(new ProtectedAttribute("group", c.path("privileged").asText())),
                c.path("minimumRows").asLong(), null);
        SliceAccumulator acc = new SliceAccumulator(monitoring, Task.BINARY_CLASSIFICATION, LABELS);
        for (JsonNode row : c.path("rows")) {
            String group = row.get(0).isNull() ? null : row.get(0).asText();
            int y = row.get(1).asInt();
            double p = row.get(2).asDouble();
            acc.addClassified(Collections.singletonList(group), y, p >= 0.5 ? 1 : 0, new double[] {1 - p, p},
                    row.get(3).asDouble());
        }

        SliceReport report = SliceReport.of(acc.finish(), monitoring, Task.BINARY_CLASSIFICATION, 0.95);

        assertTrue(report.columns().isEmpty(), "a protected attribute alone is not a slice column");
        FairnessReport fairness = report.fairness().get(0);
        assertEquals(c.path("rowsWithoutGroup").asLong(), fairness.rowsWithoutGroup());
        Map<String, JsonNode> expected = Json.MAPPER.convertValue(c.path("expected"),
                Json.MAPPER.getTypeFactory().constructMapType(Map.class, String.class, JsonNode.class));
        assertEquals(expected.keySet(), fairness.groups().stream().map(GroupComparison::group)
                .collect(java.util.stream.Collectors.toSet()));
        for (GroupComparison g : fairness.groups()) {
            JsonNode e = expected.get(g.group());
            assertEquals(e.path("rows").asLong(), g.rows(), g.group());
            assertEquals(e.path("judged").asBoolean(), g.judged(), g.group());
            if (!g.judged()) {
                assertFalse(report.published().containsKey(g.slice()), "a group too small is not published");
                continue;
            }
            close(e.path("positiveRate").asDouble(), g.rates().positiveRate(), g.group() + " positive rate");
            close(e.path("truePositiveRate").asDouble(), g.rates().truePositiveRate(), g.group() + " TPR");
            estimate(e.path("demographicParityDifference"), g.demographicParityDifference(), g.group() + " DPD");
            estimate(e.path("equalOpportunityDifference"), g.equalOpportunityDifference(), g.group() + " EOD");
            estimate(e.path("disparateImpactRatio"), g.disparateImpactRatio(), g.group() + " DI");
            assertNotNull(report.published().get(g.slice()), g.slice());
        }
    }

    private static void estimate(JsonNode expected, FairnessIntervals.Estimate actual, String what) {
        close(expected.get(0).asDouble(), actual.value(), what + " value");
        close(expected.get(1).asDouble(), actual.lower(), what + " lower");
        close(expected.get(2).asDouble(), actual.upper(), what + " upper");
    }

    private static void close(double expected, double actual, String what) {
        assertTrue(Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected)),
                what + ": expected " + expected + ", got " + actual);
    }
}
