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
 * <p>Options: {@code --rows 2000000 --repeats 3 --row-group 131072}.
 */
public final class ParquetThroughputProbe {
    private ParquetThroughputProbe() {}

    public static void main(String[] args) throws Exception {
        int rows = Integer.parseInt(option(args, "rows", "2000000"));
        int repeats = Integer.parseInt(option(args, "repeats", "3"));
        int rowGroup = Integer.parseInt(option(args, "row-group", "131072"));
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
            run.check(run.invoke(d, model, csvKey), rows); // warm-up: JIT, model load, connections
            run.check(run.invoke(d, model, pqKey), rows);
            readOnly(d, pqKey, rows);

            List<Double> csvRates = new ArrayList<>();
            List<Double> pqRates = new ArrayList<>();
            List<Double> readRates = new ArrayList<>();
            List<Double> memoryRates = new ArrayList<>();
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
                System.out.printf(Locale.ROOT, "round %d: CSV %,10.0f rows/s  Parquet %,10.0f rows/s  Parquet read"
                        + " only %,10.0f rows/s  from memory %,10.0f rows/s%n", r + 1, csvRates.getLast(),
                        pqRates.getLast(), readRates.getLast(), memoryRates.getLast());
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
            double lambdaRows = 75e6 / (parquet.length / (double) rows);
            System.out.printf(Locale.ROOT, "at 75 MB/s per Lambda: Parquet is network-bound at %,.0f rows/s, so one"
                    + " function runs at min(that, its CPU rate) = %,.0f rows/s%n", lambdaRows,
                    Math.min(lambdaRows, pqRate));
            System.out.printf("load after: %s%n", Machine.loadAverage());
        }
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
