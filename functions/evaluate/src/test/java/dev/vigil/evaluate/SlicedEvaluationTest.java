package dev.vigil.evaluate;

import static dev.vigil.evaluate.EvaluateFixture.BINARY;
import static dev.vigil.evaluate.EvaluateFixture.MODEL;
import static dev.vigil.evaluate.EvaluateFixture.binaryRows;
import static dev.vigil.evaluate.EvaluateFixture.dt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.dataset.DatasetWindow;
import dev.vigil.evaluation.ClassificationAccumulator;
import dev.vigil.evaluation.Metric;
import dev.vigil.evaluation.MetricReport;
import dev.vigil.evaluation.MinimumSampleSize;
import dev.vigil.json.Json;
import dev.vigil.metrics.MetricBound;
import dev.vigil.metrics.VigilMetric;
import dev.vigil.model.ModelMonitoring;
import dev.vigil.model.ProtectedAttribute;
import dev.vigil.model.SliceColumn;
import dev.vigil.onnx.OnnxModel;
import dev.vigil.onnx.Predictions;
import dev.vigil.registry.ModelDraft;
import dev.vigil.report.RunIndex;
import dev.vigil.report.RunReport;
import dev.vigil.report.RunStatus;
import dev.vigil.slices.ColumnSlices;
import dev.vigil.slices.FairnessReport;
import dev.vigil.slices.GroupComparison;
import dev.vigil.slices.SliceReport;
import dev.vigil.slices.SliceResult;
import dev.vigil.testkit.AwsEmulator;
import dev.vigil.testkit.Emulator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Declared slices and protected attributes evaluated by the evaluate function, in one pass and sharded. */
@ExtendWith(AwsEmulator.class)
class SlicedEvaluationTest {
    private static final String[] REGIONS = {"north", "south", "east"};
    private static final ModelMonitoring MONITORING = new ModelMonitoring(
            List.of(SliceColumn.categorical("region"), new SliceColumn("f0", List.of(-0.5, 0.5))),
            List.of(new ProtectedAttribute("group", "a")), 50L, null);

    private final EvaluateFixture fx;

    SlicedEvaluationTest(Emulator emulator) {
        this.fx = new EvaluateFixture(emulator);
    }

    /** A labelled row with its slice columns. */
    private record SlicedRow(EvaluateFixture.Row row, String region, String group) {}

    private static List<SlicedRow> rows(int n, long seed) {
        List<SlicedRow> rows = new ArrayList<>();
        List<EvaluateFixture.Row> base = binaryRows(n, seed, 0f);
        for (int i = 0; i < base.size(); i++) {
            rows.add(new SlicedRow(base.get(i), REGIONS[(int) ((i + seed) % 3)], i % 3 == 0 ? "b" : "a"));
        }
        return rows;
    }

    /** CSV with region and group columns (the slice columns are not model inputs). */
    private static String csv(List<SlicedRow> rows) {
        StringBuilder s = new StringBuilder("id,f0,f1,f2,f3,region,group,label\n");
        for (SlicedRow r : rows) {
            s.append(r.row().id());
            for (float v : r.row().x()) {
                s.append(',').append(v);
            }
            s.append(',').append(r.region()).append(',').append(r.group()).append(',').append(r.row().label())
                    .append('\n');
        }
        return s.toString();
    }

    /** JSON Lines without the region key: its rows fall in region=(missing). */
    private static String jsonlWithoutRegion(List<SlicedRow> rows) {
        StringBuilder s = new StringBuilder();
        for (SlicedRow r : rows) {
            s.append("{\"id\":\"").append(r.row().id()).append('"');
            for (int f = 0; f < r.row().x().length; f++) {
                s.append(",\"f").append(f).append("\":").append(r.row().x()[f]);
            }
            s.append(",\"group\":\"").append(r.group()).append("\",\"label\":").append(r.row().label()).append("}\n");
        }
        return s.toString();
    }

    private void registerWithMonitoring() {
        ModelDraft d = BINARY.draft(MODEL, "v1");
        fx.registry.register(new ModelDraft(d.name(), d.version(), d.task(), d.features(), d.labels(), d.output(),
                d.decisionThreshold(), d.createdAt(), d.trainingData(), null, d.provenance(), MONITORING),
                BINARY.bytes());
        fx.promote("v1");
    }

