package dev.vigil.benchmarks;

import dev.vigil.aws.S3BlobStore;
import dev.vigil.drift.DistributionOptions;
import dev.vigil.drift.TrainingDistribution;
import dev.vigil.evaluate.EvaluateConfig;
import dev.vigil.evaluate.EvaluateHandler;
import dev.vigil.evaluate.Evaluation;
import dev.vigil.evaluate.MetricsPublisher;
import dev.vigil.model.Baseline;
import dev.vigil.model.ModelMonitoring;
import dev.vigil.onnx.OnnxModel;
import dev.vigil.onnx.OnnxModelVerifier;
import dev.vigil.onnx.Predictions;
import dev.vigil.onnx.SessionSettings;
import dev.vigil.registry.ModelDraft;
import dev.vigil.registry.ModelRegistry;
import dev.vigil.report.ReportStore;
import dev.vigil.settings.VigilSettings;
import dev.vigil.storage.BlobStore;
import dev.vigil.testkit.onnx.TestModel;
import dev.vigil.testkit.onnx.TestModels;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The evaluate function wired as {@link EvaluateHandler}'s Lambda constructor wires it (S3 stores for models, data and
 * reports, the ONNX verifier, production session settings), but against an emulator endpoint and with a publisher that
 * drops the values; EMF's one log line per run would be the only difference.
 */
final class EvaluateDeployment implements AutoCloseable {
    static final String VERSION = "v1";

    final S3Client s3;
    final String modelsBucket;
    final String dataBucket;
    final String reportsBucket;
    final BlobStore data;
    final ModelRegistry registry;
    final Evaluation evaluation;
    final EvaluateHandler handler;
    /** Calls and nanoseconds of every request to the three stores, by bucket, operation and kind of key. */
    final Map<String, long[]> requests = new java.util.HashMap<>();

    EvaluateDeployment(URI endpoint, String modelsBucket, String dataBucket, String reportsBucket) {
        this.s3 = S3Client.builder().endpointOverride(endpoint).region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create()).build();
        this.modelsBucket = modelsBucket;
        this.dataBucket = dataBucket;
        this.reportsBucket = reportsBucket;
        this.data = new TimedBlobStore(new S3BlobStore(s3, dataBucket), "data", requests);
        this.registry = new ModelRegistry(new TimedBlobStore(new S3BlobStore(s3, modelsBucket), "models", requests),
                new OnnxModelVerifier());
        MetricsPublisher dropped = new MetricsPublisher() {
            @Override
            public void publish(String model, String version, boolean champion, Map<String, Double> values) {}

            @Override
            public void publishSlices(String model, Map<String, Map<String, Double>> values) {}
        };
        this.evaluation = new Evaluation(registry, data, new ReportStore(
                new TimedBlobStore(new S3BlobStore(s3, reportsBucket), "reports", requests)), dropped,
                Clock.systemUTC(), SessionSettings.DEFAULT);
        this.handler = new EvaluateHandler(new EvaluateConfig(modelsBucket, dataBucket, reportsBucket, null,
                VigilSettings.METRICS_NAMESPACE.defaultValue(), SessionSettings.DEFAULT), evaluation);
    }

    /** Creates the three buckets on a fresh emulator. */
    static EvaluateDeployment create(URI endpoint) {
        EvaluateDeployment d = new EvaluateDeployment(endpoint, "vigil-models", "vigil-data", "vigil-reports");
        for (String bucket : List.of(d.modelsBucket, d.dataBucket, d.reportsBucket)) {
            d.s3.createBucket(b -> b.bucket(bucket));
        }
        return d;
    }

    /**
     * Registers {@code model} as {@link #VERSION} under {@link EvaluateBenchModel#modelName()} (no monitoring) and
     * under {@link EvaluateBenchModel#watchedName()} (its {@link EvaluateBenchModel#monitoring()}), each with a
     * baseline from 2,000 standard-normal rows, and promotes both.
     */
    void registerAndPromote(EvaluateBenchModel model) {
        TestModel<?> m = model.testModel();
        Baseline baseline = baseline(model);
        for (String name : List.of(model.modelName(), model.watchedName())) {
            ModelDraft d = m.draft(name, VERSION);
            ModelMonitoring monitoring = name.equals(model.watchedName()) ? model.monitoring() : null;
            registry.register(new ModelDraft(d.name(), d.version(), d.task(), d.features(), d.labels(), d.output(),
                    d.decisionThreshold(), d.createdAt(), d.trainingData(), baseline, d.provenance(), monitoring),
                    m.bytes());
            registry.promote(name, VERSION, "benchmark");
        }
    }

    /** A baseline of {@code model} from 2,000 standard-normal rows and its scores of them. */
    static Baseline baseline(EvaluateBenchModel model) {
        TestModel<?> m = model.testModel();
        float[][] training = TestModels.randomRows(2000, m.featureCount(), 7L);
        double[][] rows = new double[training.length][m.featureCount()];
        for (int i = 0; i < training.length; i++) {
            for (int f = 0; f < m.featureCount(); f++) {
                rows[i][f] = training[i][f];
            }
        }
        double[] scores = new double[training.length];
        try (OnnxModel loaded = OnnxModel.load(m.manifest(model.modelName(), VERSION), m.bytes())) {
            Predictions p = loaded.predict(training);
            for (int i = 0; i < scores.length; i++) {
                scores[i] = p.score(i);
            }
        }
        return TrainingDistribution.baseline(m.featureNames(), rows, scores, DistributionOptions.DEFAULT);
    }

    /**
     * One direct invoke of the handler evaluating the champion of {@code model} on the objects {@code keys}, as the
     * Lambda runtime would make it; returns the handler's JSON answer.
     *
     * @param options the event's {@code options} object as JSON, or null for none
     */
    String invoke(String model, List<String> keys, String options) {
        StringBuilder event = new StringBuilder("{\"model\":\"").append(model)
                .append("\",\"dataset\":{\"keys\":[");
        for (int i = 0; i < keys.size(); i++) {
            event.append(i == 0 ? "\"" : ",\"").append(keys.get(i)).append('"');
        }
        event.append("]}");
        if (options != null) {
            event.append(",\"options\":").append(options);
        }
        event.append('}');
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            handler.handleRequest(new ByteArrayInputStream(event.toString().getBytes(StandardCharsets.UTF_8)), out,
                    null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        evaluation.close();
        s3.close();
    }
}
