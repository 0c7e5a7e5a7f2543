package dev.vigil.dataset;

import com.fasterxml.jackson.core.io.NumberInput;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Turns one record's raw values, placed in slots (features in model order, then label, id, timestamp, weight), into
 * a row of a {@link LabelledBatch}, or into a counted rejection. Shared by the CSV and JSON Lines readers so both
 * apply exactly the same rules. Allocates nothing for a valid row beyond what parsing the numbers needs. Numbers are
 * parsed with Jackson's bundled FastDoubleParser (correctly rounded, like {@link Float#parseFloat}).
 */
final class RowAssembler {
    /** A slot value that is an object or array (JSON), never a number or label. */
    static final String NOT_A_SCALAR = new String("<object or array>");

    private final DatasetSchema schema;
    private final String key;
    private final Rejections rejections;
    private final int featureCount;
    private final Map<String, Integer> labelIndex;
    /** False for rows to be scored: no label slot is read or required. */
    private final boolean labelled;
    final int labelSlot;
    final int idSlot;
    final int timestampSlot;
    final int weightSlot;
    /** Per extra column of the schema, the slot it is read from (a feature's or role's slot when it is one). */
    private final int[] extraSlots;
    private final String[] extraNames;
    /** The current record's values by slot; null when absent. Readers fill it, {@link #accept} clears it. */
    final String[] values;
    private final Map<String, Integer> slotByFoldedName;
    private long rejected;
    /** The current record's id when the reader gives it only on demand (a rejected row's), else null. */
    private Supplier<String> idOnDemand;
    private final TimeSpan span = new TimeSpan();
    /**
     * The label texts last mapped to a class and their classes (-1 for none): labels repeat a few values, often as
     * the same String (a Parquet reader's cached texts), so most rows find theirs here rather than in the map.
     */
    private final String[] seenLabels = new String[SEEN_LABELS];
    private final int[] seenClasses = new int[SEEN_LABELS];
    private int nextSeen;
    private static final int SEEN_LABELS = 8;
    /**
     * The ASCII label texts last mapped to a class, as bytes, and their classes: a byte reader finds a row's class
     * here without making its label a string ({@link #classOfLabel}).
     */
    private final byte[][] seenLabelBytes = new byte[SEEN_LABELS][];
    private final int[] seenByteClasses = new int[SEEN_LABELS];
    private int nextSeenBytes;

    RowAssembler(DatasetSchema schema, String key, Rejections rejections) {
        this.schema = schema;
        this.key = key;
        this.rejections = rejections;
        this.featureCount = schema.features().size();
        this.labelIndex = schema.task().isClassification() ? schema.labelIndex() : Map.of();
        this.labelled = schema.labelled();
        this.labelSlot = featureCount;
        this.idSlot = featureCount + 1;
        this.timestampSlot = featureCount + 2;
        this.weightSlot = featureCount + 3;
        List<String> extras = schema.extraColumns();
        this.extraSlots = new int[extras.size()];
        List<String> own = new ArrayList<>();
        for (int e = 0; e < extras.size(); e++) {
            int existing = exactRoleSlotOf(extras.get(e));
            if (existing >= 0) {
                extraSlots[e] = existing;
            } else {
                extraSlots[e] = featureCount + 4 + own.size();
                own.add(extras.get(e));
            }
        }
        this.extraNames = own.toArray(new String[0]);
        this.values = new String[featureCount + 4 + extraNames.length];
        this.slotByFoldedName = foldedNames(this);
    }

    /**
     * The slot a column name fills, or -1 when the column is not used: the column of that exact name (features win
     * over other roles), else the one column Vigil reads whose name differs from it only in case ({@code AGE} for
     * {@code age}). Names that differ only in case from more than one of Vigil's columns fill none.
     */
    int slotOf(String column) {
        int exact = exactSlotOf(column);
        if (exact >= 0) {
            return exact;
        }
        return slotByFoldedName.getOrDefault(column.toLowerCase(Locale.ROOT), -1);
    }

    /**
     * The name Vigil reads into {@code slot}: a feature, or the label, id, timestamp or weight column (null for one
     * not read, the label of an unlabelled schema among them).
     */
    String nameOf(int slot) {
        if (slot < featureCount) {
            return schema.features().get(slot);
        }
        if (slot > weightSlot) {
            return extraNames[slot - weightSlot - 1];
        }
        if (slot == labelSlot && !labelled) {
            return null;
        }
        DatasetColumns c = schema.columns();
        return slot == labelSlot ? c.label() : slot == idSlot ? c.id() : slot == timestampSlot ? c.timestamp()
                : c.weight();
    }

