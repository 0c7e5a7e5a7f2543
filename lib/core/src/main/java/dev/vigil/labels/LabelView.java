package dev.vigil.labels;

import dev.vigil.capture.IdHash;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * One accepted label record as {@link GroundTruthReader#readViews} hands it over: the id's {@link IdHash}, the label,
 * the time and where it was read, without a {@link LabelRecord} or, for a plain CSV record, a string for its id.
 * The reader reuses one view for every record: it is valid only during the call it is handed to, and {@link #id()}
 * builds the id's string only when asked.
 */
public final class LabelView {
    /** {@link #labelledAt()} of a record without a time of its own. */
    public static final long NO_TIME = Long.MIN_VALUE;

    private final String sourceKey;
    private IdHash hash;
    private LabelRecord source;
    private String id;
    private byte[] idBytes;
    private int idFrom;
    private int idLength;
    private String label;
    private long labelledAt;
    private long record;

    LabelView(String sourceKey) {
        this.sourceKey = sourceKey;
    }

    /** Holds {@code r}. */
    void set(LabelRecord r) {
        source = r;
        hash = null;
        id = r.id();
        idBytes = null;
        label = r.label();
        labelledAt = r.labelledAt() == null ? NO_TIME : r.labelledAt().toEpochMilli();
        record = r.record();
    }

    /** Holds a record whose id is the ASCII bytes {@code [from, from + length)} of {@code buffer}. */
    void set(byte[] buffer, int from, int length, String label, long labelledAt, long record) {
        source = null;
        hash = null;
        id = null;
        idBytes = buffer;
        idFrom = from;
        idLength = length;
        this.label = label;
        this.labelledAt = labelledAt;
        this.record = record;
    }

    /** {@code IdHash.of(id())}. */
    public IdHash hash() {
        if (hash == null) {
            hash = id != null ? IdHash.of(id) : IdHash.of(idBytes, idFrom, idLength);
        }
        return hash;
    }

    /** The prediction id, following {@link dev.vigil.serving.IdRules}. */
    public String id() {
        if (id == null) {
            id = new String(idBytes, idFrom, idLength, StandardCharsets.ISO_8859_1);
        }
        return id;
    }

    /**
     * The id's length in bytes while it is still the record's bytes (no string made for it yet), else -1: then
     * {@link #id()} costs nothing.
     */
    public int idBytesLength() {
        return id == null ? idLength : -1;
    }

    /**
     * Copies the id's bytes (ASCII: {@code new String(to, at, idBytesLength(), ISO_8859_1)} is {@link #id()}) into
     * {@code to} from {@code at}; only while {@link #idBytesLength()} is not -1.
     */
    public void copyIdBytes(byte[] to, int at) {
        System.arraycopy(idBytes, idFrom, to, at, idLength);
    }

    /** The label as {@link LabelRecord#label()} holds it: stripped, never blank. */
    public String label() {
        return label;
    }

    /** When the record says it was labelled, epoch milliseconds, or {@link #NO_TIME}. */
    public long labelledAt() {
        return labelledAt;
    }

    /** {@link #labelledAt()}, or {@code objectTime} when the record has no time (as {@link LabelRecord#timeOr}). */
    public long timeOr(long objectTime) {
        return labelledAt != NO_TIME ? labelledAt : objectTime;
    }

    /** The key of the object it was read from. */
    public String sourceKey() {
        return sourceKey;
    }

    /** Its 1-based record number within that object, as {@link LabelRecord#record()}. */
    public long record() {
        return record;
    }

    /** The record this view holds, as {@link GroundTruthReader#next()} returns it. */
    public LabelRecord toRecord() {
        return source != null ? source
                : new LabelRecord(id(), label, labelledAt == NO_TIME ? null : Instant.ofEpochMilli(labelledAt),
                sourceKey, record);
    }
}
