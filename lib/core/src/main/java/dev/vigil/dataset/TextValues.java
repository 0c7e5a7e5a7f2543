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
            } catch (NumberFormatException e) {
                return NOT_A_TIME;
            }
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
