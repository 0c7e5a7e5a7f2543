package dev.vigil.dataset;

import com.fasterxml.jackson.core.io.NumberInput;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * How a value written as text in a data file is read as a number, an instant or a class label: the one set of rules
 * of the dataset readers, the ground-truth readers and the labels route.
 */
public final class TextValues {
    /** What {@link #epochMillis} returns for text that is not a time. */
    public static final long NOT_A_TIME = Long.MIN_VALUE;

    private TextValues() {}

    /**
     * Epoch milliseconds of an ISO-8601 instant, date-time (UTC when no offset) or date, or of an epoch number:
     * seconds below 10^11 (until the year 5138), milliseconds at or above; {@link #NOT_A_TIME} for anything else.
     */
    public static long epochMillis(String text) {
        String ts = text.strip();
        if (RowAssembler.looksNumeric(ts) && !RowAssembler.isNonFiniteWord(ts)) {
            try {
                double epoch = Double.parseDouble(ts);
                return Math.abs(epoch) < 1e11 ? Math.round(epoch * 1000.0) : Math.round(epoch);
            } catch (NumberFormatException notANumber) {
                // digits and dashes, as a date is: read as ISO-8601 below
            }
        }
        long simple = simpleUtcMillis(ts);
        if (simple != NOT_A_TIME) {
            return simple;
        }
        try {
            return OffsetDateTime.parse(ts).toInstant().toEpochMilli();
        } catch (DateTimeParseException notOffset) {
            try {
                return LocalDateTime.parse(ts).toInstant(ZoneOffset.UTC).toEpochMilli();
            } catch (DateTimeParseException notLocal) {
                try {
                    return LocalDate.parse(ts).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
                } catch (DateTimeParseException notDate) {
                    return NOT_A_TIME;
                }
            }
        }
    }

    /**
     * The common case of {@link #epochMillis}, without {@code java.time}'s parser: {@code YYYY-MM-DDTHH:MM:SS}, an
     * optional fraction of 1 to 9 digits, then {@code Z} or nothing (UTC), with every field in range. Anything else,
     * valid or not, gives {@link #NOT_A_TIME}, and the full parser decides; for this form both give the same
     * milliseconds (the fraction truncated, as {@link java.time.Instant#toEpochMilli} does).
     */
    static long simpleUtcMillis(String s) {
        int n = s.length();
        if (n < 19 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':'
                || s.charAt(16) != ':') {
            return NOT_A_TIME;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysIn(year, month) || hour < 0 || hour > 23
                || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return NOT_A_TIME;
        }
        int p = 19;
        int millis = 0;
        if (p < n && s.charAt(p) == '.') {
            int start = ++p;
            while (p < n && p - start < 9 && isDigit(s.charAt(p))) {
                if (p - start < 3) {
                    millis = millis * 10 + (s.charAt(p) - '0');
                }
                p++;
            }
            int count = p - start;
            if (count == 0) {
                return NOT_A_TIME;
            }
            for (int i = count; i < 3; i++) {
                millis *= 10;
            }
        }
        if (p < n && s.charAt(p) == 'Z') {
            p++;
        }
        if (p != n) {
            return NOT_A_TIME;
        }
        long days = epochDay(year, month, day);
        return ((days * 24 + hour) * 60 + minute) * 60_000L + second * 1000L + millis;
    }

    /**
     * {@link #simpleUtcMillis(String)} of the ASCII bytes from {@code from} to {@code to}, for readers that never
     * make the text a string: epoch milliseconds of {@code YYYY-MM-DDTHH:MM:SS}, an optional fraction of 1 to 9
     * digits, then {@code Z} or nothing, every field in range, as {@link #epochMillis} reads that form;
     * {@link #NOT_A_TIME} for any other text (valid or not), which is then left to it.
     */
    public static long simpleUtcMillis(byte[] s, int from, int to) {
        int n = to - from;
        if (n < 19 || s[from + 4] != '-' || s[from + 7] != '-' || s[from + 10] != 'T' || s[from + 13] != ':'
                || s[from + 16] != ':') {
            return NOT_A_TIME;
        }
        int year = digits(s, from, 4);
        int month = digits(s, from + 5, 2);
        int day = digits(s, from + 8, 2);
        int hour = digits(s, from + 11, 2);
        int minute = digits(s, from + 14, 2);
        int second = digits(s, from + 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysIn(year, month) || hour < 0 || hour > 23
                || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return NOT_A_TIME;
        }
        int p = from + 19;
        int millis = 0;
        if (p < to && s[p] == '.') {
            int start = ++p;
            while (p < to && p - start < 9 && isDigit(s[p])) {
                if (p - start < 3) {
                    millis = millis * 10 + (s[p] - '0');
                }
                p++;
            }
            int count = p - start;
            if (count == 0) {
                return NOT_A_TIME;
            }
            for (int i = count; i < 3; i++) {
                millis *= 10;
            }
        }
        if (p < to && s[p] == 'Z') {
            p++;
        }
        if (p != to) {
            return NOT_A_TIME;
        }
        long days = epochDay(year, month, day);
        return ((days * 24 + hour) * 60 + minute) * 60_000L + second * 1000L + millis;
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    /** The value of {@code count} decimal digits at {@code from}, or -1 when one is not a digit. */
    private static int digits(byte[] s, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            if (!isDigit(s[i])) {
                return -1;
            }
            v = v * 10 + (s[i] - '0');
        }
        return v;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** The value of {@code count} decimal digits at {@code from}, or -1 when one is not a digit. */
    private static int digits(String s, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (!isDigit(c)) {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static int daysIn(int year, int month) {
        return switch (month) {
            case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    /** Days from 1970-01-01 to a valid proleptic Gregorian date (Howard Hinnant's days_from_civil). */
    private static long epochDay(int year, int month, int day) {
        long y = month <= 2 ? year - 1 : year;
        long era = Math.floorDiv(y, 400);
        long yearOfEra = y - era * 400;
        long dayOfYear = (153L * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        long dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146_097 + dayOfEra - 719_468;
    }

    /**
     * The decimal number {@code text} holds (surrounding whitespace aside), or NaN when it is blank, not a decimal
     * number (hex floats and a trailing 'f' or 'd' are not), or not finite.
     */
    public static double finiteNumber(String text) {
        if (text == null || text.isBlank() || !RowAssembler.looksNumeric(text)) {
            return Double.NaN;
        }
        try {
            double d = NumberInput.parseDouble(text.strip(), true);
            return Double.isFinite(d) ? d : Double.NaN;
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /**
     * The index of the class {@code text} names in {@code labelIndex} (label to index), or -1: the label of that
     * exact text (surrounding whitespace aside), else, for a whole number such as {@code 1.0}, the integer label
     * {@code 1}.
     */
    public static int classIndex(String text, Map<String, Integer> labelIndex) {
        String label = text.strip();
        Integer index = labelIndex.get(label);
        if (index == null && RowAssembler.looksNumeric(label)) {
            try {
                double d = Double.parseDouble(label);
                if (d == Math.rint(d) && Math.abs(d) < 1e15) {
                    index = labelIndex.get(Long.toString((long) d));
                }
            } catch (NumberFormatException ignored) {
                // not a number after all: unknown label
            }
        }
        return index == null ? -1 : index;
    }
}