    /** Writes three objects and returns every row as the run will read them (region blanked in the JSON Lines). */
    private List<SlicedRow> writeData() {
        List<SlicedRow> first = rows(300, 41);
        List<SlicedRow> second = rows(250, 42);
        List<SlicedRow> third = rows(120, 43);
        fx.put(dt(0) + "part-0000.csv", csv(first));
        fx.put(dt(0) + "part-0001.csv.gz", csv(second));
        fx.put(dt(0) + "part-0002.jsonl", jsonlWithoutRegion(third));
        List<SlicedRow> all = new ArrayList<>(first);
        all.addAll(second);
        third.forEach(r -> all.add(new SlicedRow(r.row(), null, r.group())));
        return all;
    }

    /** The engine's report of the rows {@code keep} selects, scored in memory by the same model. */
    private static MetricReport expected(List<SlicedRow> rows, java.util.function.Predicate<SlicedRow> keep) {
        ClassificationAccumulator acc = new ClassificationAccumulator(BINARY.task(), BINARY.labels());
        float[][] x = rows.stream().map(r -> r.row().x()).toArray(float[][]::new);
        try (OnnxModel model = OnnxModel.load(BINARY.manifest(MODEL, "ref"), BINARY.bytes())) {
            Predictions p = model.predict(x);
            for (int i = 0; i < rows.size(); i++) {
                if (keep.test(rows.get(i))) {
                    acc.add(Integer.parseInt(rows.get(i).row().label()), p.labelIndex(i), p.probabilities(i));
                }
            }
        }
        return acc.state().report(new MinimumSampleSize(50));
    }

    /** Positive-prediction rate of the rows of {@code group}, scored in memory. */
    private static double positiveRate(List<SlicedRow> rows, String group) {
        float[][] x = rows.stream().map(r -> r.row().x()).toArray(float[][]::new);
        int positive = 0;
        int n = 0;
        try (OnnxModel model = OnnxModel.load(BINARY.manifest(MODEL, "ref"), BINARY.bytes())) {
            Predictions p = model.predict(x);
            for (int i = 0; i < rows.size(); i++) {
                if (rows.get(i).group().equals(group)) {
                    n++;
                    positive += p.labelIndex(i);
                }
            }
        }
        return (double) positive / n;
    }

    private static SliceResult slice(ColumnSlices column, String value) {
        return column.slices().stream().filter(s -> s.value().equals(value)).findFirst().orElseThrow();
    }

    @Test
    void declaredSlicesAreEvaluatedWithTheEnginesMetricsAndPublishedUnderModelAndSlice() {
        registerWithMonitoring();
        List<SlicedRow> all = writeData();

        RunOutcome outcome = fx.evaluation().run(new RunRequest(MODEL, null, null, new DatasetWindow.LastDays(1),
                null, null));

        assertEquals(RunStatus.SUCCEEDED, outcome.status(), outcome.message());
        RunReport report = fx.reports.report(MODEL, outcome.runId()).orElseThrow();
        SliceReport slices = report.slices();
        assertNotNull(slices);
        ColumnSlices region = slices.columns().get(0);
        assertEquals("region", region.column());
        assertEquals(all.size(), region.rows());
        for (String value : REGIONS) {
            MetricReport expected = expected(all, r -> value.equals(r.region()));
            SliceResult s = slice(region, value);
            assertEquals(expected.rowsScored(), s.rows(), value);
            assertEquals(expected.metric(Metric.ACCURACY).orElseThrow(), s.ranked(), value);
            assertEquals(expected.metrics().stream().filter(m -> m.metric().judgesQuality()).toList(), s.metrics());
        }
        SliceResult missing = slice(region, SliceColumn.MISSING);
        assertEquals(120, missing.rows(), "the JSON Lines rows lack the region key and are counted, not dropped");
        assertEquals(expected(all, r -> r.region() == null).metric(Metric.ACCURACY).orElseThrow(), missing.ranked());

        ColumnSlices bins = slices.columns().get(1);
        assertEquals(List.of("(-inf,-0.5)", "[-0.5,0.5)", "[0.5,inf)"),
                bins.slices().stream().map(SliceResult::value).toList(), "bins in order");
        assertEquals(all.size(), bins.slices().stream().mapToLong(SliceResult::rows).sum());
        MetricReport middle = expected(all, r -> r.row().x()[0] >= -0.5 && r.row().x()[0] < 0.5);
        assertEquals(middle.rowsScored(), slice(bins, "[-0.5,0.5)").rows());

        FairnessReport fairness = slices.fairness().get(0);
        GroupComparison b = fairness.groups().get(0);
        assertEquals("b", b.group());
        assertTrue(b.judged());
        double gap = positiveRate(all, "b") - positiveRate(all, "a");
        assertEquals(gap, b.demographicParityDifference().value(), 1e-12);
        assertTrue(b.demographicParityDifference().lower() < gap && gap < b.demographicParityDifference().upper());
        assertEquals(positiveRate(all, "b") / positiveRate(all, "a"), b.disparateImpactRatio().value(), 1e-12);

        Map<String, Map<String, Double>> published = fx.published.slicePublications.getLast();
        assertEquals(slice(region, "north").ranked().value(),
                published.get("region=north").get(VigilMetric.ACCURACY.publishedName()));
        assertEquals(slice(region, "north").ranked().upper(),
                published.get("region=north").get(MetricBound.UPPER.nameOf(VigilMetric.ACCURACY)),
                "a slice publishes the bound its alarm compares");
        assertTrue(slice(region, "north").ranked().upper() > slice(region, "north").ranked().value());
        assertFalse(published.containsKey("region=" + SliceColumn.MISSING), "(missing) is shown, not published");
        assertEquals(gap, published.get("group=b").get(VigilMetric.DEMOGRAPHIC_PARITY_DIFFERENCE.publishedName()),
                1e-12);
        assertEquals(published, report.publishedSlices());
        RunIndex.Entry entry = fx.reports.index(MODEL).runs().getLast();
        assertEquals(published, entry.slices(), "the index keeps what the local alarms judge");

        String html = new String(fx.reportsStore.get(outcome.reportKey().replace("report.json", "report.html"))
                .orElseThrow().bytes(), StandardCharsets.UTF_8);
        assertTrue(html.contains("<h2>Slices</h2>") && html.contains("<h2>Fairness</h2>"), "sections rendered");
        assertTrue(html.contains("region=north") || html.contains("north"), html);
    }

