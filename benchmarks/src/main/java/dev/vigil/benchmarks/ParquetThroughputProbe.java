package dev.vigil.benchmarks;

import dev.vigil.dataset.DatasetColumns;
import dev.vigil.dataset.DatasetReader;
import dev.vigil.dataset.DatasetSchema;
import dev.vigil.dataset.LabelledBatch;
import dev.vigil.dataset.LabelledData;
import dev.vigil.dataset.ParquetFixture;
import dev.vigil.dataset.Rejections;
import dev.vigil.model.Task;
import dev.vigil.storage.ObjectInfo;
import dev.vigil.storage.StorageLayout;
import dev.vigil.testkit.MotoServer;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * Evaluate's end-to-end rate on Parquet against CSV: the same generated rows ({@link LabelledCsv}: id, f0..f9,
 * label, label3, segment, group) uploaded to a {@code moto_server} on 127.0.0.1 as CSV and as snappy Parquet (float
 * features, int labels, text id/segment/group; row groups of 131,072 rows), evaluated by the real handler with the
 * small logistic-regression model, intervals off; rounds interleave the formats. Also the Parquet reader alone over
 * the emulator (no scoring), to show where the time goes. Prints rows/s and MB/s of stored object bytes. Run it with
 * {@code taskset -c 0} so it has one core, as a small Lambda does; {@code moto_server} is then pinned to core 1.
 *
 * <p>With {@code --forest-rows N} (default 200,000; 0 skips it) each round also evaluates the 100-tree forest over
 * an N-row Parquet object and scores the same rows with bare ONNX Runtime ({@link BareBatchScorer}), for the ratio
 * of the two; with {@code --heap-rows N} (default 200,000; 0 skips it) one evaluation of the small model over the
 * N-row and over the full Parquet object runs in a child JVM each ({@link EvaluateHeapChild}, serial collector,
 * {@code --heap-xmx}, default 128m) and prints the largest heap live after a GC, to show it flat in the rows read.
 *
 * <p>Options: {@code --rows 2000000 --repeats 3 --row-group 131072 --forest-rows 200000 --heap-rows 200000
 * --heap-xmx 128m}; {@code --no-heap-search} skips the smallest -Xmx search, {@code --heap-only} runs only the
 * heap section.
 */
public final class ParquetThroughputProbe {
    private ParquetThroughputProbe() {}

