package dev.vigil.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReportWithoutIntervalsTest {

    @ParameterizedTest
    @ValueSource(strings = {"binary_ties", "binary_weighted", "multiclass", "multiclass_weighted",
        "multiclass_absent_class", "regression", "regression_weighted"})
    void givesTheReportsValuesWithNoInterval(String fixture) {
        EvaluationState state = ReferenceFixture.load(fixture).state();
        MetricReport with = state.report(new MinimumSampleSize(1), ConfidenceIntervals.DEFAULT_LEVEL);
        MetricReport without = state.reportWithoutIntervals(new MinimumSampleSize(1));

        assertTrue(with.metrics().stream().anyMatch(v -> v.method() != null), "the fixture has intervals");
        List<MetricValue> points = with.metrics().stream().map(v -> new MetricValue(v.metric(), v.value(),
                v.constantPredictor(), v.status(), Double.NaN, Double.NaN, Double.NaN, null)).toList();
        assertEquals(points, without.metrics());
        for (MetricValue v : without.metrics()) {
            assertNull(v.method(), v.metric().publishedName());
        }
        assertEquals(with.perClass(), without.perClass());
        assertEquals(with.confusionMatrix(), without.confusionMatrix());
        assertEquals(with.warnings(), without.warnings());
    }
}
