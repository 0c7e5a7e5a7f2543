package dev.vigil.evaluation;

import static dev.vigil.evaluation.ReferenceFixture.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.json.Json;
import dev.vigil.model.Task;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Confidence intervals equal those computed independently by {@code reference/make_intervals.py} (numpy/scipy) to
 * 1e-9, are the same for a sharded run as for one pass, follow the configured level, exist for every quality metric,
 * and are absent (method null) where the method has no honest interval to give.
 */
class ConfidenceIntervalsTest {

    @ParameterizedTest
    @ValueSource(strings = {"binary_ties", "binary_weighted", "multiclass", "multiclass_weighted", "regression",
        "regression_weighted"})
    void intervalsMatchTheIndependentReference(String name) throws IOException {
        JsonNode reference = intervals();
        double level = reference.get("level").asDouble();
        MetricReport report = ReferenceFixture.load(name).state().report(MinimumSampleSize.DEFAULT, level);
        JsonNode expected = reference.get("fixtures").get(name);
        int compared = 0;
        for (Map.Entry<String, JsonNode> e : expected.properties()) {
            compared++;
            MetricValue value = report.metric(Metric.byPublishedName(e.getKey())).orElseThrow();
            String what = name + " " + e.getKey();
            assertEquals(e.getValue().get("method").asText(), Json.MAPPER.convertValue(value.method(), String.class),
                    what + " method");
            assertClose(e.getValue().get("lower").asDouble(), value.lower(), what + " lower");
            assertClose(e.getValue().get("upper").asDouble(), value.upper(), what + " upper");
            assertEquals(level, value.level(), what + " level");
            assertTrue(value.lower() <= value.value() && value.value() <= value.upper(), what + " contains value");
        }
        long withInterval = report.metrics().stream().filter(MetricValue::hasInterval).count();
        assertEquals(compared, withInterval, name + ": every interval Vigil reports is checked");
    }

    @ParameterizedTest
    @ValueSource(strings = {"binary_weighted", "multiclass_weighted", "regression_weighted"})
    void shardsMergedFromJsonGiveTheOnePassInterval(String name) {
        ReferenceFixture fixture = ReferenceFixture.load(name);
        int n = fixture.rows();
        EvaluationState merged = EvaluationState.empty(fixture.task(), fixture.task().isClassification()
                ? fixture.labels() : List.of());
        int[] cuts = {0, n / 5, n / 2, n - 7, n};
        for (int i = 0; i + 1 < cuts.length; i++) {
            EvaluationState shard = fixture.state(cuts[i], cuts[i + 1]);
            EvaluationState travelled = Json.MAPPER.convertValue(Json.MAPPER.valueToTree(shard),
                    EvaluationState.class);
            merged = merged.merge(travelled);
        }
        MetricReport onePass = fixture.state().report(MinimumSampleSize.DEFAULT, 0.9);
        MetricReport sharded = merged.report(MinimumSampleSize.DEFAULT, 0.9);
        for (MetricValue expected : onePass.metrics()) {
            MetricValue actual = sharded.metric(expected.metric()).orElseThrow();
            assertEquals(expected.method(), actual.method(), name + " " + expected.metric());
            assertEquals(expected.lower(), actual.lower(), 0.0, name + " " + expected.metric() + " lower");
            assertEquals(expected.upper(), actual.upper(), 0.0, name + " " + expected.metric() + " upper");
        }
    }

