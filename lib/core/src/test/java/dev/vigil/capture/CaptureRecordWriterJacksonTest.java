package dev.vigil.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The byte-level writer writes exactly the bytes a Jackson {@link JsonGenerator} wrote for the same record, for
 * records built directly and for those {@link PredictionCapture} encodes from a request's values, over generated
 * records whose strings need every kind of escape and whose numbers are float32 edge values.
 */
class CaptureRecordWriterJacksonTest {
    private static final JsonFactory FACTORY = new JsonFactory();
    private static final String[] PIECES = {"a", "Z", "0", " ", "/", "\"", "\\", "\b", "\t", "\n", "\f", "\r",
        "\u0000", "\u0001", "\u001f", "\u007f", "\u0080", "é", "ß", "\u07ff", "\u0800", "€", "\u2028", "\ufffd",
        "\uffff", "\ud83d\ude00", "\ud800\udc00", "\udbff\udfff", "\ud83d", "\ude00", "日本", "-", "_", "hmac:k1:"};
    private static final float[] EDGES = {0f, -0f, 1f, -1f, 0.1f, -0.1f, 1e-5f, 1e-3f, 0.001f, 1e7f, 9_999_999f,
        16_777_216f, Math.nextUp(16_777_216f), 1e15f, -1e15f, Math.nextDown(1e15f), -Math.nextDown(1e15f),
        Math.nextUp(1e15f), Float.MAX_VALUE, -Float.MAX_VALUE, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL,
        Math.nextDown(Float.MIN_NORMAL), 3.4e38f, 1e-38f, Float.intBitsToFloat(7), 0x1p63f, -0x1p63f, 0.18923f, 45.5f,
        1.2345679e8f, -0x1p31f, 1e10f, 1e-10f, 2.5e-7f, 8.5070587e37f};

