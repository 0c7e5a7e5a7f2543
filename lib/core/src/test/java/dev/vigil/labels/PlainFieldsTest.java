package dev.vigil.labels;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.dataset.TextValues;
import dev.vigil.serving.IdRules;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link PlainFields} against the string rules it stands in for: {@link TextValues}, {@link IdRules}. */
class PlainFieldsTest {

    private static long bytesMillis(String text) {
        byte[] padded = ("##" + text + "#").getBytes(US_ASCII);
        return TextValues.simpleUtcMillis(padded, 2, padded.length - 1);
    }

    @Test
    void aSimpleUtcTimeReadsAsTextValuesReadsIt() {
        SplittableRandom random = new SplittableRandom(20261203L);
        int read = 0;
        for (int trial = 0; trial < 60_000; trial++) {
            long seconds = random.nextLong(-62_167_219_200L, 253_402_300_799L); // years 0000 to 9999
            String text = Instant.ofEpochSecond(seconds, random.nextInt(1_000_000_000)).toString();
            switch (random.nextInt(4)) {
                case 0 -> text = text.replace("Z", "");
                case 1 -> text = text.length() > 20 ? text.substring(0, 19) + "Z" : text;
                default -> { }
            }
            long millis = bytesMillis(text);
            if (millis != TextValues.NOT_A_TIME) {
                read++;
                assertEquals(TextValues.epochMillis(text), millis, text);
            }
        }
        assertTrue(read > 50_000, read + " read");
        String[] others = {"2026-02-29T10:00:00Z", "2024-02-29T10:00:00Z", "2026-12-07T24:00:00Z",
            "2026-12-07T09:60:00Z", "2026-12-07T09:00:60Z", "2026-13-07T09:00:00Z", "2026-00-07T09:00:00Z",
            "2026-12-00T09:00:00Z", "2026-12-07T09:00:00.Z", "2026-12-07T09:00:00.1234567890Z",
            "2026-12-07T09:00:00+02:00", "2026-12-07 09:00:00", "2026-12-07", "1765098000", "2026-12-07T09:00:00ZZ",
            "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999Z", "2000-02-29T00:00:00Z", "1900-02-29T00:00:00Z",
            "+2026-12-07T09:00:00Z", "2026-1a-07T09:00:00Z"};
        for (String text : others) {
            long millis = bytesMillis(text);
            if (millis != TextValues.NOT_A_TIME) {
                assertEquals(TextValues.epochMillis(text), millis, text);
            }
        }
        assertEquals(TextValues.NOT_A_TIME, bytesMillis("2026-02-29T10:00:00Z"));
        assertEquals(Instant.parse("2024-02-29T10:00:00Z").toEpochMilli(), bytesMillis("2024-02-29T10:00:00Z"));
    }

    @Test
    void anIdIsValidFromItsBytesExactlyWhenIdRulesSaysSo() {
        SplittableRandom random = new SplittableRandom(7L);
        int valid = 0;
        for (int trial = 0; trial < 50_000; trial++) {
            StringBuilder id = new StringBuilder();
            int length = random.nextInt(8) == 0 ? 120 + random.nextInt(16) : random.nextInt(40);
            for (int i = 0; i < length; i++) {
                id.append((char) (random.nextInt(3) == 0 ? 0x21 + random.nextInt(0x5e)
                        : "abcXYZ0129-.#_:@/+=".charAt(random.nextInt(19))));
            }
            byte[] bytes = ("," + id + ",").getBytes(US_ASCII);
            boolean expected = IdRules.isValid(id.toString());
            assertEquals(expected, PlainFields.isValidId(bytes, 1, bytes.length - 1), id::toString);
            valid += expected ? 1 : 0;
        }
        assertTrue(valid > 5_000 && valid < 45_000, valid + " valid");
    }

    @Test
    void aRepeatedLabelIsTheSameString() {
        PlainFields fields = new PlainFields();
        byte[] a = "x,churn,stay,churn".getBytes(US_ASCII);
        String first = fields.text(a, 2, 7);
        assertEquals("churn", first);
        assertEquals("stay", fields.text(a, 8, 12));
        assertSame(first, fields.text(a, 13, 18));
        for (int i = 0; i < 20; i++) {
            byte[] other = ("label-" + i).getBytes(US_ASCII);
            assertEquals("label-" + i, fields.text(other, 0, other.length));
        }
        assertEquals("churn", fields.text(a, 13, 18));
    }
}