    private int exactSlotOf(String column) {
        int slot = exactRoleSlotOf(column);
        if (slot >= 0) {
            return slot;
        }
        for (int e = 0; e < extraNames.length; e++) {
            if (extraNames[e].equals(column)) {
                return weightSlot + 1 + e;
            }
        }
        return -1;
    }

    /** The slot of the feature, label, id, timestamp or weight column named exactly {@code column}, or -1. */
    private int exactRoleSlotOf(String column) {
        int feature = schema.features().indexOf(column);
        if (feature >= 0) {
            return feature;
        }
        DatasetColumns c = schema.columns();
        if (labelled && column.equals(c.label())) {
            return labelSlot;
        }
        if (column.equals(c.id())) {
            return idSlot;
        }
        if (column.equals(c.timestamp())) {
            return timestampSlot;
        }
        if (column.equals(c.weight())) {
            return weightSlot;
        }
        return -1;
    }

    /** Feature and label columns (features only, unlabelled) whose slots {@code filled} does not mark. */
    List<String> missingRequired(boolean[] filled) {
        List<String> missing = new ArrayList<>();
        for (int slot = 0; slot <= labelSlot; slot++) {
            if (!filled[slot] && (labelled || slot < labelSlot)) {
                missing.add(nameOf(slot));
            }
        }
        return missing;
    }

    /** Lower-cased names of the columns Vigil reads, to their slots; a name two columns fold to is left out. */
    private static Map<String, Integer> foldedNames(RowAssembler rows) {
        Map<String, Integer> folded = new HashMap<>();
        Set<String> ambiguous = new HashSet<>();
        for (int slot = 0; slot < rows.values.length; slot++) {
            String name = rows.nameOf(slot);
            if (name == null) {
                continue;
            }
            String key = name.toLowerCase(Locale.ROOT);
            Integer earlier = folded.putIfAbsent(key, slot);
            if (earlier != null && earlier != slot) {
                ambiguous.add(key);
            }
        }
        folded.keySet().removeAll(ambiguous);
        return Map.copyOf(folded);
    }

    /**
     * Validates the slots and appends the row to {@code batch} (which must not be full), or counts it as rejected.
     * Clears the slots either way.
     *
     * @param raw the raw record, only asked for when the row is rejected
     * @return true when the row was added
     */
    boolean accept(LabelledBatch batch, long record, Supplier<String> raw) {
        try {
            return assemble(batch, record, raw);
        } finally {
            Arrays.fill(values, null);
        }
    }

    /**
     * Like {@link #accept}, for a reader that has already written this row's features, validated, into
     * {@code batch} at its next row offset (a typed columnar reader): validates and reads only the label, id,
     * timestamp, weight and extra slots. Clears the slots either way.
     */
    boolean acceptPlacedFeatures(LabelledBatch batch, long record, Supplier<String> raw) {
        return acceptPlacedFeatures(batch, record, raw, NO_CLASS);
    }

    /**
     * Like {@link #acceptPlacedFeatures(LabelledBatch, long, Supplier)}, for a reader that has also found the row's
     * class with {@link #classOfLabel} ({@code labelClass} at least 0; the label slot is then left empty), or
     * has not ({@value #NO_CLASS}, and the label slot holds the label as usual).
     */
    boolean acceptPlacedFeatures(LabelledBatch batch, long record, Supplier<String> raw, int labelClass) {
        try {
            return assembleRoles(batch, record, raw, labelClass);
        } finally {
            Arrays.fill(values, null);
        }
    }

    /** What {@link #classOfLabel} gives for a label that is not a class. */
    static final int NO_CLASS = -1;

    /**
     * The class the label of ASCII text {@code bytes[from, to)} maps to by the general rules, or {@value #NO_CLASS}
     * when it maps to none, is blank, or the schema has no classes (the reader then gives the label as text, and the
     * general rules read or reject it). The last labels mapped are kept as bytes, so a repeated label is found
     * without making a string.
     */
    int classOfLabel(byte[] bytes, int from, int to) {
        for (int i = 0; i < SEEN_LABELS; i++) {
            byte[] seen = seenLabelBytes[i];
            if (seen == null) {
                break;
            }
            if (Arrays.equals(seen, 0, seen.length, bytes, from, to)) {
                return seenByteClasses[i];
            }
        }
        if (!labelled || !schema.task().isClassification()) {
            return NO_CLASS;
        }
        String label = new String(bytes, from, to - from, StandardCharsets.ISO_8859_1);
        int index = isMissing(label) ? NO_CLASS : classOf(label);
        if (index < 0) {
            return NO_CLASS;
        }
        int slot = nextSeenBytes;
        nextSeenBytes = (slot + 1) % SEEN_LABELS;
        seenLabelBytes[slot] = Arrays.copyOfRange(bytes, from, to);
        seenByteClasses[slot] = index;
        return index;
    }