    public static void main(String[] args) throws Exception {
        int rows = Integer.parseInt(option(args, "rows", "2000000"));
        int repeats = Integer.parseInt(option(args, "repeats", "3"));
        int rowGroup = Integer.parseInt(option(args, "row-group", "131072"));
        int forestRows = Integer.parseInt(option(args, "forest-rows", "200000"));
        int heapRows = Integer.parseInt(option(args, "heap-rows", "200000"));
        String heapXmx = option(args, "heap-xmx", "128m");
        boolean heapSearch = !List.of(args).contains("--no-heap-search");
        Machine machine = Machine.current();
        System.out.printf("machine: %s; load %s; cpus visible %d%n", machine.describe(), Machine.loadAverage(),
                Runtime.getRuntime().availableProcessors());

        long t = System.nanoTime();
        LabelledCsv data = LabelledCsv.generate(rows, 42L);
        byte[] csv = data.csv();
        byte[] parquet = parquet(data, rowGroup);
        System.out.printf(Locale.ROOT, "generated %,d rows: CSV %,d bytes (%.1f B/row), Parquet snappy %,d bytes"
                + " (%.1f B/row) in %.1f s%n", rows, csv.length, csv.length / (double) rows, parquet.length,
                parquet.length / (double) rows, (System.nanoTime() - t) / 1e9);
        System.out.printf(Locale.ROOT, "a clean row group's read: %,d bytes of chunks over the object (features and"
                + " label); with the id column as well, %,d%n", chunkBytes(parquet, projected(false)),
                chunkBytes(parquet, projected(true)));

        List<String> moto = new ArrayList<>();
        if (Files.isExecutable(Path.of("/usr/bin/taskset"))) {
            moto.addAll(List.of("taskset", "-c", "1"));
        }
        moto.addAll(MotoServer.command().orElseThrow(() -> new IllegalStateException("moto_server is not installed")));
        try (MotoServer server = MotoServer.start(moto); EvaluateDeployment d = EvaluateDeployment.create(
                server.endpoint())) {
            String csvKey = StorageLayout.labelledPartition("bench", LocalDate.of(2026, 11, 23)) + "part-00000.csv";
            String pqKey = StorageLayout.labelledPartition("bench", LocalDate.of(2026, 11, 24)) + "part-00000.parquet";
            d.data.put(csvKey, csv, "text/csv");
            d.data.put(pqKey, parquet, "application/octet-stream");
            EvaluateBenchModel model = EvaluateBenchModel.SMALL;
            d.registerAndPromote(model);
            EvaluateThroughputProbe.Variant run = EvaluateThroughputProbe.Variant.WITHOUT;
            int warmTiny = Integer.parseInt(option(args, "warm-tiny", "0"));
            if (warmTiny > 0) {
                warmTiny(d, model, rowGroup, warmTiny);
                if (List.of(args).contains("--warm-only")) {
                    return;
                }
            }
            if (List.of(args).contains("--heap-only")) {
                heap(server, d, parquet(LabelledCsv.generate(heapRows, 42L), rowGroup), heapRows, pqKey, rows,
                        heapXmx, heapSearch);
                return;
            }
            run.check(run.invoke(d, model, csvKey), rows); // warm-up: JIT, model load, connections
            run.check(run.invoke(d, model, pqKey), rows);
            readOnly(d, pqKey, rows);
            LabelledCsv forestData = forestRows > 0 ? LabelledCsv.generate(forestRows, 7L) : null;
            String forestKey = StorageLayout.labelledPartition("bench", LocalDate.of(2026, 11, 25))
                    + "part-00000.parquet";
            BareBatchScorer bare = null;
            if (forestData != null) {
                d.data.put(forestKey, parquet(forestData, rowGroup), "application/octet-stream");
                d.registerAndPromote(EvaluateBenchModel.FOREST);
                bare = new BareBatchScorer(EvaluateBenchModel.FOREST);
                run.check(run.invoke(d, EvaluateBenchModel.FOREST, forestKey), forestRows);
                bare.bare(forestData.values(), forestRows, FOREST_BATCH);
            }
            List<Double> forestRates = new ArrayList<>();
            List<Double> forestBare = new ArrayList<>();
            List<Double> forestRatios = new ArrayList<>();

            List<Double> csvRates = new ArrayList<>();
            List<Double> pqRates = new ArrayList<>();
            List<Double> readRates = new ArrayList<>();
            List<Double> memoryRates = new ArrayList<>();
            List<Double> getRates = new ArrayList<>();
            for (int r = 0; r < repeats; r++) {
                List<String> order = r % 2 == 0 ? List.of(csvKey, pqKey) : List.of(pqKey, csvKey);
                for (String key : order) {
                    long start = System.nanoTime();
                    run.check(run.invoke(d, model, key), rows);
                    double rate = rows / ((System.nanoTime() - start) / 1e9);
                    (key.equals(csvKey) ? csvRates : pqRates).add(rate);
                }
                readRates.add(readOnly(d, pqKey, rows));
                memoryRates.add(readInMemory(parquet, rows));
                getRates.add(rangedReadsOnly(d, pqKey, parquet, rows));
                System.out.printf(Locale.ROOT, "round %d: CSV %,10.0f rows/s  Parquet %,10.0f rows/s  Parquet read"
                        + " only %,10.0f rows/s  from memory %,10.0f rows/s  ranged reads alone %,10.0f rows/s"
                        + "  (load %s)%n", r + 1, csvRates.getLast(), pqRates.getLast(), readRates.getLast(),
                        memoryRates.getLast(), getRates.getLast(), Machine.loadAverage());
                if (bare != null) {
                    long start = System.nanoTime();
                    run.check(run.invoke(d, EvaluateBenchModel.FOREST, forestKey), forestRows);
                    double seconds = (System.nanoTime() - start) / 1e9;
                    double bareSeconds = bare.bare(forestData.values(), forestRows, FOREST_BATCH);
                    forestRates.add(forestRows / seconds);
                    forestBare.add(forestRows / bareSeconds);
                    forestRatios.add(bareSeconds / seconds);
                    System.out.printf(Locale.ROOT, "round %d: forest Parquet end to end %,9.0f rows/s, bare ONNX"
                            + " Runtime %,9.0f rows/s: %.1f%%%n", r + 1, forestRates.getLast(), forestBare.getLast(),
                            100 * forestRatios.getLast());
                }
            }
            if (bare != null) {
                bare.close();
            }
            double csvRate = EvaluateThroughputProbe.median(csvRates);
            double pqRate = EvaluateThroughputProbe.median(pqRates);
            double readRate = EvaluateThroughputProbe.median(readRates);
            double csvMb = csvRate * csv.length / rows / 1e6;
            double pqMb = pqRate * parquet.length / rows / 1e6;
            System.out.println();
            System.out.printf(Locale.ROOT, "median CSV     end to end %,10.0f rows/s  %6.1f MB/s (%.1f B/row)%n",
                    csvRate, csvMb, csv.length / (double) rows);
            System.out.printf(Locale.ROOT, "median Parquet end to end %,10.0f rows/s  %6.1f MB/s (%.1f B/row)"
                    + "  %.2fx CSV%n", pqRate, pqMb, parquet.length / (double) rows, pqRate / csvRate);
            System.out.printf(Locale.ROOT, "median Parquet read only  %,10.0f rows/s (from the emulator), %,.0f"
                    + " rows/s (from memory)%n", readRate, EvaluateThroughputProbe.median(memoryRates));
            double getRate = EvaluateThroughputProbe.median(getRates);
            System.out.printf(Locale.ROOT, "median emulator ranged reads alone %,10.0f rows/s, %6.1f MB/s of the"
                    + " object (the reader's requests, nothing decoded)%n", getRate,
                    getRate * parquet.length / rows / 1e6);
            if (!forestRates.isEmpty()) {
                System.out.printf(Locale.ROOT, "median forest  end to end %,10.0f rows/s, bare ONNX Runtime %,10.0f"
                        + " rows/s, median of the rounds' ratios %.1f%% (%,d rows)%n",
                        EvaluateThroughputProbe.median(forestRates), EvaluateThroughputProbe.median(forestBare),
                        100 * EvaluateThroughputProbe.median(forestRatios), forestRows);
            }
            double lambdaRows = 75e6 / (parquet.length / (double) rows);
            System.out.printf(Locale.ROOT, "at 75 MB/s per Lambda: Parquet is network-bound at %,.0f rows/s, so one"
                    + " function runs at min(that, its CPU rate) = %,.0f rows/s%n", lambdaRows,
                    Math.min(lambdaRows, pqRate));
            System.out.printf("load after: %s%n", Machine.loadAverage());
            if (heapRows > 0) {
                heap(server, d, parquet(LabelledCsv.generate(heapRows, 42L), rowGroup), heapRows, pqKey, rows,
                        heapXmx, heapSearch);
            }
        }
    }

