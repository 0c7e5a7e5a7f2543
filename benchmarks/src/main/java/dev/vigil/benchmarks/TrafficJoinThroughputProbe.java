package dev.vigil.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.aws.S3BlobStore;
import dev.vigil.capture.CaptureFormat;
import dev.vigil.json.Json;
import dev.vigil.testkit.MotoServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The traffic join end to end from the emulator, on one core: starts {@code moto_server} (pinned to the second core
 * when {@code taskset} exists), writes a window of captured predictions as gzipped capture objects and labels for 90%
 * of them as ground-truth CSV ({@link TrafficData}), then times the join ({@link TrafficJoinRun}: labels → index,
 * capture streamed → reader → join → finish) in a child JVM pinned to the first core ({@link TrafficJoinChild}),
 * reporting joined rows per second (median of the rounds) and the seconds of each stage from a run object by object.
 * Then the heap: one join over a small and a ten times larger window with the same number of labels, each in a
 * child JVM with the serial collector and a fixed young generation, so the growth between them is what the join
 * holds per captured row beyond the label index and the metric state (it should be nothing). The same records are
 * also written as Parquet capture (as the delivery stream's conversion stores them) and joined in the same run, as
 * the {@code parquet} variant.
 *
 * <p>Options: {@code --rows 1000000 --label-share 0.9 --records-per-object 25000 --repeats 5 --heap-rows 200000
 * --heap-large-rows 2000000 --heap-xmx 512m --xmx 1g --jvm-args "..." --lambda-jit --no-heap --parquet-heap
 * --heap-large-object-records 250000 --row-group-rows 25000 --out DIR}. {@code --lambda-jit} also runs the
 * throughput child under Lambda's default flags (C1 only). The {@code parquet-whole} variant joins the Parquet
 * capture read whole into memory first, as before ranged reads. {@code --parquet-heap} measures the join's peak heap
 * over Parquet capture in small and large objects (row groups of {@code --row-group-rows}), by ranges and whole.
 */
public final class TrafficJoinThroughputProbe {
    /** Target: joined rows per second on one core, end to end. */
    static final double TARGET_JOINED_ROWS_PER_SECOND = 500_000;
    private static final Pattern SPACES = Pattern.compile("\\s+");
    private static final String BUCKET = "vigil-capture";
    /** The throughput variant that reads the same records stored as Parquet capture, under a model of its own. */
    private static final String PARQUET_VARIANT = "parquet";
    private static final String PARQUET_MODEL = "churn-parquet";
    /** The same, each Parquet object read whole into memory first (as before ranged reads), for comparison. */
    private static final String PARQUET_WHOLE_VARIANT = "parquet-whole";

    private TrafficJoinThroughputProbe() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> o = options(args);
        int rows = Integer.parseInt(o.getOrDefault("rows", "1000000"));
        double labelShare = Double.parseDouble(o.getOrDefault("label-share", "0.9"));
        int perObject = Integer.parseInt(o.getOrDefault("records-per-object", "25000"));
        int repeats = Integer.parseInt(o.getOrDefault("repeats", "5"));
        int heapRows = Integer.parseInt(o.getOrDefault("heap-rows", "200000"));
        int heapLargeRows = Integer.parseInt(o.getOrDefault("heap-large-rows", "2000000"));
        String heapXmx = o.getOrDefault("heap-xmx", "512m");
        String xmx = o.getOrDefault("xmx", "1g");
        List<String> jvmArgs = o.containsKey("jvm-args") ? List.of(SPACES.split(o.get("jvm-args").trim()))
                : List.of();
        Path out = Path.of(o.getOrDefault("out", "target/bench"));
        boolean pin = Files.isExecutable(Path.of("/usr/bin/taskset")) && Runtime.getRuntime().availableProcessors() > 1;
        Machine machine = Machine.current();
        System.out.printf("machine: %s; load %s; taskset %s%n", machine.describe(), Machine.loadAverage(),
                pin ? "yes: join on core 0, moto_server on core 1" : "not available: nothing pinned");

        Map<String, Object> report = new LinkedHashMap<>();
        report.put("machine", machine.describe());
        report.put("loadBefore", Machine.loadAverage());
        report.put("pinned", pin);
        List<String> moto = new ArrayList<>();
        if (pin) {
            moto.addAll(List.of("taskset", "-c", "1"));
        }
        moto.addAll(MotoServer.command().orElseThrow(() -> new IllegalStateException("moto_server is not installed:"
                + " pip install 'moto[server]'")));
        try (MotoServer server = MotoServer.start(moto); S3Client s3 = EmulatorS3.client(server.endpoint())) {
            s3.createBucket(b -> b.bucket(BUCKET));
            S3BlobStore store = new S3BlobStore(s3, BUCKET);
            long start = TrafficData.windowStart(9);
            long t = System.nanoTime();
            TrafficData.Written data = TrafficData.write(store, "churn", start, rows, rows, labelShare, perObject,
                    42L);
            System.out.printf(Locale.ROOT, "wrote %,d captured rows in %,d objects (%,d bytes, %,d gzipped: %.0f B"
                    + " per record, %.1f MB per object) and %,d labels in %,d objects (%,d bytes) in %.1f s%n",
                    data.captureRows(), data.captureObjects(), data.captureBytes(), data.captureGzipBytes(),
                    (double) data.captureBytes() / data.captureRows(),
                    data.captureGzipBytes() / 1e6 / data.captureObjects(), data.labels(), data.labelObjects(),
                    data.labelBytes(), (System.nanoTime() - t) / 1e9);
            report.put("throughputData", data);
            t = System.nanoTime();
            TrafficData.Written parquetData = TrafficData.write(store, PARQUET_MODEL, start, rows, rows, labelShare,
                    perObject, 42L, CaptureFormat.PARQUET);
            System.out.printf(Locale.ROOT, "wrote the same %,d rows as Parquet capture: %,d objects, %,d bytes stored"
                    + " (%.1f B per record; gzipped JSON lines %.1f B) in %.1f s%n", parquetData.captureRows(),
                    parquetData.captureObjects(), parquetData.captureGzipBytes(),
                    (double) parquetData.captureGzipBytes() / parquetData.captureRows(),
                    (double) data.captureGzipBytes() / data.captureRows(), (System.nanoTime() - t) / 1e9);
            report.put("parquetData", parquetData);

            Map<String, Object> throughput = new LinkedHashMap<>();
            List<String> variants = new ArrayList<>(List.of("default", PARQUET_VARIANT, PARQUET_WHOLE_VARIANT));
            if (o.containsKey("lambda-jit")) {
                variants.add("lambda-jit");
            }
            for (String variant : variants) {
                List<String> flags = new ArrayList<>(List.of("-Xmx" + xmx));
                if (variant.equals("lambda-jit")) {
                    flags.addAll(ColdStartProbe.LAMBDA_JIT);
                }
                flags.addAll(jvmArgs);
                if (variant.equals(PARQUET_WHOLE_VARIANT)) {
                    flags.add("-D" + TrafficJoinRun.WHOLE_PARQUET + "=true");
                }
                boolean parquet = variant.equals(PARQUET_VARIANT) || variant.equals(PARQUET_WHOLE_VARIANT);
                TrafficData.Written written = parquet ? parquetData : data;
                List<String> lines = child(pin, flags, "throughput", server, parquet ? PARQUET_MODEL : "churn",
                        written, repeats);
                throughput.put(variant, summarise(variant, flags, lines, written));
            }
            report.put("throughput", throughput);

            if (o.containsKey("parquet-heap")) {
                report.put("parquetHeap", parquetHeap(o, pin, jvmArgs, server, store, start, heapXmx, labelShare));
            }

            if (!o.containsKey("no-heap")) {
                t = System.nanoTime();
                TrafficData.Written small = TrafficData.write(store, "heap-small", start, heapRows, heapRows,
                        labelShare, perObject, 7L);
                TrafficData.Written large = TrafficData.write(store, "heap-large", start, heapLargeRows, heapRows,
                        labelShare, perObject, 7L);
                System.out.printf(Locale.ROOT, "%nwrote heap windows: %,d rows / %,d labels and %,d rows / %,d labels"
                        + " in %.1f s%n", small.captureRows(), small.labels(), large.captureRows(), large.labels(),
                        (System.nanoTime() - t) / 1e9);
                List<String> flags = new ArrayList<>(List.of("-Xmx" + heapXmx, "-Xmn8m", "-XX:+UseSerialGC",
                        "-XX:MarkSweepDeadRatio=0"));
                flags.addAll(jvmArgs);
                Map<String, Object> heap = new LinkedHashMap<>();
                JsonNode a = heapRun(pin, flags, server, "heap-small", small);
                JsonNode b = heapRun(pin, flags, server, "heap-large", large);
                heap.put("flags", flags);
                heap.put("small", a);
                heap.put("large", b);
                heap.put("smallData", small);
                heap.put("largeData", large);
                report.put("heap", heap);
                printHeap(a, b);
            }
        }
        report.put("loadAfter", Machine.loadAverage());
        Files.createDirectories(out);
        Path file = out.resolve("traffic-join.json");
        Files.writeString(file, Json.toPrettyString(report), StandardCharsets.UTF_8);
        System.out.println("wrote " + file.toAbsolutePath());
    }

    private static Map<String, Object> summarise(String variant, List<String> flags, List<String> lines,
            TrafficData.Written data) throws IOException {
        List<JsonNode> runs = new ArrayList<>();
        List<JsonNode> phases = new ArrayList<>();
        String gc = "";
        for (String line : lines) {
            if (line.startsWith("RUN ")) {
                runs.add(Json.MAPPER.readTree(line.substring(4)));
            } else if (line.startsWith("PHASES ")) {
                phases.add(Json.MAPPER.readTree(line.substring(7)));
            } else if (line.startsWith("GC ")) {
                gc = line.substring(3);
            }
        }
        if (runs.isEmpty()) {
            throw new IllegalStateException("the throughput child printed no runs:\n" + String.join("\n", lines));
        }
        JsonNode first = runs.get(0);
        long joined = first.get("joined").asLong();
        long records = first.get("captureRecords").asLong();
        if (records != data.captureRows() || joined != data.labels()) {
            throw new IllegalStateException("the join read " + records + " records and joined " + joined + "; "
                    + data.captureRows() + " were written with " + data.labels() + " labels");
        }
        double endToEnd = median(runs, r -> joined / (r.get("labelSeconds").asDouble()
                + r.get("captureSeconds").asDouble()));
        double capturedPerSecond = median(runs, r -> records / (r.get("labelSeconds").asDouble()
                + r.get("captureSeconds").asDouble()));
        double perCpuSecond = median(runs, r -> joined / r.get("processCpuSeconds").asDouble());
        double labelSeconds = median(runs, r -> r.get("labelSeconds").asDouble());
        double captureSeconds = median(runs, r -> r.get("captureSeconds").asDouble());
        Map<String, Double> stage = new LinkedHashMap<>();
        for (String name : List.of("labelDownload", "labelParseAndIndex", "labelRecordsAndIndex", "captureDownload",
                "gunzip", "splitLines", "parse", "parseAllThreads", "join")) {
            stage.put(name, median(phases, p -> p.get(name).asDouble()));
        }
        Map<String, Double> split = new LinkedHashMap<>();
        for (String name : List.of("processCpuSeconds", "mainThreadCpuSeconds", "jitCpuSeconds",
                "vmThreadCpuSeconds", "otherLiveThreadsCpuSeconds", "endedThreadsCpuSeconds")) {
            split.put(name, first.has(name) ? median(runs, r -> r.get(name).asDouble()) : Double.NaN);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("flags", flags);
        m.put("collector", gc);
        m.put("medianStreamedCpuSeconds", split);
        m.put("runs", runs);
        m.put("phases", phases);
        m.put("medianJoinedRowsPerSecond", Math.round(endToEnd));
        m.put("medianCapturedRowsPerSecond", Math.round(capturedPerSecond));
        m.put("medianJoinedRowsPerCpuSecond", Math.round(perCpuSecond));
        m.put("medianLabelSeconds", labelSeconds);
        m.put("medianCaptureSeconds", captureSeconds);
        m.put("medianStageSeconds", stage);
        m.put("targetMet", endToEnd >= TARGET_JOINED_ROWS_PER_SECOND);
        System.out.printf(Locale.ROOT, "%n[%s] %s; %d rounds: joined %,.0f rows/s end to end (captured %,.0f rows/s);"
                + " %,.0f joined rows per CPU second of the JVM; labels %.2f s, capture %.2f s (medians);"
                + " target ≥ %,.0f joined rows/s: %s%n", variant, gc, runs.size(), endToEnd, capturedPerSecond,
                perCpuSecond, labelSeconds, captureSeconds, TARGET_JOINED_ROWS_PER_SECOND,
                endToEnd >= TARGET_JOINED_ROWS_PER_SECOND ? "met" : "MISSED");
        System.out.printf(Locale.ROOT, "[%s] stages, object by object (CPU s, medians): %s; per captured row (µs):"
                + " download %.2f, gunzip %.2f, decode lines (reference) %.2f, parse (readAll) %.2f, join %.2f;"
                + " labels: download %.2f, parse+index %.2f (views), %.2f (records) µs per label%n", variant, stage,
                1e6 * stage.get("captureDownload") / records, 1e6 * stage.get("gunzip") / records,
                1e6 * stage.get("splitLines") / records, 1e6 * stage.get("parse") / records,
                1e6 * stage.get("join") / records, 1e6 * stage.get("labelDownload") / data.labels(),
                1e6 * stage.get("labelParseAndIndex") / data.labels(),
                1e6 * stage.get("labelRecordsAndIndex") / data.labels());
        System.out.printf(Locale.ROOT, "[%s] streamed run's CPU per joined row (µs, medians): process %.2f = joining"
                + " thread %.2f + JIT %.2f + VM thread (GC) %.2f + other live threads %.2f + threads ended in the run"
                + " (hardwood's decoders) %.2f; Parquet decode with all threads (object by object) %.2f µs per"
                + " captured row%n", variant, 1e6 * split.get("processCpuSeconds") / joined,
                1e6 * split.get("mainThreadCpuSeconds") / joined, 1e6 * split.get("jitCpuSeconds") / joined,
                1e6 * split.get("vmThreadCpuSeconds") / joined, 1e6 * split.get("otherLiveThreadsCpuSeconds") / joined,
                1e6 * split.get("endedThreadsCpuSeconds") / joined, 1e6 * stage.get("parseAllThreads") / records);
        return m;
    }

    /**
     * Peak heap of the join over Parquet capture by object size: the same {@code --heap-large-rows} records in
     * objects of {@code --records-per-object} and of {@code --heap-large-object-records}, row groups of
     * {@code --row-group-rows}, each read by ranges and read whole, in a heap child of its own.
     */
    private static Map<String, Object> parquetHeap(Map<String, String> o, boolean pin, List<String> jvmArgs,
            MotoServer server, S3BlobStore store, long start, String heapXmx, double labelShare)
            throws IOException, InterruptedException {
        int rows = Integer.parseInt(o.getOrDefault("heap-large-rows", "2000000"));
        int labelled = Integer.parseInt(o.getOrDefault("heap-rows", "200000"));
        int smallObjects = Integer.parseInt(o.getOrDefault("records-per-object", "25000"));
        int largeObjects = Integer.parseInt(o.getOrDefault("heap-large-object-records", "250000"));
        int rowGroupRows = Integer.parseInt(o.getOrDefault("row-group-rows", "25000"));
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("rowGroupRows", rowGroupRows);
        for (int perObject : List.of(smallObjects, largeObjects)) {
            String model = "heap-parquet-" + perObject;
            TrafficData.Written data = TrafficData.write(store, model, start, rows, labelled, labelShare, perObject,
                    7L, CaptureFormat.PARQUET, rowGroupRows);
            System.out.printf(Locale.ROOT, "%nParquet heap window: %,d rows in %,d objects of %,d records (%.1f MB"
                    + " each), row groups of %,d records%n", data.captureRows(), data.captureObjects(), perObject,
                    data.captureGzipBytes() / 1e6 / data.captureObjects(), rowGroupRows);
            for (boolean whole : List.of(false, true)) {
                List<String> flags = new ArrayList<>(List.of("-Xmx" + heapXmx, "-Xmn8m", "-XX:+UseSerialGC",
                        "-XX:MarkSweepDeadRatio=0"));
                flags.addAll(jvmArgs);
                if (whole) {
                    flags.add("-D" + TrafficJoinRun.WHOLE_PARQUET + "=true");
                }
                JsonNode h = heapRun(pin, flags, server, model, data);
                System.out.printf(Locale.ROOT, "heap, %s, objects of %,d records: max live after a full GC %6.1f MB"
                        + " (%d full GCs; after any GC %6.1f MB), live before %5.1f MB, label table %5.1f MB, %,d"
                        + " joined, %.1f s; load %s%n", whole ? "read whole" : "by ranges", perObject,
                        mb(h, "maxLiveAfterFullGcBytes"), h.get("fullGcs").asLong(), mb(h, "maxLiveAfterGcBytes"),
                        mb(h, "liveBeforeBytes"), mb(h, "indexTableBytes"), h.get("joined").asLong(),
                        h.get("seconds").asDouble(), Machine.loadAverage());
                Map<String, Object> run = new LinkedHashMap<>();
                run.put("recordsPerObject", perObject);
                run.put("objectBytes", data.captureGzipBytes() / data.captureObjects());
                run.put("wholeObjects", whole);
                run.put("heap", h);
                run.put("load", Machine.loadAverage());
                result.put((whole ? "whole-" : "ranges-") + perObject, run);
            }
        }
        return result;
    }

    private static JsonNode heapRun(boolean pin, List<String> flags, MotoServer server, String model,
            TrafficData.Written data) throws IOException, InterruptedException {
        List<String> lines = child(pin, flags, "heap", server, model, data, 1);
        String line = lines.stream().filter(l -> l.startsWith("HEAP ")).findFirst()
                .orElseThrow(() -> new IllegalStateException("heap child printed no figures:\n"
                        + String.join("\n", lines)));
        return Json.MAPPER.readTree(line.substring(5));
    }

    private static void printHeap(JsonNode a, JsonNode b) {
        for (JsonNode h : List.of(a, b)) {
            System.out.printf(Locale.ROOT, "heap %,9d captured rows, %,d labels, %,d joined: live before %5.1f MB,"
                    + " max live after GC %6.1f MB, live after finish %6.1f MB (label table %5.1f MB), %d GCs,"
                    + " %.1f s%n", h.get("captureRecords").asLong(), h.get("labels").asLong(),
                    h.get("joined").asLong(), mb(h, "liveBeforeBytes"), mb(h, "maxLiveAfterGcBytes"),
                    mb(h, "liveAfterFinishBytes"), mb(h, "indexTableBytes"), h.get("gcs").asLong(),
                    h.get("seconds").asDouble());
        }
        long extraRows = b.get("captureRecords").asLong() - a.get("captureRecords").asLong();
        double growth = b.get("maxLiveAfterGcBytes").asDouble() - a.get("maxLiveAfterGcBytes").asDouble();
        double joinedDifference = 8.0 * (b.get("joined").asLong() - a.get("joined").asLong());
        System.out.printf(Locale.ROOT, "max live heap growth for %,d more captured rows: %.1f MB (%.2f B per extra"
                + " row); metric state difference at 8 B per joined row: %.1f MB%n", extraRows, growth / 1e6,
                growth / extraRows, joinedDifference / 1e6);
    }

    private static double mb(JsonNode h, String field) {
        return h.get(field).asDouble() / 1e6;
    }

    /** Runs {@link TrafficJoinChild} to its end and returns its output lines. */
    private static List<String> child(boolean pin, List<String> flags, String mode, MotoServer server, String model,
            TrafficData.Written data, int repeats) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        if (pin) {
            command.addAll(List.of("taskset", "-c", "0"));
        }
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(flags);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), TrafficJoinChild.class.getName(), mode,
                server.endpoint().toString(), BUCKET, model, Long.toString(data.windowStart()),
                Long.toString(data.windowEnd()), Long.toString(data.labels()), Integer.toString(repeats)));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                lines.add(line);
                if (line.startsWith("RUN ")) {
                    JsonNode run = Json.MAPPER.readTree(line.substring(4));
                    double seconds = run.get("labelSeconds").asDouble() + run.get("captureSeconds").asDouble();
                    System.out.printf(Locale.ROOT, "  %s round: labels %.2f s, capture %.2f s: %,.0f joined rows/s;"
                            + " %.2f CPU s%n", mode, run.get("labelSeconds").asDouble(),
                            run.get("captureSeconds").asDouble(), run.get("joined").asLong() / seconds,
                            run.get("processCpuSeconds").asDouble());
                }
            }
        }
        if (p.waitFor() != 0) {
            throw new IllegalStateException("the " + mode + " child failed (" + String.join(" ", command) + "):\n"
                    + String.join("\n", lines));
        }
        return lines;
    }

    private static double median(List<JsonNode> nodes, ToDoubleFunction<JsonNode> value) {
        double[] sorted = nodes.stream().mapToDouble(value).sorted().toArray();
        int n = sorted.length;
        return n == 0 ? Double.NaN : n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> o = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + args[i] + "; options: " + Arrays.toString(
                        new String[] {"--rows", "--label-share", "--records-per-object", "--repeats", "--heap-rows",
                            "--heap-large-rows", "--heap-xmx", "--xmx", "--jvm-args", "--lambda-jit", "--no-heap",
                            "--parquet-heap", "--heap-large-object-records", "--row-group-rows", "--out"}));
            }
            String name = args[i].substring(2);
            boolean flag = i + 1 >= args.length || args[i + 1].startsWith("--");
            o.put(name, flag ? "true" : args[++i]);
        }
        return o;
    }
}