    @Test
    void aHigherLevelGivesAWiderIntervalAroundTheSameValue() {
        EvaluationState state = ReferenceFixture.load("binary_ties").state();
        MetricReport at95 = state.report(MinimumSampleSize.DEFAULT);
        MetricReport at99 = state.report(MinimumSampleSize.DEFAULT, 0.99);
        for (MetricValue narrow : at95.metrics()) {
            if (narrow.hasInterval()) {
                MetricValue wide = at99.metric(narrow.metric()).orElseThrow();
                assertEquals(0.95, narrow.level());
                assertEquals(0.99, wide.level());
                assertTrue(wide.lower() < narrow.lower() && wide.upper() > narrow.upper(), narrow.metric() + "");
            }
        }
        assertThrows(IllegalArgumentException.class, () -> state.report(MinimumSampleSize.DEFAULT, 1.0));
        assertThrows(IllegalArgumentException.class, () -> state.report(MinimumSampleSize.DEFAULT, 0.0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"binary_ties", "binary_weighted", "multiclass", "multiclass_weighted", "regression",
        "regression_weighted"})
    void everyQualityMetricCarriesAnIntervalAroundItsValue(String name) {
        MetricReport report = ReferenceFixture.load(name).state().report(MinimumSampleSize.DEFAULT);
        for (MetricValue v : report.metrics()) {
            if (v.metric().judgesQuality()) {
                assertTrue(v.hasInterval(), name + " " + v.metric() + " has an interval");
                assertTrue(v.lower() <= v.value() && v.value() <= v.upper(), name + " " + v.metric());
            } else {
                assertNone(v);
            }
        }
    }

    @Test
    void aPerfectClassifierGetsNoDeltaIntervalButAWilsonOne() {
        ClassificationAccumulator accumulator = new ClassificationAccumulator(Task.BINARY_CLASSIFICATION,
                List.of("no", "yes"));
        for (int i = 0; i < 200; i++) {
            int y = i % 3 == 0 ? 1 : 0;
            double p = y == 1 ? 0.9 : 0.1;
            accumulator.add(y, y, new double[] {1 - p, p});
        }
        MetricReport report = accumulator.finish().report(MinimumSampleSize.DEFAULT);
        for (Metric m : new Metric[] {Metric.F1_BINARY, Metric.F1_MACRO, Metric.PRECISION_WEIGHTED,
            Metric.BALANCED_ACCURACY, Metric.AVERAGE_PRECISION}) {
            assertEquals(1.0, report.value(m), m + "");
            assertNone(report.metric(m).orElseThrow());
        }
        MetricValue accuracy = report.metric(Metric.ACCURACY).orElseThrow();
        assertEquals(IntervalMethod.WILSON, accuracy.method());
        assertTrue(accuracy.lower() < 1.0 && accuracy.upper() == 1.0, "Wilson stays honest at 1");
    }

    @Test
    void rankingMetricsOfASingleClassCarryNoInterval() {
        MetricReport report = ReferenceFixture.load("binary_single_class").state().report(MinimumSampleSize.DEFAULT);
        assertNone(report.metric(Metric.ROC_AUC).orElseThrow());
        assertNone(report.metric(Metric.AVERAGE_PRECISION).orElseThrow());
    }

    @Test
    void aConstantTruthGivesNoR2IntervalAndFiveRowsNoMedianInterval() {
        MetricReport constant = ReferenceFixture.load("regression_constant_target").state()
                .report(MinimumSampleSize.DEFAULT);
        assertNone(constant.metric(Metric.R2).orElseThrow());
        RegressionAccumulator five = new RegressionAccumulator();
        RegressionAccumulator six = new RegressionAccumulator();
        for (int i = 0; i < 6; i++) {
            if (i < 5) {
                five.add(i, 0.5 * i);
            }
            six.add(i, 0.5 * i);
        }
        assertNone(five.finish().report(MinimumSampleSize.DEFAULT).metric(Metric.MEDIAN_AE).orElseThrow());
        MetricValue median = six.finish().report(MinimumSampleSize.DEFAULT).metric(Metric.MEDIAN_AE).orElseThrow();
        assertEquals(IntervalMethod.ORDER_STATISTIC, median.method());
        assertEquals(0.0, median.lower(), "six rows at 95%: the smallest and largest absolute errors");
        assertEquals(2.5, median.upper());
    }

    @Test
    void theReportJsonCarriesEachIntervalAndReadsBackEqual() {
        MetricReport report = ReferenceFixture.load("binary_weighted").state().report(MinimumSampleSize.DEFAULT);
        JsonNode json = Json.MAPPER.valueToTree(report);
        JsonNode accuracy = null;
        JsonNode rows = null;
        for (JsonNode m : json.get("metrics")) {
            if (m.get("metric").asText().equals(Metric.ACCURACY.publishedName())) {
                accuracy = m;
            } else if (m.get("metric").asText().equals(Metric.ROWS_SCORED.publishedName())) {
                rows = m;
            }
        }
        MetricValue value = report.metric(Metric.ACCURACY).orElseThrow();
        assertEquals(value.lower(), accuracy.get("lower").asDouble());
        assertEquals(value.upper(), accuracy.get("upper").asDouble());
        assertEquals(0.95, accuracy.get("level").asDouble());
        assertEquals("wilson", accuracy.get("method").asText());
        assertTrue(rows.get("method").isNull(), "no interval: method null");
        assertEquals(report, Json.MAPPER.convertValue(json, MetricReport.class));
    }

    @Test
    void normalQuantileMatchesKnownValues() {
        assertEquals(1.959963984540054, ConfidenceIntervals.normalQuantile(0.975), 1e-15);
        assertEquals(-2.575829303548901, ConfidenceIntervals.normalQuantile(0.005), 1e-14);
        assertEquals(0.0, ConfidenceIntervals.normalQuantile(0.5), 0.0);
        assertEquals(-7.941345326170998, ConfidenceIntervals.normalQuantile(1e-15), 1e-12);
    }

    private static void assertNone(MetricValue value) {
        assertNull(value.method(), value.metric() + " method");
        assertTrue(Double.isNaN(value.lower()) && Double.isNaN(value.upper()), value.metric() + " bounds");
    }

    private static JsonNode intervals() throws IOException {
        try (InputStream in = ConfidenceIntervalsTest.class.getResourceAsStream("/reference/intervals.json")) {
            return Json.MAPPER.readTree(in);
        }
    }
}
