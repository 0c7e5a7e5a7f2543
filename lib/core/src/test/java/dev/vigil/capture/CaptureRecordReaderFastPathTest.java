package dev.vigil.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.vigil.dataset.Rejections;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/**
 * The byte-level path of {@link CaptureRecordReader#joinFields()}'s {@code readAll}: it reads the lines the writer
 * writes to the same records Jackson reads, leaves every other line to Jackson, and a whole object gives the same
 * records and rejections as parsing each line with Jackson.
 */
class CaptureRecordReaderFastPathTest {
    private static final CaptureRecordReader JOIN = CaptureRecordReader.joinFields();
    private static final String GOOD = CaptureRecordReaderTest.line(CaptureRecordWriterTest.churn());

    /** A record the writer writes in plain ASCII; the features hold escapes, which the fast path skips over. */
    static CaptureRecord plainRecord(SplittableRandom random, int i) {
        List<CapturedFeature> features = new ArrayList<>();
        for (int f = 0; f < random.nextInt(0, 12); f++) {
            float v = switch (random.nextInt(4)) {
                case 0 -> random.nextInt(-1000, 1000);
                case 1 -> Float.intBitsToFloat(random.nextInt());
                case 2 -> (float) random.nextDouble(-1e-6, 1e-6);
                default -> (float) random.nextGaussian() * 1e12f;
            };
            features.add(random.nextInt(6) == 0
                    ? CapturedFeature.pseudonym("f" + f, "hmac:k" + i + ":\"q\\/\n\t\u0001")
                    : CapturedFeature.value("feature \"" + f + "\\", Float.isFinite(v) ? v : 0.5f));
        }
        CapturedOutput output;
        if (random.nextInt(3) > 0) {
            Map<String, Float> p = new LinkedHashMap<>();
            for (int k = 0; k < random.nextInt(0, 6); k++) {
                p.put("class-" + (char) ('a' + k), (float) random.nextDouble() * (random.nextBoolean() ? 1 : 1e-9f));
            }
            output = new CapturedOutput.Classification(random.nextBoolean() ? "class-a" : "other", p);
        } else {
            output = new CapturedOutput.Regression((float) (random.nextGaussian() * Math.pow(10, random.nextInt(-30,
                    30))));
        }
        return CaptureRecord.builder().model("model-" + i % 3).version("v" + i % 5).bucket(random.nextInt(100))
                .servedAt(Instant.ofEpochMilli(random.nextLong(-62_000_000_000_000L, 250_000_000_000_000L)))
                .id("019ad2f4-7c1e-7a3b-9f21-" + i).requestId(i % 4 == 0 ? null : "req-" + i).output(output)
                .features(features)
                .privacy(i % 7 == 0 ? new CapturePrivacy(List.of("gone", "also"), List.of("f0"))
                        : i % 11 == 0 ? new CapturePrivacy(List.of(), List.of("f1")) : CapturePrivacy.NONE)
                .build();
    }

    private static CaptureRecord jackson(String line) {
        return assertInstanceOf(CaptureRecordReader.Result.Accepted.class, JOIN.parse(line), line).record();
    }