    /** The previous writer, kept here as the reference: one Jackson generator per record. */
    static byte[] jacksonLine(CaptureRecord r) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeStringField("schema", CaptureRecord.SCHEMA);
            g.writeStringField("model", r.model());
            g.writeStringField("bucket", CaptureLayout.bucketText(r.bucket()));
            g.writeStringField("served_at", CaptureRecordWriter.SERVED_AT.format(r.servedAt()));
            g.writeStringField("id", r.id());
            g.writeStringField("request_id", r.requestId());
            g.writeStringField("version", r.version());
            g.writeObjectFieldStart("output");
            switch (r.output()) {
                case CapturedOutput.Classification c -> {
                    g.writeStringField("label", c.label());
                    g.writeObjectFieldStart("probabilities");
                    for (Map.Entry<String, Float> p : c.probabilities().entrySet()) {
                        g.writeFieldName(p.getKey());
                        g.writeNumber(FloatText.of(p.getValue()));
                    }
                    g.writeEndObject();
                }
                case CapturedOutput.Regression v -> {
                    g.writeFieldName("value");
                    g.writeNumber(FloatText.of(v.value()));
                }
            }
            g.writeEndObject();
            g.writeObjectFieldStart("features");
            for (CapturedFeature f : r.features()) {
                g.writeFieldName(f.name());
                if (f.isPseudonym()) {
                    g.writeString(f.token());
                } else {
                    g.writeNumber(FloatText.of(f.value()));
                }
            }
            g.writeEndObject();
            if (!r.privacy().isEmpty()) {
                g.writeObjectFieldStart("privacy");
                g.writeArrayFieldStart("dropped");
                for (String name : r.privacy().dropped()) {
                    g.writeString(name);
                }
                g.writeEndArray();
                g.writeArrayFieldStart("pseudonymised");
                for (String name : r.privacy().pseudonymised()) {
                    g.writeString(name);
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.write('\n');
        return out.toByteArray();
    }

    static String text(SplittableRandom random, int maxPieces) {
        StringBuilder s = new StringBuilder();
        int n = random.nextInt(maxPieces + 1);
        for (int i = 0; i < n; i++) {
            s.append(random.nextInt(3) == 0 ? PIECES[random.nextInt(PIECES.length)]
                    : String.valueOf((char) ('a' + random.nextInt(26))));
        }
        return s.toString();
    }

    static float number(SplittableRandom random) {
        return switch (random.nextInt(6)) {
            case 0 -> EDGES[random.nextInt(EDGES.length)];
            case 1 -> random.nextInt(-100_000, 100_000);
            case 2 -> (float) random.nextDouble(-1, 1);
            case 3 -> Float.intBitsToFloat(random.nextInt(0x0080_0000)) * (random.nextBoolean() ? 1 : -1);
            default -> {
                float f = Float.intBitsToFloat(random.nextInt());
                yield Float.isFinite(f) ? f : -0f;
            }
        };
    }

    static Instant servedAt(SplittableRandom random) {
        return switch (random.nextInt(4)) {
            case 0 -> Instant.ofEpochMilli(random.nextLong(0, 4_102_444_800_000L));
            case 1 -> Instant.ofEpochMilli(random.nextLong(-62_167_219_200_000L, 253_402_300_799_999L));
            case 2 -> Instant.ofEpochSecond(random.nextLong(-400_000_000_000L, 400_000_000_000L),
                    random.nextInt(1_000_000_000));
            default -> Instant.ofEpochMilli(random.nextLong(-62_167_219_200_000L, -62_167_219_200_000L + 86_400_000L
                    * 800));
        };
    }

    static CapturedOutput output(SplittableRandom random, List<String> labels) {
        if (labels.isEmpty()) {
            return new CapturedOutput.Regression(number(random));
        }
        Map<String, Float> p = new LinkedHashMap<>();
        for (String label : labels) {
            p.put(label, random.nextBoolean() ? number(random) : (float) random.nextDouble());
        }
        return new CapturedOutput.Classification(random.nextInt(8) == 0 ? text(random, 6)
                : labels.get(random.nextInt(labels.size())), p);
    }

    static List<String> labels(SplittableRandom random) {
        List<String> labels = new ArrayList<>();
        if (random.nextInt(3) > 0) {
            for (int k = random.nextInt(6); k >= 0; k--) {
                labels.add(random.nextBoolean() ? "class-" + k : text(random, 5) + k);
            }
        }
        return labels;
    }

    static CaptureRecord record(SplittableRandom random) {
        List<CapturedFeature> features = new ArrayList<>();
        for (int f = random.nextInt(15); f > 0; f--) {
            String name = random.nextInt(3) == 0 ? text(random, 8) : "feature_" + f;
            features.add(random.nextInt(5) == 0
                    ? CapturedFeature.pseudonym(name, "hmac:k1:" + text(random, 22))
                    : CapturedFeature.value(name, number(random)));
        }
        CapturePrivacy privacy = switch (random.nextInt(4)) {
            case 0 -> new CapturePrivacy(List.of(text(random, 5), "age"), List.of(text(random, 5)));
            case 1 -> new CapturePrivacy(List.of(), List.of("postcode"));
            case 2 -> new CapturePrivacy(List.of(text(random, 4)), List.of());
            default -> CapturePrivacy.NONE;
        };
        return CaptureRecord.builder().model(text(random, 6) + "m").version(text(random, 4))
                .bucket(random.nextInt(100)).servedAt(servedAt(random)).id(text(random, 40))
                .requestId(random.nextInt(5) == 0 ? null : text(random, 40)).output(output(random, labels(random)))
                .features(features).privacy(privacy).build();
    }

    @Test
    void writesTheBytesJacksonWroteForThousandsOfGeneratedRecords() {
        SplittableRandom random = new SplittableRandom(1212);
        CaptureRecordWriter writer = new CaptureRecordWriter(Integer.MAX_VALUE);
        CaptureLines lines = new CaptureLines();
        List<byte[]> expected = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            CaptureRecord record = record(random);
            byte[] jackson = jacksonLine(record);
            assertArrayEquals(jackson, CaptureRecordWriter.line(record),
                    () -> new String(jackson, StandardCharsets.UTF_8));
            if (i % 10 == 0) {
                lines.clear();
                expected.clear();
            }
            writer.append(record, lines);
            expected.add(jackson);
        }
        int offset = 0;
        for (int i = 0; i < expected.size(); i++) {
            CaptureLines.Line line = lines.lines().get(i);
            assertEquals(offset, line.offset());
            assertArrayEquals(expected.get(i), Arrays.copyOfRange(lines.bytes(), offset, offset + line.length()));
            offset += line.length();
        }
        assertEquals(offset, lines.size());
    }

    @Test
    void servedAtMatchesTheFormatterOnEveryDayOfFourHundredYearsAndAtTheEdges() {
        CaptureRecord base = CaptureRecordWriterTest.churn();
        List<Instant> instants = new ArrayList<>(List.of(Instant.EPOCH, Instant.ofEpochMilli(-1),
                Instant.parse("0000-01-01T00:00:00Z"), Instant.parse("-0001-12-31T23:59:59.999Z"),
                Instant.parse("9999-12-31T23:59:59.999Z"), Instant.parse("+10000-01-01T00:00:00Z"),
                Instant.parse("2000-02-29T12:34:56.789Z"), Instant.parse("1900-03-01T00:00:00Z"),
                Instant.parse("-999999999-01-01T00:00:00Z"), Instant.parse("+999999999-12-31T23:59:59.999Z")));
        for (long day = 0; day < 146_097; day++) {
            instants.add(Instant.ofEpochSecond(day * 86_400 + day % 86_400, day % 1000 * 1_000_000L));
        }
        for (Instant at : instants) {
            CaptureRecord record = base.toBuilder().servedAt(at).build();
            assertArrayEquals(jacksonLine(record), CaptureRecordWriter.line(record), at::toString);
        }
    }

