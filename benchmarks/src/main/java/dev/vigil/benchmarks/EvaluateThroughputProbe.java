package dev.vigil.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.json.Json;
import dev.vigil.metrics.VigilMetric;
import dev.vigil.storage.StorageLayout;
import dev.vigil.testkit.MotoServer;
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
import java.util.regex.Pattern;

/**
 * Evaluate's throughput benchmark: generates a labelled CSV, uploads it to a {@code moto_server} it starts on
 * 127.0.0.1, registers and promotes the small tabular model, a 100-tree forest and a three-class logistic regression
 * (each twice: declaring no monitoring, and declaring a slice column and, binary, a protected attribute), then,
 * interleaved and repeated, measures the evaluate handler end to end (S3 read, parse, score, metrics, drift,
 * calibration, reports) without slices and intervals and with everything on, against bare ONNX Runtime batch scoring
 * of the same rows in memory; prints the medians, their ratios and the median of each round's ratio, a stage
 * breakdown, and the heap of one run over a small and the full object with and without, each in a child JVM: its
 * figures at a fixed {@code -Xmx}, and the smallest {@code -Xmx} (to 1 MB) in which it completes. Children use the
 * serial collector, which the JVM picks by itself on Lambda's one-vCPU sizes (below 1769 MB), with a fixed 8 MB young
 * generation and no dead space left uncompacted by full collections, so a difference in the smallest {@code -Xmx}
 * between two runs is the difference in the most each one held live.
 *
 * <p>Options: {@code --rows 1000000 --heap-rows 100000 --repeats 5 --batch 1024 --xmx 128m --gzip --out DIR},
 * {@code --format jsonl} to upload the same rows as JSON Lines instead of CSV (one object per row, features and labels
 * as JSON numbers, id/segment/group as strings; not with {@code --gzip}),
 * {@code --models small,forest,multiclass} to measure some, {@code --heap-model small} for the heap section,
 * {@code --heap-only} to skip the throughput rounds, {@code --no-heap} to skip the heap section, and
 * {@code --no-heap-search} to skip the smallest-heap search.
 */
public final class EvaluateThroughputProbe {
    /** The {@code options} member that turns confidence intervals off. */
    static final String INTERVALS_OFF = "\"confidenceLevel\":\"none\"";
    private static final Pattern COMMA = Pattern.compile(",");

    private EvaluateThroughputProbe() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> o = options(args);
        int rows = Integer.parseInt(o.getOrDefault("rows", "1000000"));
        int heapRows = Integer.parseInt(o.getOrDefault("heap-rows", "100000"));
        int repeats = Integer.parseInt(o.getOrDefault("repeats", "5"));
        int batch = Integer.parseInt(o.getOrDefault("batch", "1024"));
        String xmx = o.getOrDefault("xmx", "128m");
        boolean gzip = o.containsKey("gzip");
        boolean jsonLines = "jsonl".equals(o.getOrDefault("format", "csv"));
        if ((!jsonLines && !"csv".equals(o.getOrDefault("format", "csv"))) || (jsonLines && gzip)) {
            throw new IllegalArgumentException("--format takes csv or jsonl, and jsonl goes without --gzip");
        }
        Path out = Path.of(o.getOrDefault("out", "target/bench"));
        Machine machine = Machine.current();
        System.out.printf("machine: %s; load %s%n", machine.describe(), Machine.loadAverage());

        long t = System.nanoTime();
        LabelledCsv full = LabelledCsv.generate(rows, 42L);
        LabelledCsv small = full.head(heapRows);
        String ext = jsonLines ? ".jsonl" : gzip ? ".csv.gz" : ".csv";
        byte[] fullBytes = jsonLines ? jsonLines(full.csv()) : gzip ? full.gzipped() : full.csv();
        byte[] smallBytes = jsonLines ? jsonLines(small.csv()) : gzip ? small.gzipped() : small.csv();
        System.out.printf("generated %,d rows: %,d bytes %s%s in %.1f s%n", rows, fullBytes.length,
                jsonLines ? "JSON Lines" : "CSV", gzip ? " (gzipped)" : "", (System.nanoTime() - t) / 1e9);

