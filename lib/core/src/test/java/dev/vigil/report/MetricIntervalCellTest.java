package dev.vigil.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vigil.evaluation.IntervalMethod;
import dev.vigil.evaluation.Metric;
import dev.vigil.evaluation.MetricStatus;
import dev.vigil.evaluation.MetricValue;
import org.junit.jupiter.api.Test;

/** The interval cell of the report's metrics table. */
class MetricIntervalCellTest {

    @Test
    void anIntervalShowsItsBoundsLevelAndMethodAndNoIntervalShowsNothing() {
        assertEquals("0.8012&ndash;0.8644 <span class=\"meta\">(95%, Wilson)</span>", HtmlReport.interval(
                new MetricValue(Metric.ACCURACY, 0.833, 0.5, MetricStatus.VALID, 0.8012, 0.8644, 0.95,
                        IntervalMethod.WILSON)));
        assertEquals("0.7000&ndash;0.9000 <span class=\"meta\">(90%, normal, root of MSE)</span>", HtmlReport.interval(
                new MetricValue(Metric.ACCURACY, 0.8, 0.5, MetricStatus.VALID, 0.7, 0.9, 0.90,
                        IntervalMethod.NORMAL_MEAN_SQRT)));
        assertEquals("0.7000&ndash;0.9000 <span class=\"meta\">(99.5%, DeLong, logit)</span>", HtmlReport.interval(
                new MetricValue(Metric.ACCURACY, 0.8, 0.5, MetricStatus.VALID, 0.7, 0.9, 0.995,
                        IntervalMethod.DELONG)));
        assertEquals("", HtmlReport.interval(new MetricValue(Metric.F1_BINARY, 0.8, 0.5, MetricStatus.VALID,
                Double.NaN, Double.NaN, Double.NaN, null)));
    }
}
