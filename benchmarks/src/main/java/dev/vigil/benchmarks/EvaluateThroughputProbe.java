package dev.vigil.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.json.Json;
import dev.vigil.metrics.VigilMetric;
import dev.vigil.storage.StorageLayout;
import dev.vigil.testkit.MotoServer;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Evaluate's throughput benchmark: generates a labelled CSV, uploads it to a {@code moto_server} it starts on
 * 127.0.0.1, registers and promotes the small tabular model and a 100-tree forest, then, interleaved and repeated,
 * measures the evaluate handler end to end (S3 read, parse, score, metrics, drift, reports) against bare ONNX Runtime
 * batch scoring of the same rows in memory, prints the medians, their ratio and the median of each round's ratio, a
 * stage breakdown, and the heap of one run over a small and the full object, each in a child JVM: its figures at a
 * fixed {@code -Xmx}, and the smallest {@code -Xmx} (to 1 MB) in which it completes. Children use the serial
 * collector, which the JVM picks by itself on Lambda's one-vCPU sizes (below 1769 MB), with a fixed 8 MB young
 * generation and no dead space left uncompacted by full collections, so a difference in the smallest {@code -Xmx}
 * between two runs is the difference in the most each one held live.
 *
 * <p>Options: {@code --rows 1000000 --heap-rows 100000 --repeats 5 --batch 1024 --xmx 128m --gzip --out DIR},
 * {@code --heap-only} to skip the throughput rounds, and {@code --no-heap-search} to skip the smallest-heap search.
 */
public final class EvaluateThroughputProbe {
    private EvaluateThroughputProbe() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> o = options(args);
        int rows = Integer.parseInt(o.getOrDefault("rows", "1000000"));
        int heapRows = Integer.parseInt(o.getOrDefault("heap-rows", "100000"));
        int repeats = Integer.parseInt(o.getOrDefault("repeats", "5"));
        int batch = Integer.parseInt(o.getOrDefault("batch", "1024"));
        String xmx = o.getOrDefault("xmx", "128m");
        boolean gzip = o.containsKey("gzip");
        Path out = Path.of(o.getOrDefault("out", "target/bench"));
        Machine machine = Machine.current();
        System.out.printf("machine: %s; load %s%n", machine.describe(), Machine.loadAverage());

        long t = System.nanoTime();
        LabelledCsv full = LabelledCsv.generate(rows, 42L);
        LabelledCsv small = full.head(heapRows);
        String ext = gzip ? ".csv.gz" : ".csv";
        byte[] fullBytes = gzip ? full.gzipped() : full.csv();
        byte[] smallBytes = gzip ? small.gzipped() : small.csv();
        System.out.printf("generated %,d rows: %,d bytes CSV%s in %.1f s%n", rows, full.csv().length,
                gzip ? " (" + fullBytes.length + " gzipped)" : "", (System.nanoTime() - t) / 1e9);

