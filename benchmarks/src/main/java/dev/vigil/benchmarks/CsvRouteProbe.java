package dev.vigil.benchmarks;

import dev.vigil.dataset.DatasetColumns;
import dev.vigil.dataset.DatasetReader;
import dev.vigil.dataset.DatasetSchema;
import dev.vigil.dataset.LabelledBatch;
import dev.vigil.dataset.Rejections;
import dev.vigil.model.Task;
import dev.vigil.storage.ObjectInfo;
import java.io.ByteArrayInputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parsing alone, from memory, on the calling thread: evaluate's generated labelled CSV ({@link LabelledCsv}) read into
 * batches of 1,024 by the general route (Jackson's parser for every record) and by the byte route, interleaved and
 * repeated; prints each pass and the medians in rows/s and MB/s of the thread's CPU time, and their ratio. Both
 * routes must read every row, and the same feature floats (checked bit for bit on every pass). Run it on one core:
 * {@code taskset -c 0 java -cp ... dev.vigil.benchmarks.CsvRouteProbe [rows] [repeats] [--extras] [--bytes-only]};
 * {@code --extras} also reads the {@code segment} and {@code group} columns as a model declaring slices does;
 * {@code --bytes-only} runs the byte route alone, for a profiler.
 */
public final class CsvRouteProbe {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private CsvRouteProbe() {}

    public static void main(String[] args) {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        boolean extras = List.of(args).contains("--extras");
        boolean profile = List.of(args).contains("--bytes-only");
        System.out.printf("machine: %s; load %s%n", Machine.current().describe(), Machine.loadAverage());
        LabelledCsv data = LabelledCsv.generate(rows, 42L);
        List<String> features = new ArrayList<>();
        for (int f = 0; f < data.features(); f++) {
            features.add("f" + f);
        }
        DatasetSchema plain = new DatasetSchema(features, Task.BINARY_CLASSIFICATION, List.of("0", "1"),
                DatasetColumns.DEFAULT);
        DatasetSchema schema = extras ? plain.withExtraColumns(List.of("segment", "group")) : plain;
        byte[] csv = data.csv();
        System.out.printf("%,d rows, %,d bytes (%.1f B/row)%s%n", rows, csv.length, csv.length / (double) rows,
                extras ? ", with extra columns segment and group" : "");
        if (profile) {
            for (int r = 0; r < repeats; r++) {
                System.out.printf(Locale.ROOT, "bytes %,11.0f rows/s%n", rows / pass(csv, schema, data, true));
            }
            return;
        }
        for (int warm = 0; warm < 3; warm++) {
            pass(csv, schema, data, false);
            pass(csv, schema, data, true);
        }
        List<Double> general = new ArrayList<>();
        List<Double> bytes = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        for (int r = 0; r < repeats; r++) {
            boolean byteFirst = r % 2 == 1;
            double first = pass(csv, schema, data, byteFirst);
            double second = pass(csv, schema, data, !byteFirst);
            double g = byteFirst ? second : first;
            double b = byteFirst ? first : second;
            general.add(rows / g);
            bytes.add(rows / b);
            ratios.add(g / b);
            System.out.printf(Locale.ROOT, "round %d: general %,11.0f rows/s  bytes %,11.0f rows/s  (x%.2f)%n", r + 1,
                    rows / g, rows / b, g / b);
        }
        double mg = EvaluateThroughputProbe.median(general);
        double mb = EvaluateThroughputProbe.median(bytes);
        double perRow = csv.length / (double) rows;
        System.out.printf(Locale.ROOT, "median general %,11.0f rows/s %6.1f MB/s%n", mg, mg * perRow / 1e6);
        System.out.printf(Locale.ROOT, "median bytes   %,11.0f rows/s %6.1f MB/s%n", mb, mb * perRow / 1e6);
        System.out.printf(Locale.ROOT, "median of round ratios bytes/general x%.2f%n",
                EvaluateThroughputProbe.median(ratios));
        System.out.printf("load after: %s%n", Machine.loadAverage());
    }

    /**
     * CPU seconds of this thread to read every row of {@code csv} by one route (CPU rather than wall time, so other
     * work on a shared machine slows the figures less); fails unless every row reads as generated.
     */
    private static double pass(byte[] csv, DatasetSchema schema, LabelledCsv data, boolean byteRoute) {
        ObjectInfo info = new ObjectInfo("labelled/bench/part.csv", csv.length, "etag", null, Instant.EPOCH);
        Rejections rejections = new Rejections();
        LabelledBatch batch = new LabelledBatch(1024, data.features(), schema.extraColumns().size());
        float[] expected = data.values();
        long start = THREADS.getCurrentThreadCpuTime();
        int read = 0;
        int mismatches = 0;
        try (DatasetReader reader = DatasetReader.open(info, new ByteArrayInputStream(csv), schema, rejections,
                byteRoute)) {
            int n;
            while ((n = reader.read(batch)) > 0) {
                float[] got = batch.features();
                int values = n * data.features();
                int offset = read * data.features();
                for (int i = 0; i < values; i++) {
                    mismatches += Float.floatToRawIntBits(got[i]) == Float.floatToRawIntBits(expected[offset + i])
                            ? 0 : 1;
                }
                read += n;
            }
        }
        double seconds = (THREADS.getCurrentThreadCpuTime() - start) / 1e9;
        if (read != data.rows() || mismatches > 0 || rejections.rows() > 0) {
            throw new IllegalStateException((byteRoute ? "byte" : "general") + " route read " + read + " of "
                    + data.rows() + " rows, " + mismatches + " floats differ, " + rejections.rows() + " rejected");
        }
        return seconds;
    }
}
