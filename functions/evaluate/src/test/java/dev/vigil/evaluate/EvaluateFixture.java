package dev.vigil.evaluate;

import dev.vigil.aws.S3BlobStore;
import dev.vigil.drift.DistributionOptions;
import dev.vigil.drift.TrainingDistribution;
import dev.vigil.model.Baseline;
import dev.vigil.model.ModelManifest;
import dev.vigil.onnx.OnnxModel;
import dev.vigil.onnx.OnnxModelVerifier;
import dev.vigil.onnx.Predictions;
import dev.vigil.onnx.SessionSettings;
import dev.vigil.registry.ModelDraft;
import dev.vigil.registry.ModelRegistry;
import dev.vigil.report.ReportStore;
import dev.vigil.testkit.Emulator;
import dev.vigil.testkit.onnx.LinearWeights;
import dev.vigil.testkit.onnx.TestModel;
import dev.vigil.testkit.onnx.TestModels;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPOutputStream;

/**
 * An emulated deployment for evaluate's tests: models, data and reports buckets, a registry with a binary model whose
 * weights are known, labelled data generated from those weights, and a publisher that records what it was given.
 */
final class EvaluateFixture {
    static final Instant NOW = Instant.parse("2026-11-10T06:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final String MODEL = "churn";
    static final int FEATURES = 4;

    /** The binary test model: skl2onnx logistic regression, labels "0" and "1", features f0..f3. */
    static final TestModel<LinearWeights> BINARY = TestModels.sklearnLogisticRegression(FEATURES, new long[] {0, 1},
            false);
    /** The same weights exported with a ZipMap: a different artifact (so a different version) that predicts alike. */
    static final TestModel<LinearWeights> BINARY_ZIPMAP = TestModels.sklearnLogisticRegression(FEATURES,
            new long[] {0, 1}, true);

    final Emulator emulator;
    final String modelsBucket;
    final String dataBucket;
    final String reportsBucket;
    final S3BlobStore models;
    final S3BlobStore data;
    final S3BlobStore reportsStore;
    final ReportStore reports;
    final ModelRegistry registry;
    final RecordingPublisher published = new RecordingPublisher();

    EvaluateFixture(Emulator emulator) {
        this.emulator = emulator;
        this.modelsBucket = emulator.createBucket("models");
        this.dataBucket = emulator.createBucket("data");
        this.reportsBucket = emulator.createBucket("reports");
        this.models = new S3BlobStore(emulator.s3(), modelsBucket);
        this.data = new S3BlobStore(emulator.s3(), dataBucket);
        this.reportsStore = new S3BlobStore(emulator.s3(), reportsBucket);
        this.reports = new ReportStore(reportsStore);
        this.registry = new ModelRegistry(models, new OnnxModelVerifier(), CLOCK);
    }

    Evaluation evaluation() {
        return evaluation(published);
    }

    Evaluation evaluation(MetricsPublisher publisher) {
        return new Evaluation(registry, data, reports, publisher, CLOCK, SessionSettings.DEFAULT);
    }

    /** Registers {@code model} as {@code version} with a baseline drawn from standard-normal training rows. */
    ModelManifest register(String version, TestModel<?> model) {
        float[][] training = TestModels.randomRows(2000, model.featureCount(), 7L);
        double[][] rows = new double[training.length][];
        for (int i = 0; i < training.length; i++) {
            rows[i] = new double[model.featureCount()];
            for (int f = 0; f < model.featureCount(); f++) {
                rows[i][f] = training[i][f];
            }
        }
        double[] scores = new double[training.length];
        try (OnnxModel loaded = OnnxModel.load(model.manifest(MODEL, version), model.bytes())) {
            Predictions p = loaded.predict(training);
            for (int i = 0; i < scores.length; i++) {
                scores[i] = p.score(i);
            }
        }
        Baseline baseline = TrainingDistribution.baseline(model.featureNames(), rows, scores,
                DistributionOptions.DEFAULT);
        ModelDraft d = model.draft(MODEL, version);
        ModelDraft withBaseline = new ModelDraft(d.name(), d.version(), d.task(), d.features(), d.labels(), d.output(),
                d.decisionThreshold(), d.createdAt(), d.trainingData(), baseline, d.provenance());
        return registry.register(withBaseline, model.bytes());
    }

    void promote(String version) {
        registry.promote(MODEL, version, "test");
    }

    /** A labelled row as written to a data object. */
    record Row(float[] x, String label, String id) {}

    /**
     * {@code n} rows of standard-normal features (plus {@code shift} on f0), labelled by drawing from the binary
     * model's own probability, so metrics are informative but not perfect.
     */
    static List<Row> binaryRows(int n, long seed, float shift) {
        LinearWeights w = BINARY.weights();
        float[][] x = TestModels.randomRows(n, FEATURES, seed);
        SplittableRandom random = new SplittableRandom(seed ^ 0x5DEECE66DL);
        List<Row> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            x[i][0] += shift;
            double z = w.intercepts()[0];
            for (int f = 0; f < FEATURES; f++) {
                z += w.coefficients()[0][f] * x[i][f];
            }
            double p = 1 / (1 + Math.exp(-z));
            rows.add(new Row(x[i], random.nextDouble() < p ? "1" : "0", "r" + seed + "-" + i));
        }
        return rows;
    }

    static String csv(List<Row> rows) {
        StringBuilder s = new StringBuilder("id,f0,f1,f2,f3,label\n");
        for (Row row : rows) {
            s.append(row.id());
            for (float v : row.x()) {
                s.append(',').append(v);
            }
            s.append(',').append(row.label()).append('\n');
        }
        return s.toString();
    }

    static String jsonl(List<Row> rows) {
        StringBuilder s = new StringBuilder();
        for (Row row : rows) {
            s.append("{\"id\":\"").append(row.id()).append('"');
            for (int f = 0; f < row.x().length; f++) {
                s.append(",\"f").append(f).append("\":").append(row.x()[f]);
            }
            s.append(",\"label\":").append(row.label()).append("}\n");
        }
        return s.toString();
    }

    /** Writes {@code text} under {@code labelled/churn/<relativeKey>}, gzipped when the key ends with .gz. */
    String put(String relativeKey, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (relativeKey.endsWith(".gz")) {
            bytes = gzip(bytes);
        }
        String key = "labelled/" + MODEL + "/" + relativeKey;
        data.put(key, bytes, "application/octet-stream");
        return key;
    }

    static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Partition path of {@code daysAgo} days before {@link #NOW}. */
    static String dt(int daysAgo) {
        return String.format(Locale.ROOT, "dt=%s/", NOW.atZone(ZoneOffset.UTC).toLocalDate().minusDays(daysAgo));
    }

    /** What a run published, as the publisher received it. */
    record Publication(String model, String version, boolean champion, Map<String, Double> values) {}

    /** Records every publication instead of sending it anywhere. */
    static final class RecordingPublisher implements MetricsPublisher {
        final List<Publication> publications = new CopyOnWriteArrayList<>();
        final List<Map<String, Map<String, Double>>> slicePublications = new CopyOnWriteArrayList<>();

        @Override
        public void publish(String model, String version, boolean champion, Map<String, Double> values) {
            publications.add(new Publication(model, version, champion, Map.copyOf(values)));
        }

        @Override
        public void publishSlices(String model, Map<String, Map<String, Double>> values) {
            slicePublications.add(Map.copyOf(values));
        }

        Publication last() {
            return publications.getLast();
        }
    }
}
