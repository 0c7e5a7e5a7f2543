package dev.vigil.evaluation;

import static dev.vigil.evaluation.ReferenceFixture.assertClose;
import static dev.vigil.evaluation.ReferenceFixture.number;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Compares every metric, and the constant predictor's value beside it, with values computed independently in
 * numpy/scipy from scikit-learn's documented definitions (see reference/README.md), to 1e-9.
 */
class ScikitLearnReferenceTest {

    @ParameterizedTest
    @ValueSource(strings = {"binary_ties", "binary_weighted", "binary_single_class", "multiclass",
        "multiclass_weighted", "multiclass_absent_class", "regression", "regression_weighted",
        "regression_median_tie", "regression_constant_target"})
    void everyMetricMatchesTheIndependentReference(String name) {
        ReferenceFixture fixture = ReferenceFixture.load(name);
        MetricReport report = fixture.state().report(MinimumSampleSize.DEFAULT);
        JsonNode expected = fixture.json().get("expected");
        for (Map.Entry<String, JsonNode> e : expected.properties()) {
            MetricValue value = report.metric(Metric.byPublishedName(e.getKey()))
                    .orElseThrow(() -> new AssertionError(name + " does not report " + e.getKey()));
            assertClose(number(e.getValue()), value.value(), name + " " + e.getKey());
            assertEquals(expectedStatus(report, value.metric(), number(e.getValue())), value.status(),
                    name + " " + e.getKey() + " status");
        }
        assertEquals(expected.size(), report.metrics().size(), name + ": reports exactly the reference's metrics");
    }

    @ParameterizedTest
    @ValueSource(strings = {"binary_ties", "binary_weighted", "binary_single_class", "multiclass",
        "multiclass_weighted", "multiclass_absent_class", "regression", "regression_weighted",
        "regression_median_tie", "regression_constant_target"})
    void constantPredictorValuesMatchTheIndependentReference(String name) {
        ReferenceFixture fixture = ReferenceFixture.load(name);
        MetricReport report = fixture.state().report(MinimumSampleSize.DEFAULT);
        JsonNode constant = fixture.json().get("constant");
        for (Map.Entry<String, JsonNode> e : constant.properties()) {
            MetricValue value = report.metric(Metric.byPublishedName(e.getKey())).orElseThrow();
            assertClose(number(e.getValue()), value.constantPredictor(), name + " constant " + e.getKey());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"binary_ties", "binary_weighted", "binary_single_class", "multiclass",
        "multiclass_weighted", "multiclass_absent_class"})
    void perClassScoresAndConfusionMatrixMatchTheIndependentReference(String name) {
        ReferenceFixture fixture = ReferenceFixture.load(name);
        MetricReport report = fixture.state().report(MinimumSampleSize.DEFAULT);
        JsonNode perClass = fixture.json().get("perClass");
        List<ClassMetrics> classes = report.perClass();
        assertEquals(fixture.labels().size(), classes.size());
        for (int k = 0; k < classes.size(); k++) {
            ClassMetrics c = classes.get(k);
            String what = name + " class " + c.label();
            assertEquals(fixture.labels().get(k), c.label());
            assertClose(number(perClass.get("precision").get(k)), c.precision(), what + " precision");
            assertClose(number(perClass.get("recall").get(k)), c.recall(), what + " recall");
            assertClose(number(perClass.get("f1").get(k)), c.f1(), what + " f1");
            assertClose(number(perClass.get("support").get(k)), c.support(), what + " support");
            assertClose(number(perClass.get("rocAuc").get(k)), c.rocAuc(), what + " rocAuc");
            assertClose(number(perClass.get("averagePrecision").get(k)), c.averagePrecision(), what + " AP");
        }
        ConfusionMatrix matrix = report.confusionMatrix();
        assertNotNull(matrix);
        JsonNode confusion = fixture.json().get("confusion");
        for (int t = 0; t < classes.size(); t++) {
            for (int p = 0; p < classes.size(); p++) {
                assertEquals(confusion.get(t).get(p).asDouble(), matrix.count(t, p), name + " confusion");
            }
        }
    }

    private static MetricStatus expectedStatus(MetricReport report, Metric metric, double expected) {
        if (Double.isNaN(expected)) {
            return MetricStatus.UNDEFINED;
        }
        return report.largeEnoughToJudge() || !metric.judgesQuality() ? MetricStatus.VALID
                : MetricStatus.TOO_SMALL_TO_JUDGE;
    }
}
