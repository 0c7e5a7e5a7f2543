package dev.vigil.labels;

import dev.vigil.dataset.RejectReason;
import dev.vigil.dataset.TimeSpan;
import dev.vigil.dataset.Rejections;
import dev.vigil.dataset.TextValues;
import dev.vigil.serving.IdRules;
import dev.vigil.storage.ObjectInfo;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * Turns one record's raw id, label and time into a {@link LabelRecord}, or into a counted rejection: the rules every
 * ground-truth reader applies, in one place. An id must follow {@link IdRules}; a label must be present (and, for
 * {@link LabelKind#NUMBER}, a finite number); a time, when given, must be ISO-8601 or epoch seconds/milliseconds
 * ({@link TextValues#epochMillis}) and at most {@link LabelRecord#MAX_AHEAD} after the object was written.
 */
final class LabelAssembler {
    private final ObjectInfo object;
    private final LabelKind kind;
    private final Rejections rejections;
    private final long latestAllowed;
    private long rejected;
    private final TimeSpan span = new TimeSpan();

    LabelAssembler(ObjectInfo object, LabelKind kind, Rejections rejections) {
        this.object = object;
        this.kind = kind;
        this.rejections = rejections;
        this.latestAllowed = object.lastModified() == null ? Long.MAX_VALUE
                : object.lastModified().plus(LabelRecord.MAX_AHEAD).toEpochMilli();
    }

    String key() {
        return object.key();
    }

    /**
     * The record, or null when it is rejected (and counted).
     *
     * @param id the raw id, null when absent
     * @param label the raw label, null when absent
     * @param time the raw time, null when absent
     * @param raw the raw record, only asked for when it is rejected
     */
    LabelRecord accept(long record, String id, String label, String time, Supplier<String> raw) {
        if (id == null || id.isBlank()) {
            return rejected(record, null, RejectReason.MISSING_ID, "the record has no id", raw);
        }
        String problem = IdRules.problem(id);
        if (problem != null) {
            return rejected(record, null, RejectReason.INVALID_ID, "id " + shorten(id) + " " + problem, raw);
        }
        if (label == null || label.isBlank()) {
            return rejected(record, id, RejectReason.MISSING_LABEL, "the record has no label", raw);
        }
        String text = label.strip();
        if (kind == LabelKind.NUMBER && Double.isNaN(TextValues.finiteNumber(text))) {
            return rejected(record, id, RejectReason.NON_NUMERIC_LABEL,
                    "target " + shorten(text) + " is not a finite number", raw);
        }
        Instant labelledAt = null;
        if (time != null && !time.isBlank()) {
            long millis = TextValues.epochMillis(time);
            if (millis == TextValues.NOT_A_TIME) {
                return rejected(record, id, RejectReason.INVALID_TIMESTAMP, "labelled_at "
                        + shorten(time) + " is neither ISO-8601 nor epoch seconds/milliseconds", raw);
            }
            if (millis > latestAllowed) {
                return rejected(record, id, RejectReason.INVALID_TIMESTAMP, "labelled_at " + shorten(time)
                        + " is more than a day after the object was written (" + object.lastModified() + ")", raw);
            }
            span.include(millis);
            labelledAt = Instant.ofEpochMilli(millis);
        }
        return new LabelRecord(id, text, labelledAt, object.key(), record);
    }

    /**
     * A plain CSV record's label into {@code view}, read from its bytes when its fields are in the common form (a
     * class label; a valid id; a label; no time, or a simple UTC time no more than {@link LabelRecord#MAX_AHEAD}
     * after the object was written). Any other record is read as strings by {@link #accept}, so it is accepted or
     * rejected exactly as there.
     *
     * @return false when the record is rejected (and counted)
     */
    boolean acceptPlain(long record, PlainCsvLines line, int idColumn, int labelColumn, int timeColumn,
            PlainFields fields, LabelView view, Supplier<String> raw) {
        byte[] b = line.buffer();
        int idFrom = line.start(idColumn);
        int idTo = line.end(idColumn);
        int labelFrom = line.start(labelColumn);
        int labelTo = line.end(labelColumn);
        long millis = LabelView.NO_TIME;
        boolean common = kind == LabelKind.CLASS && labelTo > labelFrom && PlainFields.isValidId(b, idFrom, idTo);
        if (common && timeColumn >= 0 && line.end(timeColumn) > line.start(timeColumn)) {
            millis = TextValues.simpleUtcMillis(b, line.start(timeColumn), line.end(timeColumn));
            common = millis != TextValues.NOT_A_TIME && millis <= latestAllowed;
        }
        if (!common) {
            LabelRecord r = accept(record, line.field(idColumn), line.field(labelColumn),
                    timeColumn < 0 ? null : line.field(timeColumn), raw);
            if (r == null) {
                return false;
            }
            view.set(r);
            return true;
        }
        if (millis != LabelView.NO_TIME) {
            span.include(millis);
        }
        view.set(b, idFrom, idTo - idFrom, fields.text(b, labelFrom, labelTo), millis, record);
        return true;
    }

    /** Counts a record that could not be read into an id, a label and a time at all; {@code id} when known. */
    void reject(long record, String id, RejectReason reason, String detail, String raw) {
        rejected(record, id, reason, detail, () -> raw);
    }

    private LabelRecord rejected(long record, String id, RejectReason reason, String detail, Supplier<String> raw) {
        rejected++;
        rejections.add(object.key(), record, id, reason, detail, raw.get());
        return null;
    }

    long rejected() {
        return rejected;
    }

    Instant earliest() {
        return span.earliest();
    }

    Instant latest() {
        return span.latest();
    }

    static String shorten(String v) {
        return "'" + (v.length() <= 40 ? v : v.substring(0, 39) + "…") + "'";
    }
}
