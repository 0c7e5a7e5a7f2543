package dev.vigil.labels;

import dev.vigil.dataset.TextValues;
import dev.vigil.serving.IdRules;
import java.nio.charset.StandardCharsets;
import java.time.Year;
import java.util.Arrays;

/**
 * Reads the fields of a plain record (printable ASCII, see {@link PlainCsvLines}) from their bytes, for the common
 * form only: each method answers for that form and says when a field is not in it, and then the record is read as
 * strings by {@link LabelAssembler#accept}, which decides. Equal to the string rules on the common form, which
 * {@code PlainFieldsTest} checks against them.
 */
final class PlainFields {
    private static final int RECENT = 8;
    private static final byte FIRST = 1;
    private static final byte LATER = 2;
    private static final byte[] ID_CHAR = idChars();
    private static final int[] DAYS_IN_MONTH = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

    private final byte[][] recentBytes = new byte[RECENT][];
    private final String[] recentTexts = new String[RECENT];
    private int nextRecent;

    /**
     * The text of {@code [from, to)}: the same string as the last time these bytes were read, among the last
     * {@value #RECENT} distinct ones, so a label that repeats is not built again.
     */
    String text(byte[] b, int from, int to) {
        int length = to - from;
        for (int i = 0; i < RECENT; i++) {
            byte[] k = recentBytes[i];
            if (k != null && k.length == length && Arrays.equals(k, 0, length, b, from, to)) {
                return recentTexts[i];
            }
        }
        String text = new String(b, from, length, StandardCharsets.ISO_8859_1);
        recentBytes[nextRecent] = Arrays.copyOfRange(b, from, to);
        recentTexts[nextRecent] = text;
        nextRecent = (nextRecent + 1) % RECENT;
        return text;
    }

    /** Whether {@code [from, to)} is a valid id under {@link IdRules} (the bytes being printable ASCII). */
    static boolean isValidId(byte[] b, int from, int to) {
        int length = to - from;
        if (length < 1 || length > IdRules.MAX_LENGTH || b[from] < 0 || ID_CHAR[b[from]] != FIRST) {
            return false;
        }
        for (int i = from + 1; i < to; i++) {
            byte c = b[i];
            if (c < 0 || ID_CHAR[c] == 0) {
                return false;
            }
        }
        return true;
    }

    /** Per ASCII byte: {@link #FIRST} for a letter or digit, {@link #LATER} for the punctuation an id may hold. */
    private static byte[] idChars() {
        byte[] table = new byte[128];
        for (int c = 0; c < 128; c++) {
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                table[c] = FIRST;
            }
        }
        for (char c : ".:_@/+=#-".toCharArray()) {
            table[c] = LATER;
        }
        return table;
    }

    /**
     * Epoch milliseconds of {@code YYYY-MM-DDTHH:MM:SS}, an optional fraction of 1 to 9 digits, then {@code Z} or
     * nothing, every field in range, as {@link TextValues#epochMillis} reads that form; {@link TextValues#NOT_A_TIME}
     * for any other text (valid or not), which is then left to it.
     */
    static long simpleUtcMillis(byte[] s, int from, int to) {
        int n = to - from;
        if (n < 19 || s[from + 4] != '-' || s[from + 7] != '-' || s[from + 10] != 'T' || s[from + 13] != ':'
                || s[from + 16] != ':') {
            return TextValues.NOT_A_TIME;
        }
        int year = digits(s, from, 4);
        int month = digits(s, from + 5, 2);
        int day = digits(s, from + 8, 2);
        int hour = digits(s, from + 11, 2);
        int minute = digits(s, from + 14, 2);
        int second = digits(s, from + 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysIn(year, month) || hour < 0 || hour > 23
                || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return TextValues.NOT_A_TIME;
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
                return TextValues.NOT_A_TIME;
            }
            for (int i = count; i < 3; i++) {
                millis *= 10;
            }
        }
        if (p < to && s[p] == 'Z') {
            p++;
        }
        if (p != to) {
            return TextValues.NOT_A_TIME;
        }
        long days = epochDay(year, month, day);
        return ((days * 24 + hour) * 60 + minute) * 60_000L + second * 1000L + millis;
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    /** The number written by {@code count} digits from {@code from}, or -1 when one is not a digit. */
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

    private static int daysIn(int year, int month) {
        return month == 2 && Year.isLeap(year) ? 29 : DAYS_IN_MONTH[month - 1];
    }

    /** Days from 1970-01-01 to a valid date of the proleptic Gregorian calendar. */
    private static long epochDay(int year, int month, int day) {
        long y = month <= 2 ? year - 1 : year;
        long era = Math.floorDiv(y, 400);
        long yearOfEra = y - era * 400;
        long dayOfYear = (153L * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
        long dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146_097 + dayOfEra - 719_468;
    }
}