    @Test
    void aShardedRunSlicesExactlyAsOnePass() {
        registerWithMonitoring();
        writeData();
        Evaluation evaluation = fx.evaluation();
        RunRequest request = new RunRequest(MODEL, null, null, new DatasetWindow.LastDays(1), null, null);
        RunOutcome onePass = evaluation.run(request);

        PlanOutput plan = evaluation.plan(request, 1, fx.reportsBucket);
        assertEquals(3, plan.shardCount());
        ShardItem[] items = Json.fromBytes(fx.reportsStore.get(plan.itemsKey()).orElseThrow().bytes(),
                ShardItem[].class);
        List<ShardOutput> outputs = new ArrayList<>();
        for (ShardItem item : items) {
            outputs.add(fx.evaluation().shard(item));
        }
        RunOutcome merged = evaluation.merge(plan.run(), outputs, plan.shardCount());

        RunReport one = fx.reports.report(MODEL, onePass.runId()).orElseThrow();
        RunReport sharded = fx.reports.report(MODEL, merged.runId()).orElseThrow();
        assertEquals(RunStatus.SUCCEEDED, merged.status(), merged.message());
        assertEquals(one.slices(), sharded.slices());
        assertEquals(one.publishedSlices(), sharded.publishedSlices());
        assertFalse(one.publishedSlices().isEmpty());
    }

    @Test
    void aChallengerRunPublishesNoSliceMetrics() {
        registerWithMonitoring();
        writeData();
        ModelDraft d = EvaluateFixture.BINARY_ZIPMAP.draft(MODEL, "v2");
        fx.registry.register(new ModelDraft(d.name(), d.version(), d.task(), d.features(), d.labels(), d.output(),
                d.decisionThreshold(), d.createdAt(), d.trainingData(), null, d.provenance(), MONITORING),
                EvaluateFixture.BINARY_ZIPMAP.bytes());
        int before = fx.published.slicePublications.size();

        RunOutcome outcome = fx.evaluation().run(new RunRequest(MODEL, "v2", null, new DatasetWindow.LastDays(1),
                null, null));

        RunReport report = fx.reports.report(MODEL, outcome.runId()).orElseThrow();
        assertNotNull(report.slices(), "a challenger's report still shows its slices");
        assertTrue(report.publishedSlices().isEmpty());
        assertEquals(before, fx.published.slicePublications.size());
        assertNull(fx.reports.index(MODEL).runs().getLast().slices().get("region=north"));
    }
}
