package dev.vigil.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.dataset.RejectReason;
import dev.vigil.dataset.RejectionSummary;
import dev.vigil.dataset.Rejections;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CaptureRecordReaderTest {
    private final CaptureRecordReader reader = CaptureRecordReader.full();

    static String line(CaptureRecord record) {
        String text = new String(CaptureRecordWriter.line(record), StandardCharsets.UTF_8);
        return text.substring(0, text.length() - 1);
    }

    @Test
    void readsBackEveryWrittenRecordEqualToTheOriginal() {
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < 500; i++) {
            CaptureRecord record = randomRecord(random, i);
            CaptureRecordReader.Result read = reader.parse(line(record));
            assertEquals(new CaptureRecordReader.Result.Accepted(record), read, line(record));
        }
    }

    @Test
    void joinFieldsSkipsTheFeaturesOnly() {
        CaptureRecord record = CaptureRecordWriterTest.churn().toBuilder()
                .privacy(new CapturePrivacy(List.of("age"), List.of())).build();
        var read = (CaptureRecordReader.Result.Accepted) CaptureRecordReader.joinFields().parse(line(record));
        assertEquals(record.toBuilder().features(List.of()).build(), read.record());
    }

    @Test
    void fieldOrderDoesNotMatterAndUnknownFieldsAreIgnored() {
        String line = "{\"id\":\"a\",\"extra\":{\"nested\":[1,2]},\"version\":\"v1\",\"output\":{\"value\":2.5},"
                + "\"model\":\"m\",\"served_at\":\"2026-01-02T03:04:05.006Z\",\"bucket\":\"07\","
                + "\"schema\":\"vigil.capture.v1\",\"features\":{\"x\":1}}";
        var read = assertInstanceOf(CaptureRecordReader.Result.Accepted.class, reader.parse(line));
        assertEquals(7, read.record().bucket());
        assertEquals(new CapturedOutput.Regression(2.5f), read.record().output());
        assertEquals(null, read.record().requestId());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "another schema   | {\"schema\":\"vigil.capture.v2\",\"model\":\"m\"}  | unknown_schema",
        "not JSON         | {\"schema\":                                     | malformed_record",
        "not an object    | [1,2]                                              | malformed_record",
        "no schema        | {\"model\":\"m\"}                                 | malformed_record",
        "no id            | {\"schema\":\"vigil.capture.v1\",\"model\":\"m\",\"bucket\":\"01\","
                + "\"served_at\":\"2026-01-02T03:04:05.006Z\",\"version\":\"v1\","
                + "\"output\":{\"value\":1}} | malformed_record",
        "a bad bucket     | {\"schema\":\"vigil.capture.v1\",\"model\":\"m\",\"bucket\":\"1\","
                + "\"served_at\":\"2026-01-02T03:04:05.006Z\",\"id\":\"a\",\"version\":\"v1\","
                + "\"output\":{\"value\":1}} | malformed_record",
        "a bad time       | {\"schema\":\"vigil.capture.v1\",\"model\":\"m\",\"bucket\":\"01\","
                + "\"served_at\":\"2026-01-02T03:04:05Z\",\"id\":\"a\",\"version\":\"v1\","
                + "\"output\":{\"value\":1}} | malformed_record",
        "a text value     | {\"schema\":\"vigil.capture.v1\",\"model\":\"m\",\"bucket\":\"01\","
                + "\"served_at\":\"2026-01-02T03:04:05.006Z\",\"id\":\"a\",\"version\":\"v1\","
                + "\"output\":{\"value\":\"1\"}} | malformed_record",
        "trailing content | {\"schema\":\"vigil.capture.v1\"} {}              | malformed_record",
    })
    void aLineThatIsNotARecordIsRejectedWithItsReason(String what, String line, String reason) {
        var rejected = assertInstanceOf(CaptureRecordReader.Result.Rejected.class, reader.parse(line), what);
        assertEquals(reason, rejected.reason().code(), what);
        assertTrue(!rejected.detail().isBlank(), what);
    }

    @Test
    void readAllReadsGzipOrPlainLinesSkipsBlanksAndCountsRejectionsWithLineNumbers() throws IOException {
        CaptureRecord record = CaptureRecordWriterTest.churn();
        String object = line(record) + "\n\n{\"schema\":\"vigil.capture.v9\"}\nnot json\n" + line(record) + "\n";
        for (boolean gzip : new boolean[] {false, true}) {
            byte[] bytes = object.getBytes(StandardCharsets.UTF_8);
            if (gzip) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                try (GZIPOutputStream z = new GZIPOutputStream(out)) {
                    z.write(bytes);
                }
                bytes = out.toByteArray();
            }
            List<CaptureRecord> records = new ArrayList<>();
            Rejections rejections = new Rejections();
            long read = reader.readAll(new ByteArrayInputStream(bytes), "capture/churn/x.jsonl.gz", records::add,
                    rejections);
            assertEquals(2, read);
            assertEquals(List.of(record, record), records);
            RejectionSummary summary = rejections.summary();
            assertEquals(1, summary.count(RejectReason.UNKNOWN_SCHEMA));
            assertEquals(1, summary.count(RejectReason.MALFORMED_RECORD));
            assertEquals(List.of(3L, 4L), summary.examples().stream().map(r -> r.record()).toList());
        }
    }

    static CaptureRecord randomRecord(SplittableRandom random, int i) {
        List<CapturedFeature> features = new ArrayList<>();
        for (int f = 0; f < random.nextInt(1, 12); f++) {
            float v = random.nextBoolean() ? (float) random.nextInt(-1000, 1000)
                    : Float.intBitsToFloat(random.nextInt());
            if (!Float.isFinite(v)) {
                v = 0.5f;
            }
            features.add(random.nextInt(5) == 0 ? CapturedFeature.pseudonym("f" + f, "hmac:k" + i + ":tok" + f)
                    : CapturedFeature.value("f" + f, v));
        }
        CapturedOutput output;
        if (random.nextBoolean()) {
            Map<String, Float> p = new LinkedHashMap<>();
            p.put("b", (float) random.nextDouble());
            p.put("a", (float) random.nextDouble());
            output = new CapturedOutput.Classification(random.nextBoolean() ? "a" : "b", p);
        } else {
            output = new CapturedOutput.Regression((float) random.nextDouble(-1e6, 1e6));
        }
        return CaptureRecord.builder().model("model-" + i % 3).version("v" + i % 5).bucket(random.nextInt(64))
                .servedAt(java.time.Instant.ofEpochMilli(1_796_040_000_000L + random.nextLong(1L << 36)))
                .id("id-" + i + "\u00e9\"\\").requestId(i % 4 == 0 ? null : "req-" + i).output(output)
                .features(features)
                .privacy(i % 7 == 0 ? new CapturePrivacy(List.of("gone"), List.of("f0")) : CapturePrivacy.NONE)
                .build();
    }
}
