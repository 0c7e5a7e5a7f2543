package dev.vigil.slices;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.evaluation.ClassificationAccumulator;
import dev.vigil.evaluation.EvaluationState;
import dev.vigil.evaluation.Metric;
import dev.vigil.evaluation.MetricReport;
import dev.vigil.evaluation.MinimumSampleSize;
import dev.vigil.evaluation.RegressionAccumulator;
import dev.vigil.json.Json;
import dev.vigil.model.ModelMonitoring;
import dev.vigil.model.SliceColumn;
import dev.vigil.model.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SliceAccumulatorTest {
    private static final List<String> LABELS = List.of("0", "1");

    /** One scored binary row with its slice value. */
    private record Row(String value, int actual, double p) {
        int predicted() {
            return p >= 0.5 ? 1 : 0;
        }
    }

    /** Rows whose value is {@code values[i]} with probability weights; accuracy depends on the value. */
    private static List<Row> rows(int n, long seed, String... values) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String value = values[random.nextInt(values.length)];
            int actual = random.nextInt(2);
            double noise = value.equals("weak") ? 0.02 : 0.25;
            double centre = actual == 1 ? 0.5 + noise : 0.5 - noise;
            double p = Math.min(1, Math.max(0, centre + random.nextGaussian() * 0.3));
            rows.add(new Row(value, actual, p));
        }
        return rows;
    }

    private static ModelMonitoring monitoring(SliceColumn column, long minimumRows, Integer maxValues) {
        return new ModelMonitoring(List.of(column), List.of(), minimumRows, maxValues);
    }

    private static SliceState state(ModelMonitoring monitoring, List<Row> rows) {
        SliceAccumulator acc = new SliceAccumulator(monitoring, Task.BINARY_CLASSIFICATION, LABELS);
        for (Row r : rows) {
            acc.addClassified(java.util.Collections.singletonList(r.value()), r.actual(), r.predicted(),
                    new double[] {1 - r.p(), r.p()}, 1.0);
        }
        return acc.finish();
    }

    private static MetricReport engine(List<Row> rows, String value, long minimum) {
        ClassificationAccumulator acc = new ClassificationAccumulator(Task.BINARY_CLASSIFICATION, LABELS);
        rows.stream().filter(r -> value.equals(r.value()))
                .forEach(r -> acc.add(r.actual(), r.predicted(), new double[] {1 - r.p(), r.p()}));
        return acc.state().report(new MinimumSampleSize(minimum));
    }

    private static SliceResult slice(SliceReport report, String value) {
        return report.columns().get(0).slices().stream().filter(s -> s.value().equals(value)).findFirst()
                .orElseThrow();
    }

    @Test
    void eachSlicesMetricsAreTheEnginesOnItsRowsWithTheirIntervals() {
        List<Row> rows = rows(900, 1, "north", "south", "weak");
        ModelMonitoring m = monitoring(SliceColumn.categorical("region"), 100, null);

        SliceReport report = SliceReport.of(state(m, rows), m, Task.BINARY_CLASSIFICATION, 0.95);

        for (String value : List.of("north", "south", "weak")) {
            MetricReport expected = engine(rows, value, 100);
            SliceResult s = slice(report, value);
            assertEquals("region=" + value, s.slice());
            assertEquals(expected.metric(Metric.ACCURACY).orElseThrow(), s.ranked());
            assertTrue(s.ranked().hasInterval(), "accuracy carries its Wilson interval");
        }
        assertEquals("region=weak", report.worst().getFirst().slice(), "the weak slice ranks worst");
    }

    /** {@code n} rows of {@code value}, the first {@code correct} classified correctly. */
    private static List<Row> scored(String value, int n, int correct) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int actual = i % 2;
            boolean right = i < correct;
            rows.add(new Row(value, actual, (actual == 1) == right ? 0.8 : 0.2));
        }
        return rows;
    }

    @Test
    void aSmallNoisySliceIsNotRankedBelowALargeSliceThatIsConfidentlyWorse() {
        List<Row> rows = new ArrayList<>(scored("weak", 2000, 1400));
        rows.addAll(scored("tiny", 40, 26));
        rows.addAll(scored("good", 500, 450));
        ModelMonitoring m = monitoring(SliceColumn.categorical("region"), 30, null);

        SliceReport report = SliceReport.of(state(m, rows), m, Task.BINARY_CLASSIFICATION, 0.95);

        SliceResult tiny = slice(report, "tiny");
        SliceResult weak = slice(report, "weak");
        assertEquals(0.65, tiny.ranked().value(), 1e-12);
        assertEquals(0.70, weak.ranked().value(), 1e-12);
        assertTrue(tiny.ranked().upper() > weak.ranked().upper(), "tiny's interval reaches higher");
        assertEquals(List.of("region=weak", "region=tiny", "region=good"),
                report.worst().stream().map(RankedSlice::slice).toList());
        assertEquals(weak.ranked().upper(), report.worst().getFirst().bound(), "ranked by the upper bound");
    }

    @Test
    void slicesBelowTheMinimumAreShownAsTooFewRowsWithoutAValueAndNotPublished() {
        List<Row> rows = rows(300, 4, "big", "big", "big", "big", "big", "small");
        ModelMonitoring m = monitoring(SliceColumn.categorical("region"), 100, null);

        SliceReport report = SliceReport.of(state(m, rows), m, Task.BINARY_CLASSIFICATION, 0.95);

        SliceResult small = slice(report, "small");
        assertFalse(small.judged());
        assertNull(small.ranked());
        assertTrue(small.metrics().isEmpty());
        assertTrue(report.published().containsKey("region=big"));
        assertFalse(report.published().containsKey("region=small"));
        assertTrue(report.worst().stream().noneMatch(r -> r.slice().equals("region=small")));
    }

    @Test
    void valuesBeyondTheCapAreCountedTogetherAsOtherAndSaidSo() {
        List<Row> rows = new ArrayList<>();
        for (int v = 0; v < 8; v++) {
            for (Row r : rows(10 * (8 - v), 10 + v, "v" + v)) {
                rows.add(r);
            }
        }
        ModelMonitoring m = monitoring(SliceColumn.categorical("region"), 1, 3);

        SliceReport report = SliceReport.of(state(m, rows), m, Task.BINARY_CLASSIFICATION, 0.95);

        ColumnSlices column = report.columns().get(0);
        assertEquals(List.of("v0", "v1", "v2", SliceReport.OTHER),
                column.slices().stream().map(SliceResult::value).toList(), "the most frequent values are kept");
        SliceResult other = slice(report, SliceReport.OTHER);
        assertEquals(5, other.values());
        assertEquals(50 + 40 + 30 + 20 + 10, other.rows());
        assertTrue(column.note().contains("5 values"), column.note());
        assertEquals(rows.size(), column.slices().stream().mapToLong(SliceResult::rows).sum(), "no row is lost");
        assertFalse(report.published().containsKey("region=" + SliceReport.OTHER));
    }

    @Test
    void aColumnWithMoreValuesThanAreTrackedIsNotSlicedAndSaysSo() {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i <= ModelMonitoring.MAX_TRACKED_VALUES; i++) {
            rows.add(new Row("id-" + i, i % 2, 0.7));
        }
        ModelMonitoring m = monitoring(SliceColumn.categorical("customer"), 1, null);

        SliceState state = state(m, rows);
        SliceReport report = SliceReport.of(state, m, Task.BINARY_CLASSIFICATION, 0.95);

        assertTrue(state.columns().getFirst().overflowed());
        assertTrue(state.columns().getFirst().values().isEmpty(), "its accumulators were released");
        assertTrue(report.columns().getFirst().note().contains("not sliced"), report.columns().getFirst().note());
        assertEquals(rows.size(), report.columns().getFirst().rows());
    }

    @Test
    void shardsMergedInOrderEqualOnePassWhateverValuesEachShardSaw() {
        // the second shard sees more than the tracked limit of new values only after an early value of the first
        List<Row> rows = rows(3000, 5, "a", "b", "c", "d", "weak");
        ModelMonitoring m = monitoring(new SliceColumn("score", List.of()), 10, 2);
        SliceState onePass = state(m, rows);
        for (int cut : new int[] {0, 1, 777, 2999, 3000}) {
            SliceState first = state(m, rows.subList(0, cut));
            SliceState second = state(m, rows.subList(cut, rows.size()));

            SliceState merged = first.merge(second);

            assertEquals(onePass, merged, "cut at " + cut);
            assertEquals(SliceReport.of(onePass, m, Task.BINARY_CLASSIFICATION, 0.95),
                    SliceReport.of(merged, m, Task.BINARY_CLASSIFICATION, 0.95), "cut at " + cut);
        }
        assertEquals(onePass, Json.fromBytes(Json.toBytes(onePass), SliceState.class), "survives a shard's JSON");
    }

    @Test
    void overflowIsDecidedOnTheMergedValuesSoShardsAgreeWithOnePass() {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < ModelMonitoring.MAX_TRACKED_VALUES + 10; i++) {
            rows.add(new Row("id-" + i, i % 2, 0.3));
        }
        ModelMonitoring m = monitoring(SliceColumn.categorical("customer"), 1, null);
        int half = rows.size() / 2;

        SliceState merged = state(m, rows.subList(0, half)).merge(state(m, rows.subList(half, rows.size())));

        assertEquals(state(m, rows), merged);
        assertTrue(merged.columns().getFirst().overflowed());
    }

    @Test
    void regressionSlicesUseTheEnginesRegressionMetricsAndRankByMaeLowerBound() {
        ModelMonitoring m = monitoring(new SliceColumn("age", List.of(40.0)), 20, null);
        SliceAccumulator acc = new SliceAccumulator(m, Task.REGRESSION, List.of());
        RegressionAccumulator young = new RegressionAccumulator();
        SplittableRandom random = new SplittableRandom(6);
        for (int i = 0; i < 400; i++) {
            double age = 18 + random.nextInt(60);
            double y = random.nextGaussian();
            double error = age >= 40 ? 2.0 : 0.5;
            double predicted = y + error * random.nextGaussian();
            acc.addRegressed(List.of(Double.toString(age)), y, predicted, 1.0);
            if (age < 40) {
                young.add(y, predicted);
            }
        }

        SliceReport report = SliceReport.of(acc.finish(), m, Task.REGRESSION, 0.95);

        EvaluationState expected = young.finish();
        assertEquals(expected.report(new MinimumSampleSize(20)).metric(Metric.MAE).orElseThrow(),
                slice(report, "(-inf,40)").ranked());
        assertEquals(Metric.MAE, report.rankedBy());
        assertEquals("age=[40,inf)", report.worst().getFirst().slice(), "the larger error ranks worst");
    }
}