    @Test
    void predictionCaptureWritesTheBytesJacksonWroteForTheRecordItDescribes() {
        SplittableRandom random = new SplittableRandom(99);
        for (int round = 0; round < 300; round++) {
            List<String> features = new ArrayList<>();
            Set<String> unique = new HashSet<>();
            for (int f = random.nextInt(12); f >= 0; f--) {
                String name = random.nextBoolean() ? "f" + f : text(random, 6) + f;
                if (unique.add(name)) {
                    features.add(name);
                }
            }
            List<String> drop = new ArrayList<>();
            List<String> pseudonymise = new ArrayList<>();
            for (String name : features) {
                int treatment = random.nextInt(6);
                if (treatment == 0) {
                    drop.add(name);
                } else if (treatment == 1) {
                    pseudonymise.add(name);
                }
            }
            CaptureKey key = new CaptureKey("k" + round, PredictionCaptureTest.SECRET);
            CapturePolicy policy = CapturePolicy.of(Map.of(CapturePolicy.EVERY_OTHER_MODEL,
                    new CapturePolicy.ModelPolicy(1.0, drop, pseudonymise)));
            List<byte[]> written = new ArrayList<>();
            PredictionCapture capture = PredictionCapture.builder().policy(policy).buckets(64)
                    .keys(CaptureKeySource.fixed(key)).sink(lines -> {
                        for (CaptureLines.Line line : lines.lines()) {
                            written.add(Arrays.copyOfRange(lines.bytes(), line.offset(),
                                    line.offset() + line.length()));
                        }
                    }).drops((model, reason, n, detail) -> {
                        throw new AssertionError(reason + " " + detail);
                    }).build();
            ServedBy by = new ServedBy(text(random, 5) + "m", text(random, 3), List.copyOf(features),
                    random.nextInt(4) == 0 ? null : text(random, 20), servedAt(random));
            int rows = random.nextInt(1, 5);
            String[] ids = new String[rows];
            float[] values = new float[rows * features.size()];
            List<String> labels = labels(random);
            CapturedOutput[] outputs = new CapturedOutput[rows];
            for (int r = 0; r < rows; r++) {
                ids[r] = text(random, 30) + r;
                outputs[r] = output(random, labels);
            }
            for (int v = 0; v < values.length; v++) {
                values[v] = number(random);
            }
            assertEquals(rows, capture.capture(by, ids, values, r -> outputs[r]));
            FeaturePseudonymiser tokens = new FeaturePseudonymiser(key);
            for (int r = 0; r < rows; r++) {
                List<CapturedFeature> captured = new ArrayList<>();
                for (int c = 0; c < features.size(); c++) {
                    String name = features.get(c);
                    float value = values[r * features.size() + c];
                    if (pseudonymise.contains(name)) {
                        captured.add(CapturedFeature.pseudonym(name, tokens.token(name, value)));
                    } else if (!drop.contains(name)) {
                        captured.add(CapturedFeature.value(name, value));
                    }
                }
                CaptureRecord record = CaptureRecord.builder().model(by.model()).version(by.version())
                        .bucket(IdHash.of(ids[r]).bucket(64)).servedAt(by.servedAt()).id(ids[r])
                        .requestId(by.requestId()).output(outputs[r]).features(captured)
                        .privacy(new CapturePrivacy(features.stream().filter(drop::contains).toList(),
                                features.stream().filter(pseudonymise::contains).toList())).build();
                byte[] jackson = jacksonLine(record);
                assertArrayEquals(jackson, written.get(r), () -> new String(jackson, StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    void aRecordThatCannotBeWrittenLeavesTheBufferAsItWas() {
        CaptureLines lines = new CaptureLines();
        CaptureRecordWriter writer = new CaptureRecordWriter(1024);
        writer.append(CaptureRecordWriterTest.churn(), lines);
        int size = lines.size();
        CaptureRecord infinite = CaptureRecordWriterTest.churn().toBuilder()
                .features(List.of(CapturedFeature.value("a", 1), CapturedFeature.value("b", Float.NaN))).build();
        assertThrows(IllegalArgumentException.class, () -> writer.append(infinite, lines));
        assertEquals(size, lines.size());
        assertEquals(1, lines.lines().size());
    }
}