        Map<String, Object> report = new LinkedHashMap<>();
        report.put("machine", machine.describe());
        report.put("loadBefore", Machine.loadAverage());
        report.put("rows", rows);
        report.put("batch", batch);
        report.put("gzip", gzip);
        report.put("objectBytes", fullBytes.length);
        try (MotoServer moto = MotoServer.start();
                EvaluateDeployment d = EvaluateDeployment.create(moto.endpoint())) {
            t = System.nanoTime();
            String fullKey = StorageLayout.labelledPartition("bench", LocalDate.of(2026, 11, 23)) + "part-00000" + ext;
            String smallKey = StorageLayout.labelledPartition("bench", LocalDate.of(2026, 11, 22)) + "part-00000" + ext;
            d.data.put(fullKey, fullBytes, "application/octet-stream");
            d.data.put(smallKey, smallBytes, "application/octet-stream");
            for (EvaluateBenchModel m : EvaluateBenchModel.values()) {
                d.registerAndPromote(m);
            }
            System.out.printf("moto_server at %s: uploaded and registered in %.1f s%n", moto.endpoint(),
                    (System.nanoTime() - t) / 1e9);

            Map<EvaluateBenchModel, BareBatchScorer> bare = new EnumMap<>(EvaluateBenchModel.class);
            List<EvaluateBenchModel> measured = o.containsKey("heap-only") ? List.of()
                    : List.of(EvaluateBenchModel.values());
            for (EvaluateBenchModel m : measured) {
                bare.put(m, new BareBatchScorer(m));
                d.invoke(m, List.of(fullKey)); // warm-up: JIT, model load, S3 connections
                bare.get(m).bare(full.values(), rows, batch);
                bare.get(m).wrapper(full.values(), rows, batch);
            }
            Map<EvaluateBenchModel, Map<String, List<Double>>> samples = new EnumMap<>(EvaluateBenchModel.class);
            for (int r = 0; r < repeats; r++) {
                for (EvaluateBenchModel m : measured) {
                    Map<String, List<Double>> s = samples.computeIfAbsent(m, k -> new LinkedHashMap<>());
                    long start = System.nanoTime();
                    String answer = d.invoke(m, List.of(fullKey));
                    double e2e = (System.nanoTime() - start) / 1e9;
                    long scored = Json.MAPPER.readTree(answer).path("published")
                            .path(VigilMetric.ROWS_SCORED.publishedName()).asLong();
                    if (scored != rows) {
                        throw new IllegalStateException("evaluate scored " + scored + " rows, not " + rows + ": "
                                + answer);
                    }
                    BareBatchScorer scorer = bare.get(m);
                    double bareSeconds = atLeastOneSecond(() -> scorer.bare(full.values(), rows, batch));
                    double wrapperSeconds = atLeastOneSecond(() -> scorer.wrapper(full.values(), rows, batch));
                    s.computeIfAbsent("endToEnd", k -> new ArrayList<>()).add(rows / e2e);
                    s.computeIfAbsent("bareOrt", k -> new ArrayList<>()).add(rows / bareSeconds);
                    s.computeIfAbsent("onnxModel", k -> new ArrayList<>()).add(rows / wrapperSeconds);
                    s.computeIfAbsent("roundRatio", k -> new ArrayList<>()).add(bareSeconds / e2e);
                    System.out.printf(Locale.ROOT, "round %d %-7s end-to-end %,9.0f rows/s  bare %,11.0f rows/s"
                            + "  OnnxModel %,11.0f rows/s%n", r + 1, m, rows / e2e, rows / bareSeconds,
                            rows / wrapperSeconds);
                }
            }

            Map<String, Object> models = new LinkedHashMap<>();
            System.out.println();
            System.out.printf("%-8s %14s %14s %14s %8s %12s%n", "model", "end-to-end/s", "bare ORT/s",
                    "OnnxModel/s", "ratio", "round ratio");
            for (EvaluateBenchModel m : measured) {
                Map<String, Object> figures = new LinkedHashMap<>();
                Map<String, List<Double>> s = samples.get(m);
                double e2e = median(s.get("endToEnd"));
                double bareRate = median(s.get("bareOrt"));
                double wrapper = median(s.get("onnxModel"));
                figures.put("description", m.testModel().description());
                figures.put("samplesRowsPerSecond", s);
                figures.put("medianEndToEnd", Math.round(e2e));
                figures.put("medianBareOrt", Math.round(bareRate));
                figures.put("medianOnnxModel", Math.round(wrapper));
                figures.put("ratio", e2e / bareRate);
                figures.put("medianRoundRatio", median(s.get("roundRatio")));
                figures.put("targetMet", e2e / bareRate >= 0.70);
                System.out.printf(Locale.ROOT, "%-8s %,14.0f %,14.0f %,14.0f %7.1f%% %11.1f%%%n", m, e2e, bareRate,
                        wrapper, 100 * e2e / bareRate, 100 * median(s.get("roundRatio")));
                Map<String, Double> stages = EvaluateStageTimes.measure(d, m, fullKey, batch, fullBytes);
                figures.put("stageSeconds", stages);
                models.put(m.modelName(), figures);
                bare.get(m).close();
            }
            System.out.println();
            models.forEach((name, f) -> System.out.printf("stages %-8s (s, one thread): %s%n", name,
                    ((Map<?, ?>) f).get("stageSeconds")));
            report.put("models", models);

            Map<String, Object> heap = new LinkedHashMap<>();
            for (String key : List.of(smallKey, fullKey)) {
                JsonNode h = heapRun(moto, d, key, xmx);
                heap.put(key.equals(smallKey) ? "rows" + heapRows : "rows" + rows, h);
            }
            report.put("heap", heap);
            report.put("xmx", xmx);
            JsonNode a = (JsonNode) heap.get("rows" + heapRows);
            JsonNode b = (JsonNode) heap.get("rows" + rows);
            long growth = b.path("maxLiveAfterGcBytes").asLong() - a.path("maxLiveAfterGcBytes").asLong();
            long expected = 8L * (rows - heapRows); // binary model: one 8-byte score per row
            System.out.println();
            for (var e : heap.entrySet()) {
                JsonNode h = (JsonNode) e.getValue();
                if (h.has("outOfMemory")) {
                    System.out.printf("heap %-12s -Xmx%s: OutOfMemoryError%n", e.getKey(), xmx);
                    continue;
                }
                System.out.printf(Locale.ROOT, "heap %-12s -Xmx%s: live before %5.1f MB, max live after GC %6.1f MB,"
                        + " sum of pool peaks %6.1f MB, %d GCs, %.1f s%n", e.getKey(), xmx,
                        mb(h.get("liveBeforeBytes")), mb(h.get("maxLiveAfterGcBytes")),
                        mb(h.get("peakPoolSumBytes")), h.get("gcs").asLong(), h.get("seconds").asDouble());
            }
            System.out.printf(Locale.ROOT, "live heap growth %,d -> %,d rows: %.1f MB (metric state at 8 B/row: "
                    + "%.1f MB)%n", heapRows, rows, growth / 1e6, expected / 1e6);
            report.put("liveGrowthBytes", growth);
            report.put("expectedMetricStateGrowthBytes", expected);
            if (!o.containsKey("no-heap-search")) {
                int smallMb = smallestHeapMb(moto, d, smallKey);
                int fullMb = smallestHeapMb(moto, d, fullKey);
                System.out.printf(Locale.ROOT, "smallest -Xmx: %,d rows %d MB, %,d rows %d MB: +%d MB for %,d more rows"
                        + " (%.1f B/row; metric state 8 B/row)%n", heapRows, smallMb, rows, fullMb, fullMb - smallMb,
                        rows - heapRows, (fullMb - smallMb) * 1048576.0 / (rows - heapRows));
                report.put("smallestXmxMb", Map.of("rows" + heapRows, smallMb, "rows" + rows, fullMb));
            }
        }
        report.put("loadAfter", Machine.loadAverage());
        Files.createDirectories(out);
        Path file = out.resolve("evaluate-throughput.json");
        Files.writeString(file, Json.toPrettyString(report), StandardCharsets.UTF_8);
        System.out.println("wrote " + file.toAbsolutePath());
    }

    /** The smallest -Xmx, in MB, in which one run over {@code key} completes (binary search over 8..256 MB). */
    private static int smallestHeapMb(MotoServer moto, EvaluateDeployment d, String key)
            throws IOException, InterruptedException {
        int low = 8;
        int high = 256;
        if (heapRun(moto, d, key, high + "m").has("outOfMemory")) {
            throw new IllegalStateException(key + " does not complete in -Xmx" + high + "m");
        }
        while (low < high) {
            int mid = (low + high) / 2;
            if (heapRun(moto, d, key, mid + "m").has("outOfMemory")) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return high;
    }

    private static JsonNode heapRun(MotoServer moto, EvaluateDeployment d, String key, String xmx)
            throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> argv = List.of(java, "-Xmx" + xmx, "-Xmn8m", "-XX:+UseSerialGC", "-XX:MarkSweepDeadRatio=0",
                "-cp", System.getProperty("java.class.path"),
                EvaluateHeapChild.class.getName(), moto.endpoint().toString(), d.modelsBucket, d.dataBucket,
                d.reportsBucket, "SMALL", key);
        Path errors = Files.createTempFile("vigil-evaluate-heap-", ".log");
        Process p = new ProcessBuilder(argv).redirectError(errors.toFile()).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            String log = Files.readString(errors, StandardCharsets.UTF_8);
            if (log.contains("OutOfMemoryError")) {
                return Json.MAPPER.readTree("{\"outOfMemory\":true}");
            }
            throw new IllegalStateException("heap child failed (see " + errors + "): " + output);
        }
        Files.delete(errors);
        String line = output.lines().filter(l -> l.startsWith("HEAP ")).findFirst()
                .orElseThrow(() -> new IllegalStateException("heap child printed no figures: " + output));
        return Json.MAPPER.readTree(line.substring(5));
    }

    /** One timed pass over every row. */
    @FunctionalInterface
    interface Pass {
        double seconds() throws Exception;
    }

    /** Seconds per pass, repeating {@code pass} until a second has gone by, so short passes are timed reliably. */
    private static double atLeastOneSecond(Pass pass) throws Exception {
        double total = 0;
        int passes = 0;
        while (total < 1.0) {
            total += pass.seconds();
            passes++;
        }
        return total / passes;
    }

    private static double mb(JsonNode bytes) {
        return bytes.asLong() / 1e6;
    }

    static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> o = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + args[i]);
            }
            String name = args[i].substring(2);
            boolean flag = i + 1 >= args.length || args[i + 1].startsWith("--");
            o.put(name, flag ? "true" : args[++i]);
        }
        return o;
    }
}
