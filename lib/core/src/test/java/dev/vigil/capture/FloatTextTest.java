package dev.vigil.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link FloatText#write} against {@link FloatText#of}, whose text is {@link Float#toString}'s (or an integer's). */
class FloatTextTest {
    private final CaptureLines lines = new CaptureLines();

    private String written(float value) {
        lines.clear();
        FloatText.write(value, lines);
        return new String(lines.bytes(), 0, lines.size(), StandardCharsets.US_ASCII);
    }

    private void assertSameText(float value) {
        String expected = FloatText.of(value);
        String actual = written(value);
        if (!expected.equals(actual)) { // assertEquals per value would build a message for each of millions
            assertEquals(expected, actual, "bits " + Integer.toHexString(Float.floatToRawIntBits(value)));
        }
    }

    @Test
    void writesWhatFloatToStringWritesForAMillionRandomBitPatterns() {
        SplittableRandom random = new SplittableRandom(16);
        int checked = 0;
        while (checked < 1_000_000) {
            float f = Float.intBitsToFloat(random.nextInt());
            if (Float.isFinite(f)) {
                assertSameText(f);
                checked++;
            }
        }
    }

    @Test
    void writesWhatFloatToStringWritesForProbabilitiesAndShortDecimals() {
        SplittableRandom random = new SplittableRandom(12);
        for (int i = 0; i < 1_000_000; i++) {
            assertSameText((float) random.nextDouble()); // softmax-like outputs in [0, 1)
            int digits = 1 + random.nextInt(9);
            long unscaled = random.nextLong((long) Math.pow(10, digits));
            int scale = random.nextInt(12);
            // a feature as a request sends it: a short decimal read as a float
            float sent = new BigDecimal(unscaled).movePointLeft(scale).floatValue();
            assertSameText(random.nextBoolean() ? sent : -sent);
        }
    }

    @Test
    void writesWhatFloatToStringWritesAtTheEdges() {
        float[] edges = {0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL, Float.MAX_VALUE,
            -Float.MAX_VALUE, 1e-3f, 1e7f, 1e15f, 0x1p22f, 0x1p23f, 0x1p24f, 0.5f, 0.1f, 0.3f, 9.999999e-4f};
        for (float edge : edges) {
            for (float f = edge, n = 0; n < 2_000 && Float.isFinite(f); n++, f = Math.nextUp(f)) {
                assertSameText(f);
                assertSameText(-f);
            }
            for (float f = edge, n = 0; n < 2_000 && Float.isFinite(f); n++, f = Math.nextDown(f)) {
                assertSameText(f);
            }
        }
        for (int e = -45; e <= 38; e++) { // powers of ten and their neighbours
            float p = Float.parseFloat("1e" + e);
            assertSameText(p);
            assertSameText(Math.nextUp(p));
            assertSameText(Math.nextDown(p));
        }
        for (int bits = 1; bits < 200_000; bits += 7) { // subnormals
            assertSameText(Float.intBitsToFloat(bits));
        }
        SplittableRandom random = new SplittableRandom(15);
        for (int i = 0; i < 100_000; i++) { // integers up to 10^15, and halves around 2^22..2^24
            long n = random.nextLong(1_000_000_000_000_000L);
            assertSameText((float) n);
            assertSameText((float) -n);
            assertSameText(random.nextInt(1 << 24) + 0.5f);
        }
        assertEquals("-0.0", written(-0f));
        assertEquals("0.001", written(1e-3f));
        assertEquals("9.999999E-4", written(9.999999e-4f));
        assertEquals("0.18923", written(0.18923f));
        assertEquals("-45.5", written(-45.5f));
        assertEquals("4194304.5", written(4_194_304.5f));
    }

    @Test
    void refusesWhatIsNotFinite() {
        assertThrows(IllegalArgumentException.class, () -> written(Float.NaN));
        assertThrows(IllegalArgumentException.class, () -> written(Float.POSITIVE_INFINITY));
    }
}
