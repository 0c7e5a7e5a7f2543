package dev.vigil.evaluate;

import static dev.vigil.evaluate.EvaluateFixture.BINARY;
import static dev.vigil.evaluate.EvaluateFixture.MODEL;
import static dev.vigil.evaluate.EvaluateFixture.NOW;

import dev.vigil.aws.S3BlobStore;
import dev.vigil.capture.CaptureLayout;
import dev.vigil.capture.CaptureParquetFixture;
import dev.vigil.capture.CaptureRecord;
import dev.vigil.capture.CaptureRecordWriter;
import dev.vigil.capture.CapturedFeature;
import dev.vigil.capture.CapturedOutput;
import dev.vigil.capture.IdHash;
import dev.vigil.onnx.OnnxModel;
import dev.vigil.onnx.Predictions;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Served traffic for evaluate's tests, beside an {@link EvaluateFixture}: a capture bucket holding predictions as
 * predict's local sink writes them (gzip JSON Lines under {@code capture/<model>/dt=/hour=/b=/}) and a label file
 * under {@code ground-truth/<model>/dt=2026-11-10/}, as the labels route and label files leave them. The scenario is
 * described at {@link #scenario()}.
 */
final class ServedTrafficFixture {
    static final int BUCKETS = 8;
    static final Instant WINDOW_START = Instant.parse("2026-11-10T04:00:00Z");
    static final Instant WINDOW_END = Instant.parse("2026-11-10T04:55:00Z");

    final S3BlobStore capture;
    private final EvaluateFixture fx;

    ServedTrafficFixture(EvaluateFixture fx) {
        this(fx, "capture");
    }

    /** Served traffic in a capture bucket of its own, named {@code bucketName}. */
    ServedTrafficFixture(EvaluateFixture fx, String bucketName) {
        this.fx = fx;
        this.capture = new S3BlobStore(fx.emulator.s3(), fx.emulator.createBucket(bucketName));
    }

    /** UUIDv7 text carrying {@code at} (version 7, variant 10, {@code n} in the random bits). */
    static String idAt(Instant at, int n) {
        String hex = String.format(Locale.ROOT, "%012x", at.toEpochMilli());
        return hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-7000-8000-" + String.format(Locale.ROOT,
                "%012x", n);
    }

    /** One served prediction the test writes to capture, and what the test knows about it. */
    record Served(String id, String version, Instant servedAt, EvaluateFixture.Row row, double[] probabilities) {}

    /** The scenario: what was served and the label lines. */
    record Traffic(List<Served> inWindow, List<Served> outside, String labelCsv, List<Served> labelled) {}

    /**
     * 600 predictions in the window (the first 300 served by v1, the rest by v2), 20 served after it (10 of them in
     * an hour the window does not reach, so never read); labels for 90 %
     * of the window's (every tenth left out), for every later one, 5 orphans (ids of the window never captured), one
     * id labelled twice with different labels (the later wins), and 2 malformed records.
     */
    static Traffic scenario() {
        List<EvaluateFixture.Row> rows = EvaluateFixture.binaryRows(620, 41, 0f);
        float[][] x = rows.stream().map(EvaluateFixture.Row::x).toArray(float[][]::new);
        Predictions p;
        try (OnnxModel model = OnnxModel.load(BINARY.manifest(MODEL, "ref"), BINARY.bytes())) {
            p = model.predict(x);
        }
        List<Served> inWindow = new ArrayList<>();
        List<Served> outside = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            // the last 20: ten later in the window's last hour (read, outside the window), ten in the next hour
            Instant at = i < 600 ? WINDOW_START.plusMillis(i * 5_000L + 7)
                    : i < 610 ? WINDOW_END.plusSeconds(i - 599) : WINDOW_END.plusSeconds(900 + i);
            Served s = new Served(idAt(at, i), i < 300 ? "v1" : "v2", at, rows.get(i), p.probabilities(i));
            (i < 600 ? inWindow : outside).add(s);
        }
        StringBuilder csv = new StringBuilder("id,label,labelled_at\n");
        List<Served> labelled = new ArrayList<>();
        for (int i = 0; i < inWindow.size(); i++) {
            Served s = inWindow.get(i);
            if (i % 10 == 9) {
                continue;
            }
            String label = s.row().label();
            if (i == 4) {
                // labelled twice: first the wrong class, then the right one a minute later (the later one wins)
                csv.append(s.id()).append(',').append(label.equals("1") ? "0" : "1").append(',')
                        .append(s.servedAt().plusSeconds(30)).append('\n');
            }
            csv.append(s.id()).append(',').append(label).append(',').append(s.servedAt().plusSeconds(90 + i % 60))
                    .append('\n');
            labelled.add(s);
        }
        for (Served s : outside) {
            csv.append(s.id()).append(',').append(s.row().label()).append(',').append(NOW.minusSeconds(5))
                    .append('\n');
        }
        for (int k = 0; k < 5; k++) {
            csv.append(idAt(WINDOW_START.plusSeconds(1 + k), 90_000 + k)).append(",1,").append(NOW.minusSeconds(9))
                    .append('\n');
        }
        csv.append(",1,").append(NOW.minusSeconds(9)).append('\n');
        csv.append("bad id with spaces,1,").append(NOW.minusSeconds(9)).append('\n');
        return new Traffic(inWindow, outside, csv.toString(), labelled);
    }

    /** Writes {@code traffic} to the capture bucket and its labels to the data bucket. */
    void write(Traffic traffic) {
        Map<String, List<CaptureRecord>> objects = records(traffic);
        Map<String, ByteArrayOutputStream> lines = new TreeMap<>();
        objects.forEach((key, records) -> records.forEach(record -> lines.computeIfAbsent(key + ".jsonl.gz",
                k -> new ByteArrayOutputStream()).writeBytes(CaptureRecordWriter.line(record))));
        lines.forEach((key, bytes) -> capture.put(key, EvaluateFixture.gzip(bytes.toByteArray()),
                "application/gzip"));
        writeLabels(traffic);
    }

    /**
     * Writes {@code traffic}'s captured predictions as Firehose's Parquet conversion would deliver them (one
     * {@code .parquet} object per partition, {@link CaptureParquetFixture}), and its labels to the data bucket.
     */
    void writeParquet(Traffic traffic) {
        records(traffic).forEach((key, records) -> capture.put(key + ".parquet",
                CaptureParquetFixture.of(records).bytes(), "application/octet-stream"));
        writeLabels(traffic);
    }

    void writeLabels(Traffic traffic) {
        fx.data.put("ground-truth/" + MODEL + "/dt=2026-11-10/labels.csv",
                traffic.labelCsv().getBytes(StandardCharsets.UTF_8), "text/csv");
    }

    /** The capture records of {@code traffic} by object key (without extension), one object per partition. */
    static Map<String, List<CaptureRecord>> records(Traffic traffic) {
        Map<String, List<CaptureRecord>> objects = new TreeMap<>();
        List<Served> all = new ArrayList<>(traffic.inWindow());
        all.addAll(traffic.outside());
        for (Served s : all) {
            int bucket = IdHash.of(s.id()).bucket(BUCKETS);
            Map<String, Float> probabilities = new LinkedHashMap<>();
            probabilities.put("0", (float) s.probabilities()[0]);
            probabilities.put("1", (float) s.probabilities()[1]);
            List<CapturedFeature> features = new ArrayList<>();
            for (int f = 0; f < s.row().x().length; f++) {
                features.add(CapturedFeature.value("f" + f, s.row().x()[f]));
            }
            CaptureRecord record = CaptureRecord.builder().model(MODEL).version(s.version()).bucket(bucket)
                    .servedAt(s.servedAt()).id(s.id()).requestId("req-" + s.id().substring(30))
                    .output(new CapturedOutput.Classification(s.probabilities()[1] >= 0.5 ? "1" : "0", probabilities))
                    .features(features).build();
            String key = CaptureLayout.partitionPrefix(MODEL, s.servedAt(), bucket) + "part-0";
            objects.computeIfAbsent(key, k -> new ArrayList<>()).add(record);
        }
        return objects;
    }

}
