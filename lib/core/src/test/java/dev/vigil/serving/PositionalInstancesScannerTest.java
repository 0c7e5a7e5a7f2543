package dev.vigil.serving;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The byte scanner reads exactly what the full reader would, and hands every other body back to it. */
class PositionalInstancesScannerTest {

    /** What the full reader gives for a JSON number: an integer as an integer (so -0 is 0), else the double. */
    private static float reference(String text) {
        boolean integer = text.indexOf('.') < 0 && text.indexOf('e') < 0 && text.indexOf('E') < 0;
        double d = integer ? new BigDecimal(text).toBigIntegerExact().doubleValue() : Double.parseDouble(text);
        return (float) d;
    }

    private static float scanned(String text) {
        ParsedRequest r = PositionalInstancesScanner.scan(("{\"instances\": [[" + text + "]]}").getBytes(UTF_8), 1,
                10);
        assertNotNull(r, text + " was not accepted");
        return r.values()[0];
    }

    @Test
    void readsRandomDecimalsAsDoubleParsingThenCastingDoes() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 200_000; i++) {
            double magnitude = Math.pow(10, random.nextInt(-30, 30));
            double g = random.nextGaussian() * magnitude;
            String text = switch (i % 6) {
                case 0 -> Double.toString(g);
                case 1 -> Float.toString((float) g);
                case 2 -> String.format(Locale.ROOT, "%." + random.nextInt(0, 20) + "f", g);
                case 3 -> String.format(Locale.ROOT, "%." + random.nextInt(0, 20) + "e", g);
                case 4 -> Long.toString(random.nextLong() >> random.nextInt(0, 63));
                default -> String.format(Locale.ROOT, "%.17g", g);
            };
            if (!Float.isFinite(reference(text))) {
                continue;
            }
            // compared as bits: -0.0 and 0.0 must not be confused
            assertEquals(Float.floatToRawIntBits(reference(text)), Float.floatToRawIntBits(scanned(text)), text);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-0", "-0.0", "0.0e5", "1e22", "1e23", "123456789012345", "1234567890123456",
        "9007199254740993", "123456789012345678901234567890", "0.1", "0.30000000000000004", "1.4e-45", "7e-46",
        "3.4028235e38", "3.4028234663852886e38", "1E+2", "-1.5E-3", "16777217", "0.000000000000000000001",
        "2.2250738585072014E-308", "4.9e-324", "1e-400"})
    void readsEdgeValuesAsTheFullReaderDoes(String text) {
        assertEquals(Float.floatToRawIntBits(reference(text)), Float.floatToRawIntBits(scanned(text)), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{}", "[]", "{\"instances\": []}", "{\"instances\": [[1, 2]], \"ids\": [\"a\"]}",
        "{\"ids\": null, \"instances\": [[1, 2]]}", "{\"instances\": [[1, 2]]} x", "{\"instances\": [[1, 2]]}{}",
        "{\"instances\": [[1, 2], ]}", "{\"instances\": [[1, 2, 3]]}", "{\"instances\": [[1]]}",
        "{\"instances\": [[01, 2]]}", "{\"instances\": [[1., 2]]}", "{\"instances\": [[.5, 2]]}",
        "{\"instances\": [[+1, 2]]}", "{\"instances\": [[1e, 2]]}", "{\"instances\": [[-, 2]]}",
        "{\"instances\": [[NaN, 2]]}", "{\"instances\": [[1e39, 2]]}", "{\"instances\": [[\"1\", 2]]}",
        "{\"instances\": [{\"a\": 1, \"b\": 2}]}", "{\"instances\": [[1, 2]]", "{\"instances\": [[1, 2]",
        "{\"inst\\u0061nces\": [[1, 2]]}", "{\"instances\": [[1, 2], [3, 4], [5, 6]]}",
        "\ufeff{\"instances\": [[1, 2]]}",
        "{\"instances\": [[1 2]]}", "{\"instances\": [[1,,2]]}", "{\"instances\": [[1, null]]}"})
    void handsEveryOtherBodyToTheFullReader(String body) {
        // at most two instances, two features: the three-instance body is over the limit
        assertNull(PositionalInstancesScanner.scan(body.getBytes(UTF_8), 2, 2), body);
    }

    @Test
    void readsRowsInOrderWithAnyJsonWhitespace() {
        ParsedRequest r = PositionalInstancesScanner.scan(
                " \n{\t\"instances\"\r: [ [1, -2.5] ,[3e1,4 ]\n] } \n".getBytes(UTF_8), 2, 2);
        assertNotNull(r);
        assertEquals(2, r.rows());
        assertEquals(2, r.width());
        float[] expected = {1f, -2.5f, 30f, 4f};
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], r.values()[i]);
        }
        assertNull(r.ids());
        assertNull(r.requestId());
    }

    @Test
    void aNumberLongerThanTheLimitGoesToTheFullReader() {
        String longNumber = "0." + "1".repeat(InstanceReader.MAX_NUMBER_LENGTH);
        assertNull(PositionalInstancesScanner.scan(("{\"instances\": [[" + longNumber + "]]}").getBytes(UTF_8), 1,
                1));
    }
}
