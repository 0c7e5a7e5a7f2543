package dev.vigil.benchmarks;

import dev.vigil.dataset.DatasetColumns;
import dev.vigil.dataset.DatasetReader;
import dev.vigil.dataset.DatasetSchema;
import dev.vigil.dataset.LabelledBatch;
import dev.vigil.dataset.LabelledData;
import dev.vigil.dataset.Rejections;
import dev.vigil.drift.DriftAccumulator;
import dev.vigil.estimation.CalibrationAccumulator;
import dev.vigil.estimation.PerformanceEstimator;
import dev.vigil.evaluation.ClassificationAccumulator;
import dev.vigil.evaluation.ConfidenceIntervals;
import dev.vigil.evaluation.EvaluationState;
import dev.vigil.evaluation.MinimumSampleSize;
import dev.vigil.model.ModelManifest;
import dev.vigil.model.ModelRef;
import dev.vigil.onnx.OnnxModel;
import dev.vigil.onnx.Predictions;
import dev.vigil.onnx.SessionSettings;
import dev.vigil.slices.SliceAccumulator;
import dev.vigil.slices.SliceReport;
import dev.vigil.slices.SliceState;
import dev.vigil.storage.ObjectInfo;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where evaluate's time goes, stage by stage, on one thread: the S3 GET alone, reading and parsing the same bytes from
 * memory, then the scoring loop evaluate runs for the model declaring slices (read + parse from S3, ONNX Runtime,
 * metrics, calibration, slices, drift) with a timer around each stage, what a capture run's performance estimate
 * would add per row, and the reports built from the finished states: the metric report with and without intervals,
 * the slice report, calibration, and the estimate. The loop mirrors {@code ShardScorer}'s with the same public pieces;
 * report writing is not in it.
 */
final class EvaluateStageTimes {
    private EvaluateStageTimes() {}