    /**
     * The class of label text {@code label} (a reader's text of a non-text label column) by the general rules, or
     * {@value #NO_CLASS} when it is missing or maps to none (the row is then to be read by the general rules).
     */
    int classOfText(String label) {
        if (!labelled || !schema.task().isClassification() || isMissing(label)) {
            return NO_CLASS;
        }
        return Math.max(classOf(label), NO_CLASS);
    }

    /** Extra columns of the schema, in {@link DatasetSchema#extraColumns()} order. */
    int extraCount() {
        return extraSlots.length;
    }

    /** The slot extra column {@code extra} is read from. */
    int extraSlot(int extra) {
        return extraSlots[extra];
    }

    /** What a batch holds for an extra column whose raw value is {@code v}: null when missing. */
    static String extraText(String v) {
        return isNotAScalar(v) ? LabelledBatch.NOT_A_SCALAR_TEXT : isMissing(v) ? null : v;
    }

    /**
     * Whether {@code slot}'s text is read for valid rows too, as an extra column: if not, the id slot's text is only
     * ever shown with a rejected row, so a reader may give it on demand ({@link #idFrom}) instead.
     */
    boolean isExtraSlot(int slot) {
        for (int e : extraSlots) {
            if (e == slot) {
                return true;
            }
        }
        return false;
    }

    /**
     * Counts a record rejected before its slots were validated (a typed reader's feature check), keeping the id slot
     * as its id. Clears the slots.
     */
    void rejectPlaced(long record, RejectReason reason, String detail, Supplier<String> raw) {
        try {
            rejected(record, reason, detail, raw);
        } finally {
            Arrays.fill(values, null);
        }
    }

    /** Counts a record that could not be parsed into slots at all. */
    void reject(long record, RejectReason reason, String detail, String raw) {
        rejected++;
        rejections.add(key, record, null, reason, detail, raw);
        Arrays.fill(values, null);
    }

    long rejected() {
        return rejected;
    }

    /**
     * For a reader that leaves the id slot empty and gives the current record's id only when it is rejected (so
     * valid rows never turn their ids into text).
     */
    void idFrom(Supplier<String> id) {
        this.idOnDemand = id;
    }

    Instant earliest() {
        return span.earliest();
    }

    Instant latest() {
        return span.latest();
    }

    private boolean assemble(LabelledBatch batch, long record, Supplier<String> raw) {
        float[] features = batch.features();
        int offset = batch.nextRowOffset();
        for (int f = 0; f < featureCount; f++) {
            String v = values[f];
            String name = schema.features().get(f);
            if (isMissing(v)) {
                return rejected(record, RejectReason.MISSING_FEATURE, "feature '" + name + "' is missing", raw);
            }
            float x;
            int kind = isNotAScalar(v) ? NOT_NUMERIC : numberKind(v);
            if (kind == NON_FINITE) {
                return rejected(record, RejectReason.NON_FINITE_FEATURE, "feature '" + name + "' is " + shorten(v),
                        raw);
            }
            if (kind == NOT_NUMERIC) {
                return rejected(record, RejectReason.NON_NUMERIC_FEATURE,
                        "feature '" + name + "' is not a number: " + shorten(v), raw);
            }
            try {
                x = NumberInput.parseFloat(v.strip(), true);
            } catch (NumberFormatException e) {
                return rejected(record, RejectReason.NON_NUMERIC_FEATURE,
                        "feature '" + name + "' is not a number: " + shorten(v), raw);
            }
            if (!Float.isFinite(x)) {
                return rejected(record, RejectReason.NON_FINITE_FEATURE,
                        "feature '" + name + "' is " + shorten(v) + " (beyond float range)", raw);
            }
            features[offset + f] = x;
        }
        return assembleRoles(batch, record, raw, NO_CLASS);
    }

    private boolean assembleRoles(LabelledBatch batch, long record, Supplier<String> raw, int labelClass) {
        String label = values[labelSlot];
        if (labelClass >= 0) {
            return assembleWeightTimeExtras(batch, record, raw, labelClass, Double.NaN);
        }
        if (labelled && isMissing(label)) {
            return rejected(record, RejectReason.MISSING_LABEL, "label '" + schema.columns().label() + "' is missing",
                    raw);
        }
        int trueClass = -1;
        double target = Double.NaN;
        if (labelled && schema.task().isClassification()) {
            trueClass = classOf(label);
            if (trueClass < 0) {
                return rejected(record, RejectReason.UNKNOWN_LABEL,
                        "label " + shorten(label) + " is not one of " + schema.classLabels(), raw);
            }
        } else if (labelled) {
            target = parseFinite(label);
            if (Double.isNaN(target)) {
                return rejected(record, RejectReason.NON_NUMERIC_LABEL,
                        "target " + shorten(label) + " is not a finite number", raw);
            }
        }
        return assembleWeightTimeExtras(batch, record, raw, trueClass, target);
    }

