package dev.vigil.benchmarks;

import dev.vigil.dataset.DatasetWindow;
import dev.vigil.evaluate.Evaluation;
import dev.vigil.evaluate.EvaluationOptions;
import dev.vigil.evaluate.MetricsPublisher;
import dev.vigil.evaluate.RunOutcome;
import dev.vigil.evaluate.RunRequest;
import dev.vigil.onnx.OnnxModelVerifier;
import dev.vigil.onnx.SessionSettings;
import dev.vigil.registry.ModelDraft;
import dev.vigil.registry.ModelRegistry;
import dev.vigil.report.ReportStore;
import dev.vigil.storage.BlobStore;
import dev.vigil.storage.ForwardingBlobStore;
import dev.vigil.storage.LocalBlobStore;
import dev.vigil.storage.ObjectInfo;
import dev.vigil.storage.StorageLayout;
import dev.vigil.storage.StoredObject;
import dev.vigil.testkit.onnx.TestModel;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A warm evaluate invocation's fixed cost against a store whose every call takes a set time, as an S3 request does
 * (its first byte after ~10–30 ms), and where calls do not wait for each other, as S3's do not (moto serves one at
 * a time, so against it overlapping calls gain nothing): the run's wall time is then the round trips on its critical
 * path times the latency, plus the CPU. Runs {@link Evaluation#run} directly over directories ({@link LocalBlobStore})
 * wrapped in that latency, on a 1,000-row object (CSV, and Parquet), and prints the median wall time of
 * {@code --invocations} runs and the store calls per run, for the model already loaded and for a run that loads it
 * (two models evaluated in turn). With {@code --latency-ms 0} the figure is the CPU alone.
 *
 * <p>Options: {@code --latency-ms 20 --invocations 15 --rows 1000}. Pin it with {@code taskset -c 0} for one core.
 */
public final class InvocationFixedCostProbe {
    private InvocationFixedCostProbe() {}

    /** A store whose every call first sleeps {@code latencyMillis}, and which counts its calls. */
    static final class LatencyBlobStore extends ForwardingBlobStore {
        private final long latencyMillis;
        final AtomicLong calls = new AtomicLong();

        LatencyBlobStore(BlobStore store, long latencyMillis) {
            super(store);
            this.latencyMillis = latencyMillis;
        }

        private void roundTrip() {
            calls.incrementAndGet();
            if (latencyMillis == 0) {
                return;
            }
            try {
                Thread.sleep(latencyMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }

        @Override
        public Optional<StoredObject> get(String key) {
            roundTrip();
            return super.get(key);
        }

        @Override
        public Optional<InputStream> open(String key) {
            roundTrip();
            return super.open(key);
        }

        @Override
        public byte[] readRange(ObjectInfo object, long offset, int length) {
            roundTrip();
            return super.readRange(object, offset, length);
        }

        @Override
        public Optional<ObjectInfo> head(String key) {
            roundTrip();
            return super.head(key);
        }

        @Override
        public String put(String key, byte[] bytes, String contentType) {
            roundTrip();
            return super.put(key, bytes, contentType);
        }

        @Override
        public String putIfAbsent(String key, byte[] bytes, String contentType) {
            roundTrip();
            return super.putIfAbsent(key, bytes, contentType);
        }

        @Override
        public String putIfMatch(String key, byte[] bytes, String contentType, String expectedETag) {
            roundTrip();
            return super.putIfMatch(key, bytes, contentType, expectedETag);
        }

        @Override
        public List<ObjectInfo> list(String prefix) {
            roundTrip();
            return super.list(prefix);
        }
    }

    public static void main(String[] args) throws Exception {
        long latency = Long.parseLong(option(args, "latency-ms", "20"));
        int invocations = Integer.parseInt(option(args, "invocations", "15"));
        int rows = Integer.parseInt(option(args, "rows", "1000"));
        System.out.printf("machine: %s; load %s; store latency %d ms a call%n", Machine.current().describe(),
                Machine.loadAverage(), latency);
        Path root = Files.createTempDirectory("vigil-fixed-cost");
        LatencyBlobStore models = new LatencyBlobStore(new LocalBlobStore(root.resolve("models")), latency);
        LatencyBlobStore data = new LatencyBlobStore(new LocalBlobStore(root.resolve("data")), latency);
        LatencyBlobStore reports = new LatencyBlobStore(new LocalBlobStore(root.resolve("reports")), latency);
        ModelRegistry registry = new ModelRegistry(models, new OnnxModelVerifier());
        register(registry, EvaluateBenchModel.SMALL, "first");
        register(registry, EvaluateBenchModel.SMALL, "second");
        LabelledCsv generated = LabelledCsv.generate(rows, 11L);
        String csvKey = StorageLayout.labelledPartition("bench", LocalDate.of(2026, 11, 20)) + "part-00000.csv";
        String pqKey = StorageLayout.labelledPartition("bench", LocalDate.of(2026, 11, 21)) + "part-00000.parquet";
        data.put(csvKey, generated.csv(), "text/csv");
        data.put(pqKey, ParquetThroughputProbe.parquet(generated, 131_072), "application/octet-stream");
        MetricsPublisher dropped = new MetricsPublisher() {
            @Override
            public void publish(String model, String version, boolean champion, Map<String, Double> values) {}

            @Override
            public void publishSlices(String model, Map<String, Map<String, Double>> values) {}
        };
        try (Evaluation evaluation = new Evaluation(registry, data, new ReportStore(reports), dropped,
                Clock.systemUTC(), SessionSettings.DEFAULT)) {
            for (String key : List.of(csvKey, pqKey)) {
                for (boolean reload : List.of(false, true)) {
                    for (int i = 0; i < 5; i++) {
                        run(evaluation, i % 2 == 1 && reload ? "second" : "first", key, rows); // warm-up
                    }
                    long before = models.calls.get() + data.calls.get() + reports.calls.get();
                    List<Double> millis = new ArrayList<>();
                    for (int i = 0; i < invocations; i++) {
                        String model = reload && i % 2 == 1 ? "second" : "first";
                        long start = System.nanoTime();
                        run(evaluation, model, key, rows);
                        millis.add((System.nanoTime() - start) / 1e6);
                    }
                    long calls = models.calls.get() + data.calls.get() + reports.calls.get() - before;
                    System.out.printf(Locale.ROOT, "%-7s %-22s median %6.1f ms wall (%d runs), %.1f store calls a run,"
                            + " %.1f latencies of calls%n", key.endsWith(".csv") ? "CSV" : "Parquet",
                            reload ? "model loaded each run" : "model already loaded",
                            EvaluateThroughputProbe.median(millis), invocations, calls / (double) invocations,
                            latency == 0 ? Double.NaN : EvaluateThroughputProbe.median(millis) / latency);
                }
            }
        }
        System.out.printf("load after: %s%n", Machine.loadAverage());
    }

    private static void run(Evaluation evaluation, String model, String key, int rows) {
        RunOutcome outcome = evaluation.run(new RunRequest(model, null, null, new DatasetWindow.Keys(List.of(key)),
                EvaluationOptions.DEFAULT.withoutIntervals(), null));
        if (!outcome.message().startsWith("scored " + rows + " rows")) {
            throw new IllegalStateException("run of " + model + " on " + key + ": " + outcome.status() + " "
                    + outcome.message());
        }
    }

    /** Registers the model as {@code name}@v1 with the benchmarks' baseline, and promotes it. */
    private static void register(ModelRegistry registry, EvaluateBenchModel model, String name) {
        TestModel<?> m = model.testModel();
        ModelDraft d = m.draft(name, "v1");
        registry.register(new ModelDraft(d.name(), d.version(), d.task(), d.features(), d.labels(), d.output(),
                d.decisionThreshold(), d.createdAt(), d.trainingData(), EvaluateDeployment.baseline(model),
                d.provenance(), null), m.bytes());
        registry.promote(name, "v1", "benchmark");
    }

    private static String option(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals("--" + name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}
