package dev.vigil.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    @Test
    void aDecimalOfAtMostSixSignificantDigitsIsItsOwnTextInThePlainRange() {
        // Every such decimal from 10^-8 to 10^6 (mantissas in steps of 7, all fraction lengths), read as the
        // scanner reads it (the double, correctly rounded, cast to float), against Float.toString's text.
        int own = 0;
        for (int fractionDigits = 1; fractionDigits <= 8; fractionDigits++) {
            for (int m = 1; m <= 999_999; m += m < 1_000 ? 1 : 7) {
                if (m % 10 == 0) {
                    continue; // its fraction would end in a zero
                }
                String digits = Integer.toString(m);
                String text = digits.length() > fractionDigits
                        ? digits.substring(0, digits.length() - fractionDigits) + "."
                                + digits.substring(digits.length() - fractionDigits)
                        : "0." + "0".repeat(fractionDigits - digits.length()) + digits;
                text = m % 2 == 0 ? "-" + text : text;
                float value = (float) Double.parseDouble(text);
                if (FloatText.isOwnText(digits.length(), value)) {
                    own++;
                    if (!text.equals(FloatText.of(value))) {
                        assertEquals(FloatText.of(value), text, "own text claimed for " + text);
                    }
                }
            }
        }
        assertTrue(own > 500_000, own + " decimals were their own text");
    }

    @Test
    void aDecimalOutsideThePlainRangeOrOfSevenDigitsIsNotItsOwnText() {
        assertFalse(FloatText.isOwnText(1, 0.001f)); // 10^-3's own float is left to Float.toString
        assertFalse(FloatText.isOwnText(1, 9e-4f));
        assertFalse(FloatText.isOwnText(7, 1.234567f));
        assertFalse(FloatText.isOwnText(1, 9e6f));
        assertTrue(FloatText.isOwnText(1, Math.nextUp(1e-3f)));
        assertTrue(FloatText.isOwnText(6, -12345.6f));
    }
}
