package dev.vigil.benchmarks;

import dev.vigil.capture.CaptureFormat;
import dev.vigil.capture.CaptureLayout;
import dev.vigil.capture.CaptureLines;
import dev.vigil.capture.CaptureParquetFixture;
import dev.vigil.capture.CaptureRecord;
import dev.vigil.capture.CaptureRecordWriter;
import dev.vigil.capture.CapturedFeature;
import dev.vigil.capture.CapturedOutput;
import dev.vigil.capture.IdHash;
import dev.vigil.serving.PredictionIds;
import dev.vigil.storage.BlobStore;
import dev.vigil.storage.StorageLayout;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;

/**
 * A window of served traffic written to a store as the deployed pipeline leaves it: captured predictions of a binary
 * model (two versions, ten features) as {@link CaptureRecordWriter} lines, gzipped into objects of
 * {@code recordsPerObject} records under their {@code capture/<model>/dt=/hour=/b=/} partition, and labels for a
 * share of the first {@code labelledRows} predictions as ground-truth CSV objects ({@code id,label,labelled_at}).
 * Prediction ids are UUIDv7 made at their {@code served_at}, labels arrive up to seven days later. Written as
 * {@link CaptureFormat#PARQUET}, each object holds the same records as {@link CaptureParquetFixture} lays out the
 * delivery stream's conversion (snappy, one row group), and {@code captureGzipBytes} is the stored object's size.
 */
final class TrafficData {
    static final List<String> LABELS = List.of("stay", "churn");
    static final List<String> VERSIONS = List.of("v1", "v2");
    static final List<String> FEATURES = List.of("tenure_months", "monthly_charges", "total_charges",
            "support_calls", "age", "contract_months", "data_usage_gb", "late_payments", "devices", "region_code");
    static final int BUCKETS = 8;
    static final long HOUR = 3_600_000L;
    private static final long WEEK = 7 * 24 * HOUR;
    private static final int LABELS_PER_OBJECT = 100_000;

    /** What was written. */
    record Written(long windowStart, long windowEnd, long captureRows, long captureObjects, long captureBytes,
            long captureGzipBytes, long labels, long labelObjects, long labelBytes) {}

    private TrafficData() {}

    /** The window this data falls in: the hour starting {@code daysAgo} days before now, truncated to the hour. */
    static long windowStart(int daysAgo) {
        long now = System.currentTimeMillis();
        return (now - 24L * daysAgo * HOUR) / HOUR * HOUR;
    }

    /**
     * Writes {@code rows} predictions of {@code model} served in the hour from {@code start}, and labels for
     * {@code labelShare} of the first {@code labelledRows} of them.
     */
    static Written write(BlobStore store, String model, long start, int rows, int labelledRows, double labelShare,
            int recordsPerObject, long seed) {
        return write(store, model, start, rows, labelledRows, labelShare, recordsPerObject, seed, CaptureFormat.JSONL);
    }

    /** {@link #write} with capture stored in {@code format}; the same seed gives the same records either way. */
    static Written write(BlobStore store, String model, long start, int rows, int labelledRows, double labelShare,
            int recordsPerObject, long seed, CaptureFormat format) {
        return write(store, model, start, rows, labelledRows, labelShare, recordsPerObject, seed, format,
                Integer.MAX_VALUE);
    }

