package dev.vigil.serving;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.capture.CapturePolicy;
import dev.vigil.capture.CapturedOutput;
import dev.vigil.capture.PredictionCapture;
import dev.vigil.capture.ServedBy;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.IntFunction;
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
    @Test
    void captureWritesTheSameBytesWithTheSentTextsAsWithout() throws Exception {
        // Values sent in every form: short decimals (some with trailing zeros), 7 digits, integers, exponents, the
        // edges of the plain range, -0.0; one feature dropped, so a value's index is not its written position.
        SplittableRandom random = new SplittableRandom(21);
        int rows = 3_000;
        List<String> features = List.of("a", "b", "c", "d", "e");
        StringBuilder body = new StringBuilder("{\"instances\": [");
        for (int r = 0; r < rows; r++) {
            body.append(r == 0 ? "[" : ", [");
            for (int c = 0; c < features.size(); c++) {
                double g = random.nextGaussian() * Math.pow(10, random.nextInt(-4, 7));
                String text = switch (random.nextInt(8)) {
                    case 0 -> String.format(Locale.ROOT, "%." + random.nextInt(1, 9) + "f", g) + "0".repeat(
                            random.nextInt(3));
                    case 1 -> Float.toString((float) g);
                    case 2 -> Long.toString(random.nextLong(-1_000, 1_000));
                    case 3 -> random.nextBoolean() ? "0.001" : random.nextBoolean() ? "-0.0" : "0.0010";
                    case 4 -> String.format(Locale.ROOT, "%.6e", g);
                    default -> String.format(Locale.ROOT, "%.3f", random.nextGaussian() * 2);
                };
                body.append(c == 0 ? "" : ", ").append(text);
            }
            body.append(']');
        }
        ParsedRequest request = new InstanceReader(features, rows).read(body.append("]}").toString().getBytes(UTF_8));
        int withText = 0;
        for (int v = 0; v < rows * features.size(); v++) {
            withText += request.texts().has(v) ? 1 : 0;
        }
        assertTrue(withText > rows && withText < rows * features.size() - rows, withText + " values had a text");
        String[] ids = new String[rows];
        for (int r = 0; r < rows; r++) {
            ids[r] = "id-" + r;
        }
        ServedBy by = new ServedBy("m", "v1", features, "req-1", Instant.parse("2026-12-03T19:00:00.123Z"));
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        ByteArrayOutputStream formatted = new ByteArrayOutputStream();
        for (ByteArrayOutputStream out : List.of(sent, formatted)) {
            PredictionCapture capture = PredictionCapture.builder()
                    .policy(CapturePolicy.parse("{\"m\": {\"drop\": [\"b\"]}}"))
                    .sink(lines -> out.write(lines.bytes(), 0, lines.size())).drops((m, r, n, d) -> { }).build();
            IntFunction<CapturedOutput> outputs = r -> new CapturedOutput.Regression(r);
            assertEquals(rows, out == sent
                    ? capture.capture(by, ids, request.values(), request.texts(), outputs)
                    : capture.capture(by, ids, request.values(), outputs));
        }
        assertEquals(formatted.toString(UTF_8), sent.toString(UTF_8));
    }
}