        Map<String, Object> report = new LinkedHashMap<>();
        report.put("machine", machine.describe());
        report.put("loadBefore", Machine.loadAverage());
        report.put("rows", rows);
        report.put("batch", batch);
        report.put("gzip", gzip);
        report.put("format", jsonLines ? "jsonl" : "csv");
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
            List<EvaluateBenchModel> measured = o.containsKey("heap-only") ? List.of() : models(o);
            for (EvaluateBenchModel m : measured) {
                bare.put(m, new BareBatchScorer(m));
                for (Variant v : Variant.values()) {
                    v.invoke(d, m, fullKey); // warm-up: JIT, model load, S3 connections
                }
                bare.get(m).bare(full.values(), rows, batch);
                bare.get(m).wrapper(full.values(), rows, batch);
            }
            Map<EvaluateBenchModel, Map<String, List<Double>>> samples = new EnumMap<>(EvaluateBenchModel.class);
            for (int r = 0; r < repeats; r++) {
                for (EvaluateBenchModel m : measured) {
                    Map<String, List<Double>> s = samples.computeIfAbsent(m, k -> new LinkedHashMap<>());
                    // Alternate which variant goes first, so neither always runs on a warmer or cooler machine.
                    List<Variant> order = r % 2 == 0 ? List.of(Variant.WITHOUT, Variant.WITH)
                            : List.of(Variant.WITH, Variant.WITHOUT);
                    Map<Variant, Double> seconds = new EnumMap<>(Variant.class);
                    for (Variant v : order) {
                        long start = System.nanoTime();
                        String answer = v.invoke(d, m, fullKey);
                        seconds.put(v, (System.nanoTime() - start) / 1e9);
                        v.check(answer, rows);
                    }
                    BareBatchScorer scorer = bare.get(m);
                    double bareSeconds = atLeastOneSecond(() -> scorer.bare(full.values(), rows, batch));
                    double wrapperSeconds = atLeastOneSecond(() -> scorer.wrapper(full.values(), rows, batch));
                    double without = seconds.get(Variant.WITHOUT);
                    double with = seconds.get(Variant.WITH);
                    s.computeIfAbsent("endToEnd", k -> new ArrayList<>()).add(rows / without);
                    s.computeIfAbsent("endToEndWithEverything", k -> new ArrayList<>()).add(rows / with);
                    s.computeIfAbsent("bareOrt", k -> new ArrayList<>()).add(rows / bareSeconds);
                    s.computeIfAbsent("onnxModel", k -> new ArrayList<>()).add(rows / wrapperSeconds);
                    s.computeIfAbsent("roundRatio", k -> new ArrayList<>()).add(bareSeconds / without);
                    s.computeIfAbsent("roundRatioWithToWithout", k -> new ArrayList<>()).add(without / with);
                    System.out.printf(Locale.ROOT, "round %d %-10s without %,9.0f rows/s  with %,9.0f rows/s (%5.1f%%)"
                            + "  bare %,11.0f rows/s  OnnxModel %,11.0f rows/s%n", r + 1, m.modelName(),
                            rows / without, rows / with, 100 * without / with, rows / bareSeconds,
                            rows / wrapperSeconds);
                }
            }

            Map<String, Object> models = new LinkedHashMap<>();
            System.out.println();
            System.out.printf("%-10s %13s %13s %8s %8s %14s %14s %8s%n", "model", "without/s", "with/s", "with %",
                    "round %", "bare ORT/s", "OnnxModel/s", "vs bare");
            for (EvaluateBenchModel m : measured) {
                Map<String, Object> figures = new LinkedHashMap<>();
                Map<String, List<Double>> s = samples.get(m);
                double e2e = median(s.get("endToEnd"));
                double e2eWith = median(s.get("endToEndWithEverything"));
                double bareRate = median(s.get("bareOrt"));
                double wrapper = median(s.get("onnxModel"));
                double roundWith = median(s.get("roundRatioWithToWithout"));
                figures.put("description", m.testModel().description());
                figures.put("samplesRowsPerSecond", s);
                figures.put("medianEndToEnd", Math.round(e2e));
                figures.put("medianEndToEndWithEverything", Math.round(e2eWith));
                figures.put("medianBareOrt", Math.round(bareRate));
                figures.put("medianOnnxModel", Math.round(wrapper));
                figures.put("ratio", e2e / bareRate);
                figures.put("medianRoundRatio", median(s.get("roundRatio")));
                figures.put("targetMet", e2e / bareRate >= 0.70);
                figures.put("withToWithout", e2eWith / e2e);
                figures.put("medianRoundWithToWithout", roundWith);
                figures.put("withTargetMet", e2eWith / e2e >= 0.80 && roundWith >= 0.80);
                System.out.printf(Locale.ROOT, "%-10s %,13.0f %,13.0f %7.1f%% %7.1f%% %,14.0f %,14.0f %7.1f%%%n",
                        m.modelName(), e2e, e2eWith, 100 * e2eWith / e2e, 100 * roundWith, bareRate, wrapper,
                        100 * e2e / bareRate);
                Map<String, Double> stages = EvaluateStageTimes.measure(d, m, fullKey, batch, fullBytes);
                figures.put("stageSeconds", stages);
                models.put(m.modelName(), figures);
                bare.get(m).close();
            }
            System.out.println();
            models.forEach((name, f) -> System.out.printf("stages %-10s (s, one thread): %s%n", name,
                    ((Map<?, ?>) f).get("stageSeconds")));
            report.put("models", models);