    /** {@link #write} in {@code format}, a Parquet object starting a row group every {@code rowGroupRows} records. */
    static Written write(BlobStore store, String model, long start, int rows, int labelledRows, double labelShare,
            int recordsPerObject, long seed, CaptureFormat format, int rowGroupRows) {
        SplittableRandom random = new SplittableRandom(seed);
        long[] clock = {start};
        PredictionIds ids = PredictionIds.seeded(() -> clock[0], seed);
        CaptureRecordWriter writer = new CaptureRecordWriter(CaptureRecordWriter.DEFAULT_MAX_RECORD_BYTES);
        CaptureLines lines = new CaptureLines();
        List<Partition> partitions = new ArrayList<>();
        for (int b = 0; b < BUCKETS; b++) {
            partitions.add(new Partition(CaptureLayout.partitionPrefix(model, Instant.ofEpochMilli(start), b),
                    format, rowGroupRows));
        }
        StringBuilder labelCsv = new StringBuilder();
        long[] totals = new long[5];
        LocalDate labelDay = Instant.ofEpochMilli(start).atZone(ZoneOffset.UTC).toLocalDate();
        for (int i = 0; i < rows; i++) {
            clock[0] = start + Math.min(HOUR - 1, (long) i * HOUR / rows);
            long servedAt = clock[0];
            String id = ids.next();
            String requestId = ids.next();
            IdHash hash = IdHash.of(id);
            int bucket = hash.bucket(BUCKETS);
            double churn = random.nextDouble();
            Map<String, Float> probabilities = new LinkedHashMap<>();
            probabilities.put("stay", (float) (1 - churn));
            probabilities.put("churn", (float) churn);
            List<CapturedFeature> features = new ArrayList<>(FEATURES.size());
            for (int f = 0; f < FEATURES.size(); f++) {
                features.add(CapturedFeature.value(FEATURES.get(f), f % 3 == 0 ? random.nextInt(120)
                        : (float) (random.nextGaussian() * 40 + 60)));
            }
            CaptureRecord record = CaptureRecord.builder().model(model).version(VERSIONS.get(random.nextInt(2)))
                    .bucket(bucket).servedAt(Instant.ofEpochMilli(servedAt)).id(id).requestId(requestId)
                    .output(new CapturedOutput.Classification(churn >= 0.5 ? "churn" : "stay", probabilities))
                    .features(features).build();
            lines.clear();
            writer.append(record, lines);
            Partition partition = partitions.get(bucket);
            partition.add(lines.bytes(), lines.size(), record);
            totals[0] += lines.size();
            if (partition.records == recordsPerObject) {
                totals[1] += partition.flush(store);
            }
            if (i < labelledRows && random.nextDouble() < labelShare) {
                long labelledAt = servedAt + 60_000 + random.nextLong(WEEK);
                labelCsv.append(id).append(',').append(random.nextDouble() < churn ? "churn" : "stay").append(',')
                        .append(CaptureRecordWriter.SERVED_AT.format(Instant.ofEpochMilli(labelledAt))).append('\n');
                totals[2]++;
                if (totals[2] % LABELS_PER_OBJECT == 0) {
                    totals[3] += putLabels(store, model, labelDay, totals[4]++, labelCsv);
                }
            }
        }
        for (Partition partition : partitions) {
            if (partition.records > 0) {
                totals[1] += partition.flush(store);
            }
        }
        if (labelCsv.length() > 0) {
            totals[3] += putLabels(store, model, labelDay, totals[4]++, labelCsv);
        }
        long objects = partitions.stream().mapToLong(p -> p.objects).sum();
        return new Written(start, start + HOUR, rows, objects, totals[0], totals[1], totals[2], totals[4],
                totals[3]);
    }

    private static long putLabels(BlobStore store, String model, LocalDate day, long part, StringBuilder csv) {
        byte[] bytes = ("id,label,labelled_at\n" + csv).getBytes(StandardCharsets.UTF_8);
        store.put(StorageLayout.groundTruthPartition(model, day) + String.format(Locale.ROOT, "labels-%05d.csv",
                part), bytes, "text/csv");
        csv.setLength(0);
        return bytes.length;
    }

    /** One capture partition's object being filled. */
    private static final class Partition {
        private final String prefix;
        private final CaptureFormat format;
        private final int rowGroupRows;
        private final List<CaptureRecord> held = new ArrayList<>();
        private ByteArrayOutputStream bytes;
        private GZIPOutputStream gzip;
        private int records;
        private int objects;

        Partition(String prefix, CaptureFormat format, int rowGroupRows) {
            this.prefix = prefix;
            this.format = format;
            this.rowGroupRows = rowGroupRows;
            open();
        }

        private void open() {
            try {
                bytes = new ByteArrayOutputStream(8 << 20);
                gzip = new GZIPOutputStream(bytes, 64 * 1024);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            records = 0;
        }

        void add(byte[] line, int length, CaptureRecord record) {
            if (format == CaptureFormat.PARQUET) {
                held.add(record);
                records++;
                return;
            }
            try {
                gzip.write(line, 0, length);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            records++;
        }

        /** Uploads the object and starts the next; returns its gzipped size. */
        long flush(BlobStore store) {
            if (format == CaptureFormat.PARQUET) {
                byte[] object = CaptureParquetFixture.of(held).rowGroupRows(rowGroupRows).bytes();
                store.put(prefix + String.format(Locale.ROOT, "vigil-capture-%05d", objects++) + format.extension(),
                        object, "application/octet-stream");
                held.clear();
                records = 0;
                return object.length;
            }
            try {
                gzip.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            byte[] object = bytes.toByteArray();
            store.put(prefix + String.format(Locale.ROOT, "vigil-capture-%05d.jsonl.gz", objects++), object,
                    "application/gzip");
            open();
            return object.length;
        }
    }
}