    /** Seconds per stage for one pass over {@code key}. */
    static Map<String, Double> measure(EvaluateDeployment d, EvaluateBenchModel benchModel, String key, int batchSize,
            byte[] bytes) {
        ModelManifest manifest = d.registry.manifest(new ModelRef(benchModel.watchedName(),
                EvaluateDeployment.VERSION));
        LabelledData data = new LabelledData(d.data, Clock.systemUTC());
        ObjectInfo object = d.data.head(key).orElseThrow();
        DatasetColumns columns = new DatasetColumns(benchModel.labelColumn(), DatasetColumns.DEFAULT.id(), null, null);
        DatasetSchema schema = DatasetSchema.of(manifest, columns)
                .withExtraColumns(manifest.monitoring().columnNames());
        Map<String, Double> seconds = new LinkedHashMap<>();

        long start = System.nanoTime();
        try (InputStream in = d.data.open(key).orElseThrow()) {
            in.transferTo(OutputStreamSink.INSTANCE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        seconds.put("s3Get", (System.nanoTime() - start) / 1e9);

        LabelledBatch batch = new LabelledBatch(batchSize, manifest.features().size(),
                schema.extraColumns().size());
        start = System.nanoTime();
        try (DatasetReader reader = DatasetReader.open(object, new ByteArrayInputStream(bytes), schema,
                new Rejections())) {
            while (reader.read(batch) > 0) {
                // parse only
            }
        }
        seconds.put("parseFromMemory", (System.nanoTime() - start) / 1e9);

        long read = 0;
        long predict = 0;
        long metrics = 0;
        long drift = 0;
        long calibrationNanos = 0;
        long sliceNanos = 0;
        long estimateNanos = 0;
        int features = manifest.features().size();
        ClassificationAccumulator classification = new ClassificationAccumulator(manifest.task(), manifest.labels());
        CalibrationAccumulator calibration = new CalibrationAccumulator(manifest.task());
        SliceAccumulator slices = new SliceAccumulator(manifest.monitoring(), manifest.task(), manifest.labels());
        PerformanceEstimator estimator = new PerformanceEstimator(manifest.task(), manifest.labels(),
                PerformanceEstimator.DEFAULT_SAMPLE_CAPACITY);
        DriftAccumulator driftAccumulator = new DriftAccumulator(manifest.features(), manifest.baseline());
        double[] probabilities = new double[manifest.labels().size()];
        double[] row = new double[features];
        float[] x = batch.features();
        try (OnnxModel model = OnnxModel.load(manifest, benchModel.testModel().bytes(), SessionSettings.DEFAULT);
                DatasetReader reader = data.open(object, schema, new Rejections())) {
            long t0 = System.nanoTime();
            int n;
            while ((n = reader.read(batch)) > 0) {
                long t1 = System.nanoTime();
                Predictions p = model.predict(x, n);
                long t2 = System.nanoTime();
                for (int r = 0; r < n; r++) {
                    for (int c = 0; c < probabilities.length; c++) {
                        probabilities[c] = p.probability(r, c);
                    }
                    classification.add(batch.classes()[r], p.labelIndex(r), probabilities, batch.weights()[r]);
                }
                long t3 = System.nanoTime();
                for (int r = 0; r < n; r++) {
                    for (int c = 0; c < probabilities.length; c++) {
                        probabilities[c] = p.probability(r, c);
                    }
                    calibration.add(batch.classes()[r], p.labelIndex(r), probabilities, batch.weights()[r]);
                }
                long t4 = System.nanoTime();
                for (int r = 0; r < n; r++) {
                    for (int c = 0; c < probabilities.length; c++) {
                        probabilities[c] = p.probability(r, c);
                    }
                    slices.addClassified(batch, r, p.labelIndex(r), probabilities);
                }
                long t5 = System.nanoTime();
                for (int r = 0; r < n; r++) {
                    for (int f = 0; f < features; f++) {
                        row[f] = x[r * features + f];
                    }
                    driftAccumulator.add(row, p.score(r), batch.records()[r]);
                }
                long t6 = System.nanoTime();
                for (int r = 0; r < n; r++) {
                    for (int c = 0; c < probabilities.length; c++) {
                        probabilities[c] = p.probability(r, c);
                    }
                    estimator.add(p.labelIndex(r), probabilities, batch.records()[r] * 0x9E37_79B9_7F4A_7C15L);
                }
                long t7 = System.nanoTime();
                read += t1 - t0;
                predict += t2 - t1;
                metrics += t3 - t2;
                calibrationNanos += t4 - t3;
                sliceNanos += t5 - t4;
                drift += t6 - t5;
                estimateNanos += t7 - t6;
                t0 = System.nanoTime();
            }
        }
        seconds.put("readParseFromS3", read / 1e9);
        seconds.put("onnxPredict", predict / 1e9);
        seconds.put("metrics", metrics / 1e9);
        seconds.put("calibration", calibrationNanos / 1e9);
        seconds.put("slices", sliceNanos / 1e9);
        seconds.put("drift", drift / 1e9);
        seconds.put("estimateAdd", estimateNanos / 1e9);

        MinimumSampleSize minimum = MinimumSampleSize.DEFAULT;
        double level = ConfidenceIntervals.DEFAULT_LEVEL;
        start = System.nanoTime();
        EvaluationState state = classification.finish();
        SliceState sliceState = slices.finish();
        seconds.put("finishStates", (System.nanoTime() - start) / 1e9);
        start = System.nanoTime();
        state.report(minimum, level);
        seconds.put("reportWithIntervals", (System.nanoTime() - start) / 1e9);
        start = System.nanoTime();
        state.report(minimum, level);
        seconds.put("reportWithIntervalsAgain", (System.nanoTime() - start) / 1e9);
        start = System.nanoTime();
        SliceReport.of(sliceState, manifest.monitoring(), manifest.task(), level);
        seconds.put("sliceReport", (System.nanoTime() - start) / 1e9);
        start = System.nanoTime();
        calibration.state().report(minimum);
        seconds.put("calibrationReport", (System.nanoTime() - start) / 1e9);
        start = System.nanoTime();
        estimator.state().estimate(minimum, level);
        seconds.put("estimate", (System.nanoTime() - start) / 1e9);
        return seconds;
    }

    /** Discards what is written. */
    private static final class OutputStreamSink extends java.io.OutputStream {
        static final OutputStreamSink INSTANCE = new OutputStreamSink();

        @Override
        public void write(int b) {}

        @Override
        public void write(byte[] b, int off, int len) {}
    }
}