    private boolean assembleWeightTimeExtras(LabelledBatch batch, long record, Supplier<String> raw, int trueClass,
            double target) {
        double weight = 1.0;
        String w = values[weightSlot];
        if (w != null) {
            weight = parseFinite(w);
            if (!(weight >= 0.0)) {
                return rejected(record, RejectReason.INVALID_WEIGHT,
                        "weight " + shorten(w) + " is not a finite non-negative number", raw);
            }
        }
        String ts = values[timestampSlot];
        if (!isMissing(ts)) {
            long millis = TextValues.epochMillis(ts);
            if (millis == TextValues.NOT_A_TIME) {
                return rejected(record, RejectReason.INVALID_TIMESTAMP,
                        "timestamp " + shorten(ts) + " is neither ISO-8601 nor epoch seconds/milliseconds", raw);
            }
            span.include(millis);
        }
        for (int e = 0; e < extraSlots.length; e++) {
            batch.extra(e, extraText(values[extraSlots[e]]));
        }
        batch.commit(trueClass, target, weight, record);
        return true;
    }

    private boolean rejected(long record, RejectReason reason, String detail, Supplier<String> raw) {
        rejected++;
        String id = values[idSlot] == null && idOnDemand != null ? idOnDemand.get() : values[idSlot];
        rejections.add(key, record, isNotAScalar(id) ? null : id, reason, detail, raw.get());
        return false;
    }

    private int classOf(String label) {
        if (isNotAScalar(label)) {
            return -1;
        }
        for (int i = 0; i < SEEN_LABELS; i++) {
            String seen = seenLabels[i];
            if (seen == null) {
                break;
            }
            if (seen.equals(label)) {
                return seenClasses[i];
            }
        }
        int index = TextValues.classIndex(label, labelIndex);
        int slot = nextSeen;
        nextSeen = (slot + 1) % SEEN_LABELS;
        seenLabels[slot] = label;
        seenClasses[slot] = index;
        return index;
    }

    /** The value as a finite double, or NaN when it is not one. */
    private static double parseFinite(String v) {
        return isNotAScalar(v) ? Double.NaN : TextValues.finiteNumber(v);
    }

    /**
     * True only for the {@link #NOT_A_SCALAR} instance itself: a CSV cell or JSON string whose text happens to read
     * {@code <object or array>} is an ordinary value.
     */
    // The sentinel is a distinct String instance, so identity is the comparison that tells it from equal text.
    @SuppressWarnings("ReferenceEquality")
    private static boolean isNotAScalar(String v) {
        return v == NOT_A_SCALAR;
    }

    private static boolean isMissing(String v) {
        return v == null || (!isNotAScalar(v) && v.isBlank());
    }

    /**
     * True for decimal numbers and for the non-finite words Java parses (NaN, Infinity); false for text Java
     * would also accept but data should not contain (hex floats, a trailing 'f' or 'd').
     */
    static boolean looksNumeric(String v) {
        return numberKind(v) != NOT_NUMERIC;
    }

    static boolean isNonFiniteWord(String v) {
        return numberKind(v) == NON_FINITE;
    }

    private static final int NOT_NUMERIC = 0;
    private static final int DECIMAL = 1;
    private static final int NON_FINITE = 2;

    /**
     * Whether {@code v}, surrounding whitespace aside, is a decimal number (only digits, '.', signs and exponents),
     * a non-finite word (nan, inf or infinity in any case, with at most one sign), or neither: one pass, no
     * allocation, since it runs for every feature of every row.
     */
    private static int numberKind(String v) {
        int start = 0;
        int end = v.length();
        while (start < end && Character.isWhitespace(v.charAt(start))) {
            start++;
        }
        while (end > start && Character.isWhitespace(v.charAt(end - 1))) {
            end--;
        }
        if (start == end) {
            return NOT_NUMERIC;
        }
        boolean decimal = true;
        for (int i = start; i < end && decimal; i++) {
            char c = v.charAt(i);
            decimal = (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E';
        }
        if (decimal) {
            return DECIMAL;
        }
        int word = v.charAt(start) == '-' || v.charAt(start) == '+' ? start + 1 : start;
        int length = end - word;
        boolean nonFinite = (length == 3 && (v.regionMatches(true, word, "nan", 0, 3)
                || v.regionMatches(true, word, "inf", 0, 3)))
                || (length == 8 && v.regionMatches(true, word, "infinity", 0, 8));
        return nonFinite ? NON_FINITE : NOT_NUMERIC;
    }

    private static String shorten(String v) {
        if (isNotAScalar(v)) {
            return "an object or array";
        }
        return "'" + Rejections.truncate(v, 40) + "'";
    }
}