    /** Rows of the tiny objects a warm invocation's fixed cost is timed on. */
    private static final int TINY_ROWS = 1000;

    /**
     * A warm invocation's fixed cost: {@code invocations} runs of the real handler over a {@value #TINY_ROWS}-row CSV
     * and Parquet object each (after one warm-up of each), the median wall time per invocation and the requests to
     * the emulator it made, by bucket, operation and kind of key; the rest of the time is the function's own.
     */
    private static void warmTiny(EvaluateDeployment d, EvaluateBenchModel model, int rowGroup, int invocations)
            throws java.io.IOException {
        LabelledCsv tiny = LabelledCsv.generate(TINY_ROWS, 11L);
        String csvKey = StorageLayout.labelledPartition("bench", LocalDate.of(2026, 11, 20)) + "part-00000.csv";
        String pqKey = StorageLayout.labelledPartition("bench", LocalDate.of(2026, 11, 21)) + "part-00000.parquet";
        d.data.put(csvKey, tiny.csv(), "text/csv");
        d.data.put(pqKey, parquet(tiny, rowGroup), "application/octet-stream");
        EvaluateThroughputProbe.Variant run = EvaluateThroughputProbe.Variant.WITHOUT;
        for (String key : List.of(csvKey, pqKey)) {
            for (int i = 0; i < 5; i++) {
                run.check(run.invoke(d, model, key), TINY_ROWS);
            }
            synchronized (d.requests) {
                d.requests.clear();
            }
            List<Double> millis = new ArrayList<>();
            java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
            long cpu = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < invocations; i++) {
                long start = System.nanoTime();
                run.check(run.invoke(d, model, key), TINY_ROWS);
                millis.add((System.nanoTime() - start) / 1e6);
            }
            cpu = threads.getCurrentThreadCpuTime() - cpu;
            System.out.printf(Locale.ROOT, "warm tiny invocation, %s %,d rows: median %.1f ms wall, %.1f ms of the"
                    + " invoking thread's CPU (%d invocations; load %s)%n", key.endsWith(".csv") ? "CSV" : "Parquet",
                    TINY_ROWS, EvaluateThroughputProbe.median(millis), cpu / 1e6 / invocations, invocations,
                    Machine.loadAverage());
            TimedBlobStore.print(d.requests, invocations);
        }
    }

    /** Scores this many rows per ONNX Runtime call in the bare forest comparison, as evaluate's batches do. */
    private static final int FOREST_BATCH = 1024;

    /** One evaluation of the small model over {@code heapRows} and over {@code rows} rows, each in a child JVM. */
    private static void heap(MotoServer server, EvaluateDeployment d, byte[] small, int heapRows, String fullKey,
            int rows, String xmx, boolean search) throws Exception {
        String smallKey = StorageLayout.labelledPartition("bench", LocalDate.of(2026, 11, 26)) + "part-00000.parquet";
        d.data.put(smallKey, small, "application/octet-stream");
        System.out.println();
        for (String key : List.of(smallKey, fullKey)) {
            var h = EvaluateThroughputProbe.heapRun(server, d, EvaluateThroughputProbe.Variant.WITHOUT,
                    EvaluateBenchModel.SMALL, key, xmx);
            int n = key.equals(smallKey) ? heapRows : rows;
            if (h.has("outOfMemory")) {
                System.out.printf("heap Parquet %,d rows -Xmx%s: OutOfMemoryError%n", n, xmx);
                continue;
            }
            System.out.printf(Locale.ROOT, "heap Parquet %,10d rows -Xmx%s: live before %5.1f MB, max live after GC"
                    + " %6.1f MB, sum of pool peaks %6.1f MB, %d GCs, %.1f s (load %s)%n", n, xmx,
                    h.get("liveBeforeBytes").asLong() / 1e6, h.get("maxLiveAfterGcBytes").asLong() / 1e6,
                    h.get("peakPoolSumBytes").asLong() / 1e6, h.get("gcs").asLong(), h.get("seconds").asDouble(),
                    Machine.loadAverage());
        }
        if (search) {
            int smallMb = EvaluateThroughputProbe.smallestHeapMb(server, d, EvaluateThroughputProbe.Variant.WITHOUT,
                    EvaluateBenchModel.SMALL, smallKey);
            int fullMb = EvaluateThroughputProbe.smallestHeapMb(server, d, EvaluateThroughputProbe.Variant.WITHOUT,
                    EvaluateBenchModel.SMALL, fullKey);
            System.out.printf(Locale.ROOT, "smallest -Xmx Parquet: %,d rows %d MB, %,d rows %d MB: +%d MB for %,d"
                    + " more rows (metric state %d B/row: %.1f MB) (load %s)%n", heapRows, smallMb, rows, fullMb,
                    fullMb - smallMb, rows - heapRows, EvaluateBenchModel.SMALL.metricStateBytesPerRow(),
                    EvaluateBenchModel.SMALL.metricStateBytesPerRow() * (rows - heapRows) / 1e6,
                    Machine.loadAverage());
        }
    }

    /**
     * The emulator's ceiling for the reader's requests: the ranged reads of every row group's projected column
     * chunks (f0..f9, label: the id is fetched only for a row group with a rejected row, and these have none), one
     * per row group as the reader sends them, back to back, nothing decoded.
     */
    private static double rangedReadsOnly(EvaluateDeployment d, String key, byte[] parquet, int rows)
            throws java.io.IOException {
        ObjectInfo object = d.data.head(key).orElseThrow();
        List<long[]> spans = ParquetFixture.chunkSpans(parquet, projected(false));
        long start = System.nanoTime();
        for (long[] span : spans) {
            d.data.readRange(object, span[0], Math.toIntExact(span[1] - span[0]));
        }
        return rows / ((System.nanoTime() - start) / 1e9);
    }

    /** The columns a clean row group's read fetches: the features and the label, and the id when asked. */
    private static java.util.Set<String> projected(boolean withId) {
        java.util.Set<String> projected = new java.util.HashSet<>(SCHEMA.features());
        projected.add("label");
        if (withId) {
            projected.add("id");
        }
        return projected;
    }

    /** The bytes of every row group's chunks of {@code columns}. */
    private static long chunkBytes(byte[] parquet, java.util.Set<String> columns) throws java.io.IOException {
        return ParquetFixture.chunkSpans(parquet, columns).stream().mapToLong(s -> s[1] - s[0]).sum();
    }

    private static final DatasetSchema SCHEMA = new DatasetSchema(IntStream.range(0, 10).mapToObj(f -> "f" + f)
            .toList(), Task.BINARY_CLASSIFICATION, List.of("0", "1"), DatasetColumns.DEFAULT);

    /** Reads every row of {@code key} through {@link LabelledData} from the emulator, scoring nothing. */
    private static double readOnly(EvaluateDeployment d, String key, int rows) {
        LabelledData data = new LabelledData(d.data, Clock.systemUTC());
        ObjectInfo object = d.data.head(key).orElseThrow();
        long start = System.nanoTime();
        try (DatasetReader reader = data.open(object, SCHEMA, new Rejections())) {
            readAll(reader, rows);
            return rows / ((System.nanoTime() - start) / 1e9);
        }
    }

    /** Reads every row of the Parquet bytes already in memory, scoring nothing: the decoding cost alone. */
    private static double readInMemory(byte[] parquet, int rows) {
        ObjectInfo object = new ObjectInfo("memory/part-00000.parquet", parquet.length, "e", null, null);
        long start = System.nanoTime();
        try (DatasetReader reader = DatasetReader.open(object, new ByteArrayInputStream(parquet), SCHEMA,
                new Rejections())) {
            readAll(reader, rows);
            return rows / ((System.nanoTime() - start) / 1e9);
        }
    }

    /** Reads {@code reader} to its end, checking it gave {@code rows} rows. */
    private static void readAll(DatasetReader reader, int rows) {
        LabelledBatch batch = new LabelledBatch(1024, 10);
        long read = 0;
        int n;
        while ((n = reader.read(batch)) > 0) {
            read += n;
        }
        if (read != rows) {
            throw new IllegalStateException("read " + read + " rows, not " + rows);
        }
    }

    /** The generated rows as snappy Parquet, read back out of the CSV text so both hold the same values. */
    static byte[] parquet(LabelledCsv data, int rowGroup) {
        int n = data.rows();
        String[] id = new String[n];
        int[] label = new int[n];
        int[] label3 = new int[n];
        String[] segment = new String[n];
        String[] group = new String[n];
        String text = new String(data.csv(), StandardCharsets.US_ASCII);
        int pos = text.indexOf('\n') + 1;
        for (int i = 0; i < n; i++) {
            int end = text.indexOf('\n', pos);
            int comma = text.indexOf(',', pos);
            id[i] = text.substring(pos, comma);
            int c = comma;
            for (int f = 0; f < data.features(); f++) {
                c = text.indexOf(',', c + 1);
            }
            label[i] = text.charAt(c + 1) - '0';
            label3[i] = text.charAt(c + 3) - '0';
            int s = text.indexOf(',', c + 3);
            int g = text.indexOf(',', s + 1);
            segment[i] = text.substring(s + 1, g);
            group[i] = text.substring(g + 1, end);
            pos = end + 1;
        }
        ParquetFixture file = new ParquetFixture().codec(ParquetFixture.Codec.SNAPPY).rowGroupRows(rowGroup)
                .column("id", ParquetFixture.ColumnType.STRING, id);
        for (int f = 0; f < data.features(); f++) {
            float[] x = new float[n];
            for (int i = 0; i < n; i++) {
                x[i] = data.values()[i * data.features() + f];
            }
            file.column("f" + f, ParquetFixture.ColumnType.FLOAT, x);
        }
        return file.column("label", ParquetFixture.ColumnType.INT32, label)
                .column("label3", ParquetFixture.ColumnType.INT32, label3)
                .column("segment", ParquetFixture.ColumnType.STRING, segment)
                .column("group", ParquetFixture.ColumnType.STRING, group)
                .bytes();
    }

    private static String option(String[] args, String name, String otherwise) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals("--" + name)) {
                return args[i + 1];
            }
        }
        return otherwise;
    }
}