    @Test
    void readsEveryLineTheWriterWritesWithoutJacksonToTheRecordJacksonReads() {
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 3000; i++) {
            CaptureRecord record = plainRecord(random, i);
            byte[] line = CaptureRecordWriter.line(record);
            String text = new String(line, 0, line.length - 1, StandardCharsets.UTF_8);
            CaptureRecord fast = CaptureRecordReader.readCanonical(Arrays.copyOf(line, line.length - 1));
            assertNotNull(fast, text);
            assertEquals(jackson(text), fast, text);
            assertEquals(record.toBuilder().features(List.of()).build(), fast, text);
            if (fast.output() instanceof CapturedOutput.Classification c) {
                assertEquals(List.copyOf(((CapturedOutput.Classification) record.output()).probabilities().keySet()),
                        List.copyOf(c.probabilities().keySet()), "label order");
            }
        }
    }

    /** Lines Jackson reads (or rejects) that are not in the writer's form: the fast path must leave them alone. */
    static List<String> unusualLines() {
        return List.of(
                GOOD.replace("\"id\":\"019ad2f4", "\"id\":\"\\u0030\\\"19ad2f4"),
                GOOD.replace("\"label\":\"churn\"", "\"label\":\"ch\u00fcrn\""),
                GOOD.replace("\"churn\":0.81077", "\"ch\u00fcrn\":0.81077"),
                GOOD.replace("{\"schema\":\"vigil.capture.v1\",\"model\":\"churn\",",
                        "{\"model\":\"churn\",\"schema\":\"vigil.capture.v1\","),
                GOOD.replace(",\"version\":", ",\"extra\":{\"a\":[1,2]},\"version\":"),
                GOOD.substring(0, GOOD.length() - 1) + ",\"later\":true}",
                GOOD.replace("\"model\":\"churn\"", "\"model\": \"churn\""),
                GOOD + " ",
                GOOD.replace("0.81077", "00.81077"),
                GOOD.replace("0.81077", "NaN"),
                GOOD.replace("0.81077", "1e999"),
                GOOD.replace("0.81077", "-.5"),
                GOOD.replace("0.81077", "1."),
                GOOD.replace("\"bucket\":\"05\"", "\"bucket\":\"5\""),
                GOOD.replace("\"bucket\":\"05\"", "\"bucket\":\"105\""),
                GOOD.replace("\"bucket\":\"05\"", "\"bucket\":5"),
                GOOD.replace("2026-11-30T12:00:00.123Z", "2026-13-30T12:00:00.123Z"),
                GOOD.replace("2026-11-30T12:00:00.123Z", "2026-02-30T12:00:00.123Z"),
                GOOD.replace("2026-11-30T12:00:00.123Z", "2026-11-30T24:00:00.123Z"),
                GOOD.replace("2026-11-30T12:00:00.123Z", "2026-11-30T12:00:00Z"),
                GOOD.replace("vigil.capture.v1", "vigil.capture.v2"),
                GOOD.substring(0, GOOD.length() - 20),
                GOOD + "{}",
                GOOD.replace("\"tenure_months\":60", "\"tenure_months\":{\"nested\":1}"),
                GOOD.replace("\"tenure_months\":60", "\"tenure_months\":true"),
                GOOD.replace("\"tenure_months\":60", "\"tenure_months\":\"a\u0001b\""),
                GOOD.replace("\"tenure_months\":60", "\"tenure_months\":\"a\\xb\""),
                GOOD.replace("\"tenure_months\":60", "\"tenure_months\":\"\u00e9\""),
                GOOD.replace("\"tenure_months\":60", "\"tenure_months\":60,"),
                GOOD.replace("\"version\":\"v2\"", "\"version\":\"v2\",\"version\":\"v3\""),
                GOOD.replace("\"request_id\":\"019ad2f4-7c1e-7a3b-9f21-5c0e8d2a4b60\"", "\"request_id\":7"),
                GOOD.replace(",\"output\":{\"label\":\"churn\",", ",\"output\":{\"value\":1,\"label\":\"churn\","),
                "{\"schema\":\"vigil.capture.v1\"",
                "[1,2,3]",
                "");
    }

    @Test
    void leavesEveryLineNotInTheWritersFormToJackson() {
        assertNotNull(CaptureRecordReader.readCanonical(GOOD.getBytes(StandardCharsets.UTF_8)), GOOD);
        for (String line : unusualLines()) {
            assertNull(CaptureRecordReader.readCanonical(line.getBytes(StandardCharsets.UTF_8)), line);
        }
    }

    @Test
    void anObjectGivesTheRecordsAndRejectionsOfParsingEachLineWithJackson() throws IOException {
        SplittableRandom random = new SplittableRandom(3);
        StringBuilder text = new StringBuilder();
        List<String> unusual = unusualLines();
        String[] terminators = {"\n", "\r\n", "\r", "\n\n", "\n \t\n"};
        for (int i = 0; i < 4000; i++) {
            String line = random.nextInt(4) == 0 ? unusual.get(random.nextInt(unusual.size()))
                    : CaptureRecordReaderTest.line(random.nextInt(20) == 0
                            ? CaptureRecordReaderTest.randomRecord(random, i) : plainRecord(random, i));
            if (i == 1000) {
                line = GOOD.replace("\"age\":68", "\"age\":68" + ",\"x\":1".repeat(20_000)); // longer than a buffer
            }
            text.append(line).append(terminators[random.nextInt(terminators.length)]);
        }
        text.append(GOOD); // no newline at the end
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        bytes[bytes.length / 2] = (byte) 0xC3; // a malformed UTF-8 sequence somewhere

        List<CaptureRecord> expected = new ArrayList<>();
        Rejections expectedRejections = new Rejections();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(new ByteArrayInputStream(bytes),
                StandardCharsets.UTF_8))) {
            long number = 0;
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                switch (JOIN.parse(line)) {
                    case CaptureRecordReader.Result.Accepted a -> expected.add(a.record());
                    case CaptureRecordReader.Result.Rejected r -> expectedRejections.add("k", number, null,
                            r.reason(), r.detail(), line);
                }
            }
        }
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(bytes);
        }
        for (byte[] object : List.of(bytes, gz.toByteArray())) {
            List<CaptureRecord> records = new ArrayList<>();
            Rejections rejections = new Rejections();
            long read = JOIN.readAll(new ByteArrayInputStream(object), "k", records::add, rejections);
            assertEquals(expected.size(), read);
            assertEquals(expected, records);
            assertEquals(expectedRejections.summary(), rejections.summary());
        }
    }
}
