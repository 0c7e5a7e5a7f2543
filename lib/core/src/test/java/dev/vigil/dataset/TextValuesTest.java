package dev.vigil.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link TextValues#epochMillis}'s fast path for plain UTC instants against {@code java.time}'s parsers, which
 * {@link #reference} chains as the method did before it had one.
 */
class TextValuesTest {

    /** What java.time makes of an ISO text: offset date-time, else local date-time in UTC, else a date. */
    private static long reference(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant().toEpochMilli();
        } catch (DateTimeParseException notOffset) {
            try {
                return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC).toEpochMilli();
            } catch (DateTimeParseException notLocal) {
                try {
                    return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
                } catch (DateTimeParseException notDate) {
                    return TextValues.NOT_A_TIME;
                }
            }
        }
    }

    @Test
    void randomInstantsOfTenMillenniaReadAsJavaTimeReadsThem() {
        SplittableRandom random = new SplittableRandom(20261202);
        long first = LocalDate.of(0, 1, 1).atStartOfDay(ZoneOffset.UTC).toEpochSecond();
        long last = LocalDate.of(9999, 12, 31).atStartOfDay(ZoneOffset.UTC).toEpochSecond();
        int fast = 0;
        for (int i = 0; i < 50_000; i++) {
            Instant at = Instant.ofEpochSecond(random.nextLong(first, last), random.nextInt(1_000_000_000));
            String text = at.toString();
            String written = switch (i % 4) {
                case 0 -> text;
                case 1 -> text.substring(0, text.length() - 1); // no zone: read as UTC
                case 2 -> text.substring(0, 19) + "." + digits(random, 1 + random.nextInt(9)) + "Z";
                default -> text.substring(0, 19) + "Z";
            };
            long expected = reference(written);
            assertEquals(expected, TextValues.epochMillis(written), written);
            if (TextValues.simpleUtcMillis(written) != TextValues.NOT_A_TIME) {
                fast++;
            }
        }
        // Years below 1000 print with four digits too, so every text above takes the fast path.
        assertEquals(50_000, fast);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-02-29T00:00:00Z", "2024-02-30T00:00:00Z", "2026-13-01T00:00:00Z",
        "2026-00-01T00:00:00Z", "2026-04-31T10:00:00Z", "2026-01-01T24:00:00Z", "2026-01-01T23:60:00Z",
        "2026-01-01T23:59:60Z", "2026-01-01T23:59:59.Z", "2026-01-01T23:59:59.1234567890Z", "2026-01-01 23:59:59Z",
        "2026-01-01T23:59:59ZZ", "2026-1-01T23:59:59Z", "+2026-01-01T23:59:59Z", "2026-01-01T23:59:5aZ"})
    void malformedOrOutOfRangeTextsAreNoTime(String text) {
        assertEquals(TextValues.NOT_A_TIME, TextValues.simpleUtcMillis(text), text);
        assertEquals(reference(text), TextValues.epochMillis(text), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2024-02-29T12:00:00Z", "2000-02-29T00:00:00.5Z", "1969-12-31T23:59:59.999Z",
        "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z", "2026-12-02T01:02:03"})
    void edgesOfTheCalendarReadAsJavaTimeReadsThem(String text) {
        long expected = reference(text);
        assertEquals(expected, TextValues.simpleUtcMillis(text), text);
        assertEquals(expected, TextValues.epochMillis(text), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-12-02T01:02:03+02:00", "2026-12-02t01:02:03z", "2026-12-02", "2026-12-02T01:02Z"})
    void otherIsoFormsAreLeftToJavaTime(String text) {
        assertEquals(TextValues.NOT_A_TIME, TextValues.simpleUtcMillis(text), text);
        assertEquals(reference(text), TextValues.epochMillis(text), text);
    }

    private static String digits(SplittableRandom random, int count) {
        StringBuilder b = new StringBuilder(count);
        for (int i = 0; i < count; i++) {
            b.append((char) ('0' + random.nextInt(10)));
        }
        return b.toString();
    }
}
