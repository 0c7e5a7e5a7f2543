package dev.vigil.local.predict;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.dataset.CsvRecords;
import dev.vigil.dataset.DatasetFormat;
import dev.vigil.dataset.ObjectBytes;
import dev.vigil.dataset.RejectReason;
import dev.vigil.dataset.TextLines;
import dev.vigil.dataset.TextValues;
import dev.vigil.json.Json;
import dev.vigil.storage.ObjectInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The records of one input file to score: the model's features (no label), and the caller's id where an id column is
 * named. CSV (a header row, RFC 4180 quoting) or JSON Lines (one object per line), gzipped or not, told as the dataset
 * readers tell them. A column is found by its exact name, else by the one name that differs from it only in case. A
 * bad record is never thrown: {@link #next} fills it in as rejected with a {@link RejectReason} and words; a file that
 * cannot be read further ends early with {@link #problem()}.
 */
final class InputRows implements AutoCloseable {
    private final List<String> features;
    private final String idColumn;
    private final ObjectBytes bytes;
    private final CsvRecords csv;
    private final TextLines lines;
    private int[] csvSlots;
    private int csvIdSlot = -1;
    private int csvWidth;
    private long record;
    private String problem;

    private InputRows(List<String> features, String idColumn, ObjectBytes bytes, DatasetFormat format) {
        this.features = List.copyOf(features);
        this.idColumn = idColumn;
        this.bytes = bytes;
        this.csv = format == DatasetFormat.CSV ? new CsvRecords(bytes) : null;
        this.lines = format == DatasetFormat.CSV ? null : new TextLines(bytes.data(), ObjectBytes.BUFFER_BYTES);
    }

    /** Opens {@code in}, the bytes of the file named {@code name}; the result owns {@code in}. */
    static InputRows open(String name, InputStream in, List<String> features, String idColumn) {
        ObjectBytes bytes = ObjectBytes.open(new ObjectInfo(name, -1, null, null, null), in);
        DatasetFormat format = DatasetFormat.ofKey(name)
                .orElseGet(() -> bytes.startsWithBrace() ? DatasetFormat.JSON_LINES : DatasetFormat.CSV);
        return new InputRows(features, idColumn, bytes, format);
    }

    /**
     * Reads the next record into {@code row}.
     *
     * @return false at the end of the file, or when it cannot be read further ({@link #problem()} says why)
     * @throws UncheckedIOException when the stream itself fails
     */
    boolean next(Row row) {
        row.clear(features.size());
        try {
            return csv != null ? nextCsv(row) : nextJson(row);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Why the file could not be read to its end, or null. */
    String problem() {
        return problem;
    }

    private boolean nextCsv(Row row) {
        if (csvSlots == null) {
            if (!csv.next()) {
                problem = csv.problem() == null ? null : "stopped at the header: " + csv.problem();
                return false;
            }
            List<String> header = CsvRecords.headerNames(csv.fields());
            csvWidth = header.size();
            csvSlots = new int[features.size()];
            for (int f = 0; f < features.size(); f++) {
                csvSlots[f] = columnOf(header, features.get(f));
            }
            csvIdSlot = idColumn == null ? -1 : columnOf(header, idColumn);
        }
        if (!csv.next()) {
            if (csv.problem() != null) {
                problem = "read " + record + " records, then stopped at record " + (record + 1) + ": "
                        + csv.problem();
            }
            return false;
        }
        row.record = ++record;
        List<String> fields = csv.fields();
        if (csvIdSlot >= 0 && csvIdSlot < fields.size()) {
            row.id(fields.get(csvIdSlot));
        }
        if (fields.size() != csvWidth) {
            row.reject(RejectReason.WRONG_COLUMN_COUNT, "the record has " + fields.size() + " fields; the header has "
                    + csvWidth);
            return true;
        }
        for (int f = 0; f < features.size() && row.reason == null; f++) {
            row.feature(f, features.get(f), csvSlots[f] < 0 ? null : fields.get(csvSlots[f]));
        }
        return true;
    }

    private boolean nextJson(Row row) throws IOException {
        String line;
        do {
            line = lines.next();
            if (line == null) {
                return false;
            }
        } while (line.isBlank());
        row.record = ++record;
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            row.reject(RejectReason.MALFORMED_RECORD, "line " + lines.lineNumber() + " is not valid JSON");
            return true;
        }
        if (node == null || !node.isObject()) {
            row.reject(RejectReason.MALFORMED_RECORD, "line " + lines.lineNumber() + " is not a JSON object");
            return true;
        }
        Map<String, String> names = new HashMap<>();
        node.fieldNames().forEachRemaining(n -> names.merge(n.toLowerCase(Locale.ROOT), n, (a, b) -> ""));
        if (idColumn != null) {
            JsonNode id = field(node, names, idColumn);
            if (id != null && id.isValueNode() && !id.isNull()) {
                row.id(id.asText());
            }
        }
        for (int f = 0; f < features.size() && row.reason == null; f++) {
            JsonNode value = field(node, names, features.get(f));
            row.feature(f, features.get(f), value == null || value.isNull() ? null
                    : value.isValueNode() ? value.asText() : Row.NOT_A_VALUE);
        }
        return true;
    }

    /** The field named {@code name}, else the one field whose name differs from it only in case, or null. */
    private static JsonNode field(JsonNode node, Map<String, String> folded, String name) {
        JsonNode exact = node.get(name);
        if (exact != null) {
            return exact;
        }
        String other = folded.get(name.toLowerCase(Locale.ROOT));
        return other == null || other.isEmpty() ? null : node.get(other);
    }

    private static int columnOf(List<String> header, String name) {
        int exact = header.indexOf(name);
        if (exact >= 0) {
            return exact;
        }
        int found = -1;
        for (int i = 0; i < header.size(); i++) {
            if (header.get(i).equalsIgnoreCase(name)) {
                if (found >= 0) {
                    return -1;
                }
                found = i;
            }
        }
        return found;
    }

    @Override
    public void close() {
        try {
            bytes.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One record: its number, the caller's id (or null), and its features, or why it cannot be scored. */
    static final class Row {
        /** The text of a JSON object or array given as a feature: never a number. */
        static final String NOT_A_VALUE = new String("<object or array>");

        long record;
        String id;
        float[] features = new float[0];
        RejectReason reason;
        String detail;

        void clear(int width) {
            if (features.length != width) {
                features = new float[width];
            }
            Arrays.fill(features, 0f);
            record = 0;
            id = null;
            reason = null;
            detail = null;
        }

        void id(String text) {
            id = text == null || text.isBlank() ? null : text.strip();
        }

        void reject(RejectReason why, String words) {
            reason = why;
            detail = words;
        }

        // NOT_A_VALUE is a distinct instance, so identity tells it from text that happens to read the same.
        @SuppressWarnings("ReferenceEquality")
        void feature(int index, String name, String text) {
            if (text == null || (text != NOT_A_VALUE && text.isBlank())) {
                reject(RejectReason.MISSING_FEATURE, "feature '" + name + "' is missing");
                return;
            }
            if (text == NOT_A_VALUE) {
                reject(RejectReason.NON_NUMERIC_FEATURE, "feature '" + name + "' is an object or array");
                return;
            }
            double value = TextValues.finiteNumber(text);
            if (Double.isNaN(value)) {
                boolean nonFinite = isNonFiniteWord(text.strip());
                reject(nonFinite ? RejectReason.NON_FINITE_FEATURE : RejectReason.NON_NUMERIC_FEATURE,
                        "feature '" + name + "' is " + (nonFinite ? "" : "not a number: ") + "'" + shorten(text)
                                + "'");
                return;
            }
            float x = (float) value;
            if (!Float.isFinite(x)) {
                reject(RejectReason.NON_FINITE_FEATURE, "feature '" + name + "' is '" + shorten(text)
                        + "' (beyond float range)");
                return;
            }
            features[index] = x;
        }

        private static boolean isNonFiniteWord(String text) {
            String word = text.startsWith("-") || text.startsWith("+") ? text.substring(1) : text;
            return word.equalsIgnoreCase("nan") || word.equalsIgnoreCase("inf") || word.equalsIgnoreCase("infinity");
        }

        private static String shorten(String text) {
            return text.length() <= 40 ? text : text.substring(0, 40) + "...";
        }
    }
}
