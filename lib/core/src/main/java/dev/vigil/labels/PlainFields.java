package dev.vigil.labels;

import dev.vigil.serving.IdRules;
import java.nio.charset.StandardCharsets;
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

}