            if (o.containsKey("no-heap")) {
                report.put("loadAfter", Machine.loadAverage());
                write(out, report);
                return;
            }
            EvaluateBenchModel heapModel = EvaluateBenchModel.valueOf(
                    o.getOrDefault("heap-model", "SMALL").toUpperCase(Locale.ROOT));
            Map<String, Object> heap = new LinkedHashMap<>();
            Map<String, Object> smallest = new LinkedHashMap<>();
            System.out.println();
            for (Variant v : Variant.values()) {
                Map<String, Object> figures = new LinkedHashMap<>();
                for (String key : List.of(smallKey, fullKey)) {
                    JsonNode h = heapRun(moto, d, v, heapModel, key, xmx);
                    String name = key.equals(smallKey) ? "rows" + heapRows : "rows" + rows;
                    figures.put(name, h);
                    if (h.has("outOfMemory")) {
                        System.out.printf("heap %-8s %-12s -Xmx%s: OutOfMemoryError%n", v.label(), name, xmx);
                        continue;
                    }
                    System.out.printf(Locale.ROOT, "heap %-8s %-12s -Xmx%s: live before %5.1f MB, max live after GC"
                            + " %6.1f MB, sum of pool peaks %6.1f MB, %d GCs, %.1f s%n", v.label(), name, xmx,
                            mb(h.get("liveBeforeBytes")), mb(h.get("maxLiveAfterGcBytes")),
                            mb(h.get("peakPoolSumBytes")), h.get("gcs").asLong(), h.get("seconds").asDouble());
                }
                heap.put(v.label(), figures);
                if (!o.containsKey("no-heap-search")) {
                    int smallMb = smallestHeapMb(moto, d, v, heapModel, smallKey);
                    int fullMb = smallestHeapMb(moto, d, v, heapModel, fullKey);
                    System.out.printf(Locale.ROOT, "smallest -Xmx %-8s: %,d rows %d MB, %,d rows %d MB: +%d MB for"
                            + " %,d more rows (%.1f B/row)%n", v.label(), heapRows, smallMb, rows, fullMb,
                            fullMb - smallMb, rows - heapRows, (fullMb - smallMb) * 1048576.0 / (rows - heapRows));
                    smallest.put(v.label(), Map.of("rows" + heapRows, smallMb, "rows" + rows, fullMb));
                }
            }
            report.put("heapModel", heapModel.modelName());
            report.put("heap", heap);
            report.put("xmx", xmx);
            report.put("smallestXmxMb", smallest);
            long perRow = heapModel.metricStateBytesPerRow();
            System.out.printf(Locale.ROOT, "metric state per row (%s): without %d B (%.1f MB for %,d more rows),"
                    + " with %d B (+%d B per row for each sliced or protected column)%n", heapModel.modelName(),
                    perRow, perRow * (rows - heapRows) / 1e6, rows - heapRows,
                    perRow * (1 + heapModel.monitoring().columns().size()), perRow);
            report.put("metricStateBytesPerRow", Map.of(Variant.WITHOUT.label(), perRow, Variant.WITH.label(),
                    perRow * (1 + heapModel.monitoring().columns().size())));
        }
        report.put("loadAfter", Machine.loadAverage());
        write(out, report);
    }

    private static void write(Path out, Map<String, Object> report) throws IOException {
        System.out.printf("load after: %s%n", report.get("loadAfter"));
        Files.createDirectories(out);
        Path file = out.resolve("evaluate-throughput.json");
        Files.writeString(file, Json.toPrettyString(report), StandardCharsets.UTF_8);
        System.out.println("wrote " + file.toAbsolutePath());
    }

    /**
     * The two ways each model is evaluated: {@link #WITHOUT} the model declaring no slices, intervals off, and
     * {@link #WITH} everything on (the watched model's slices and protected attribute, intervals at the default
     * level). Calibration runs in both: it is part of every labelled classifier run.
     */
    enum Variant {
        WITHOUT("without"),
        WITH("with");

        private final String label;

        Variant(String label) {
            this.label = label;
        }

        String label() {
            return label;
        }

        String modelName(EvaluateBenchModel m) {
            return this == WITH ? m.watchedName() : m.modelName();
        }

        /** The event's {@code options} object for model {@code m}. */
        String options(EvaluateBenchModel m) {
            String columns = "\"columns\":{\"label\":\"" + m.labelColumn() + "\"}";
            return "{" + columns + (this == WITHOUT ? "," + INTERVALS_OFF : "") + "}";
        }

        String invoke(EvaluateDeployment d, EvaluateBenchModel m, String key) {
            return d.invoke(modelName(m), List.of(key), options(m));
        }

        /** Fails unless the run scored {@code rows} rows. */
        void check(String answer, long rows) throws IOException {
            long scored = Json.MAPPER.readTree(answer).path("published")
                    .path(VigilMetric.ROWS_SCORED.publishedName()).asLong();
            if (scored != rows) {
                throw new IllegalStateException("evaluate scored " + scored + " rows, not " + rows + ": " + answer);
            }
        }
    }

    private static List<EvaluateBenchModel> models(Map<String, String> o) {
        if (!o.containsKey("models")) {
            return List.of(EvaluateBenchModel.values());
        }
        return COMMA.splitAsStream(o.get("models"))
                .map(name -> EvaluateBenchModel.valueOf(name.trim().toUpperCase(Locale.ROOT))).toList();
    }

    /** The smallest -Xmx, in MB, in which one run over {@code key} completes (binary search over 8..256 MB). */
    static int smallestHeapMb(MotoServer moto, EvaluateDeployment d, Variant v, EvaluateBenchModel m,
            String key) throws IOException, InterruptedException {
        int low = 8;
        int high = 256;
        if (heapRun(moto, d, v, m, key, high + "m").has("outOfMemory")) {
            throw new IllegalStateException(key + " does not complete in -Xmx" + high + "m");
        }
        while (low < high) {
            int mid = (low + high) / 2;
            if (heapRun(moto, d, v, m, key, mid + "m").has("outOfMemory")) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return high;
    }

    static JsonNode heapRun(MotoServer moto, EvaluateDeployment d, Variant v, EvaluateBenchModel m,
            String key, String xmx) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> argv = List.of(java, "-Xmx" + xmx, "-Xmn8m", "-XX:+UseSerialGC", "-XX:MarkSweepDeadRatio=0",
                "-cp", System.getProperty("java.class.path"),
                EvaluateHeapChild.class.getName(), moto.endpoint().toString(), d.modelsBucket, d.dataBucket,
                d.reportsBucket, v.modelName(m), key, v.options(m));
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

    /**
     * The rows of {@link LabelledCsv#csv()} as JSON Lines: one object per data line, keyed by the header's names, the
     * feature and label columns as JSON numbers (their CSV text, which is a valid JSON number) and id, segment and
     * group as JSON strings (plain ASCII, nothing to escape).
     */
    static byte[] jsonLines(byte[] csv) {
        List<String> lines = new String(csv, StandardCharsets.US_ASCII).lines().toList();
        String[] header = COMMA.split(lines.getFirst(), -1);
        StringBuilder out = new StringBuilder(csv.length * 2);
        for (String line : lines.subList(1, lines.size())) {
            String[] values = COMMA.split(line, -1);
            out.append('{');
            for (int c = 0; c < header.length; c++) {
                boolean text = header[c].equals("id") || header[c].equals("segment") || header[c].equals("group");
                out.append(c == 0 ? "" : ",").append('"').append(header[c]).append("\":");
                out.append(text ? "\"" : "").append(values[c]).append(text ? "\"" : "");
            }
            out.append("}\n");
        }
        return out.toString().getBytes(StandardCharsets.US_ASCII);
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
