package dev.vigil.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CaptureRecordWriterTest {
    static final Instant NOON = Instant.parse("2026-11-30T12:00:00Z");

    static CaptureRecord churn() {
        Map<String, Float> probabilities = new LinkedHashMap<>();
        probabilities.put("stay", 0.18923f);
        probabilities.put("churn", 0.81077f);
        return CaptureRecord.builder().model("churn").version("v2").bucket(5).servedAt(NOON.plusMillis(123))
                .id("019ad2f4-7c1e-7a3b-9f21-5c0e8d2a4b61").requestId("019ad2f4-7c1e-7a3b-9f21-5c0e8d2a4b60")
                .output(new CapturedOutput.Classification("churn", probabilities))
                .features(List.of(CapturedFeature.value("tenure_months", 60), CapturedFeature.value("monthly_charges",
                        45.5f), CapturedFeature.value("support_calls", 0), CapturedFeature.value("age", 68)))
                .build();
    }

    static String text(CaptureRecord record) {
        return new String(CaptureRecordWriter.line(record), StandardCharsets.UTF_8);
    }

    @Test
    void writesTheDesignsLineExactlyWithItsNewline() {
        assertEquals("{\"schema\":\"vigil.capture.v1\",\"model\":\"churn\",\"bucket\":\"05\","
                + "\"served_at\":\"2026-11-30T12:00:00.123Z\",\"id\":\"019ad2f4-7c1e-7a3b-9f21-5c0e8d2a4b61\","
                + "\"request_id\":\"019ad2f4-7c1e-7a3b-9f21-5c0e8d2a4b60\",\"version\":\"v2\","
                + "\"output\":{\"label\":\"churn\",\"probabilities\":{\"stay\":0.18923,\"churn\":0.81077}},"
                + "\"features\":{\"tenure_months\":60,\"monthly_charges\":45.5,\"support_calls\":0,\"age\":68}}\n",
                text(churn()));
    }

    @Test
    void servedAtIsFixedWidthEvenOnAWholeSecond() {
        String line = text(churn().toBuilder().servedAt(NOON).build());
        assertTrue(line.contains("\"served_at\":\"2026-11-30T12:00:00.000Z\""), line);
        assertEquals("2026-11-30T12:00:00Z", NOON.toString(), "what Instant.toString would have written");
    }

    @Test
    void regressionWritesAValueAndPrivacyComesLastOnlyWhenSomethingChanged() {
        CaptureRecord record = churn().toBuilder().output(new CapturedOutput.Regression(1234.5f))
                .features(List.of(CapturedFeature.value("tenure_months", 60),
                        CapturedFeature.pseudonym("postcode", "hmac:k1:AAAAAAAAAAAAAAAAAAAAAA")))
                .privacy(new CapturePrivacy(List.of("age"), List.of("postcode"))).build();
        String line = text(record);
        assertTrue(line.contains("\"output\":{\"value\":1234.5},"), line);
        assertTrue(line.endsWith("\"features\":{\"tenure_months\":60,\"postcode\":\"hmac:k1:AAAAAAAAAAAAAAAAAAAAAA\"},"
                + "\"privacy\":{\"dropped\":[\"age\"],\"pseudonymised\":[\"postcode\"]}}\n"), line);
        assertFalse(text(churn()).contains("privacy"));
    }

    @Test
    void fieldsComeInTheFixedOrder() throws IOException {
        CaptureRecord record = churn().toBuilder().privacy(new CapturePrivacy(List.of("x"), List.of())).build();
        JsonNode node = Json.MAPPER.readTree(text(record));
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        assertEquals(List.of("schema", "model", "bucket", "served_at", "id", "request_id", "version", "output",
                "features", "privacy"), names);
    }

    @Test
    void everyFloatReadsBackBitForBit() {
        SplittableRandom random = new SplittableRandom(12);
        List<Float> values = new ArrayList<>(List.of(0f, -0f, 1f, -1f, 0.1f, 1e-5f, 3.4028235e38f, 1.4e-45f,
                16_777_216f, 1e15f, 0.18923f));
        for (int i = 0; i < 10_000; i++) {
            float f = Float.intBitsToFloat(random.nextInt());
            if (Float.isFinite(f)) {
                values.add(f);
            }
        }
        for (float f : values) {
            String written = FloatText.of(f);
            assertEquals(Float.floatToRawIntBits(f), Float.floatToRawIntBits(Float.parseFloat(written)),
                    f + " written as " + written);
            assertTrue(written.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?(E-?[0-9]+)?"), "a JSON number: " + written);
        }
        assertEquals("60", FloatText.of(60f));
        assertEquals("-0.0", FloatText.of(-0f));
        assertEquals("70.5", FloatText.of(70.5f));
    }

    @Test
    void aLineOverTheLimitIsNotWrittenAndTheBufferIsUnchanged() {
        CaptureLines lines = new CaptureLines();
        CaptureRecordWriter writer = new CaptureRecordWriter(400);
        assertTrue(writer.append(churn(), lines));
        int size = lines.size();
        List<CapturedFeature> wide = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            wide.add(CapturedFeature.value("feature_number_" + i, i));
        }
        assertFalse(writer.append(churn().toBuilder().features(wide).build(), lines));
        assertEquals(size, lines.size());
        assertEquals(1, lines.lines().size());
        assertArrayEquals(CaptureRecordWriter.line(churn()), java.util.Arrays.copyOf(lines.bytes(), lines.size()));
    }
}
