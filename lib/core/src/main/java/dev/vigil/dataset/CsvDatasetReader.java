package dev.vigil.dataset;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * CSV with a header row, parsed by Jackson's streaming CSV parser (RFC 4180 quoting, quoted line breaks, CRLF);
 * columns are matched to features and roles by header name (or, failing that, by the one name that differs only in
 * case), extra columns are ignored, blank lines skipped. A header that names a column Vigil reads twice is refused.
 * A record the parser cannot split from the next (an unterminated quote) ends the reading of the object: a parser
 * cannot find where the next record starts, so the object is reported unreadable from that record on.
 *
 * <p>Two routes give the same rows, rejections and errors: by default plain records (ASCII, unquoted) are split by
 * {@link CsvByteRecords} and their features read from the bytes by {@link FloatBytes}, every other record and every
 * feature that is not a plain finite decimal going the general way; the general route reads every record with
 * Jackson's parser, and exists to be compared with.
 */
final class CsvDatasetReader implements DatasetReader {
    private final DatasetReader.Source source;
    /** The general route's records; null on the byte route. */
    private final CsvRecords csv;
    /** The byte route's records; null on the general route. */
    private final CsvByteRecords records;
    private final RowAssembler rows;
    private List<String> fields = List.of();
    private List<String> header = List.of();
    private List<String> missingColumns = List.of();
    private int[] slotOfColumn = new int[0];
    /** Whether the header has a column for every feature, so the byte route may place features itself. */
    private boolean everyFeatureMapped;
    /** Per feature, whether it is an extra column too, so its text is kept as well as its number. */
    private final boolean[] featureKeptAsText;
    /**
     * Per column, whether the byte route makes its text for every plain record: the roles' and extra columns', but
     * not a feature's (read from the bytes), the id's (made only for a rejected row) or the label's (found as
     * bytes) unless it is an extra column too.
     */
    private boolean[] textOfColumn = new boolean[0];
    /** The column whose bytes the byte route maps to a class, or -1 when the label is read as text. */
    private int labelColumn = -1;
    /** The current plain record's text, for a rejection's example; null on the general route. */
    private final Supplier<String> plainText;
    private final RecordProgress progress = new RecordProgress();
    /** Whether labels are classes (a labelled classification schema), which the byte route may find as bytes. */
    private final boolean classLabels;

    CsvDatasetReader(DatasetReader.Source source, DatasetSchema schema, Rejections rejections, boolean byteRoute) {
        this.source = source;
        this.csv = byteRoute ? null : new CsvRecords(source.bytes());
        this.records = byteRoute ? new CsvByteRecords(source.bytes()) : null;
        this.plainText = byteRoute ? records::text : null;
        this.rows = new RowAssembler(schema, source.object().key(), rejections);
        this.featureKeptAsText = new boolean[schema.features().size()];
        this.classLabels = schema.labelled() && schema.task().isClassification();
        for (int f = 0; f < featureKeptAsText.length; f++) {
            featureKeptAsText[f] = schema.extraColumns().contains(schema.features().get(f));
        }
        readHeader();
    }

    /** Reads the next record (into {@link #fields} on the general route); false when there is none. */
    private boolean next() {
        if (csv != null) {
            fields = csv.fields();
            return progress.read(csv);
        }
        if (records.next()) {
            return true;
        }
        if (records.problem() != null) {
            progress.stop(records.problem());
        }
        progress.end();
        return false;
    }

    private void readHeader() {
        if (!next()) {
            return;
        }
        if (records != null) {
            fields = records.fields();
        }
        header = CsvRecords.headerNames(fields);
        slotOfColumn = new int[header.size()];
        int[] columnOfSlot = new int[rows.values.length];
        Arrays.fill(columnOfSlot, -1);
        for (int c = 0; c < header.size(); c++) {
            int slot = rows.slotOf(header.get(c));
            if (slot >= 0 && columnOfSlot[slot] >= 0) {
                progress.stop(twice(rows.nameOf(slot), columnOfSlot[slot], c));
                return;
            }
            slotOfColumn[c] = slot;
            if (slot >= 0) {
                columnOfSlot[slot] = c;
            }
        }
        progress.headerRead();
        boolean[] filled = new boolean[columnOfSlot.length];
        for (int slot = 0; slot < filled.length; slot++) {
            filled[slot] = columnOfSlot[slot] >= 0;
        }
        missingColumns = rows.missingRequired(filled);
        everyFeatureMapped = true;
        for (int f = 0; f < featureKeptAsText.length; f++) {
            everyFeatureMapped &= filled[f];
        }
        if (records != null) {
            planPlainRecords(columnOfSlot);
        }
    }

    /** Which columns of a plain record the byte route reads as text, as bytes, or on demand. */
    private void planPlainRecords(int[] columnOfSlot) {
        int featureCount = rows.labelSlot;
        int idColumn = rows.isExtraSlot(rows.idSlot) ? -1 : columnOfSlot[rows.idSlot];
        if (idColumn >= 0) {
            // Only a rejected row shows its id; a record the general parser read has its id slot filled.
            rows.idFrom(() -> records.plain() ? records.field(idColumn) : null);
        }
        labelColumn = !classLabels || rows.isExtraSlot(rows.labelSlot) ? -1 : columnOfSlot[rows.labelSlot];
        textOfColumn = new boolean[slotOfColumn.length];
        for (int c = 0; c < textOfColumn.length; c++) {
            int slot = slotOfColumn[c];
            textOfColumn[c] = slot >= featureCount ? c != idColumn && c != labelColumn
                    : slot >= 0 && featureKeptAsText[slot];
        }
    }

    private String twice(String name, int first, int second) {
        String a = header.get(first);
        String b = header.get(second);
        String as = a.equals(b) ? "" : " (as '" + a + "' and '" + b + "')";
        return "it names column '" + name + "' twice" + as + ", in columns " + (first + 1) + " and "
                + (second + 1) + ", so which one to read is ambiguous; rename or drop one";
    }

    @Override
    public int read(LabelledBatch batch) {
        batch.clear();
        while (!progress.done() && !batch.isFull() && next()) {
            long record = progress.nextRecord();
            if (records != null) {
                if (records.plain()) {
                    readPlain(batch, record);
                    continue;
                }
                fields = records.fields();
            }
            if (fields.size() != header.size()) {
                rows.reject(record, RejectReason.WRONG_COLUMN_COUNT, "record has " + fields.size()
                        + " fields, the header has " + header.size(), String.join(",", fields));
                continue;
            }
            for (int c = 0; c < slotOfColumn.length; c++) {
                int slot = slotOfColumn[c];
                if (slot >= 0) {
                    rows.values[slot] = fields.get(c);
                }
            }
            rows.accept(batch, record, () -> String.join(",", fields));
        }
        return batch.size();
    }

    /**
     * A plain record of the byte route: features read from the bytes into the batch when every one is a plain finite
     * decimal, else (and for every other slot) as text, so {@link RowAssembler} applies the general rules.
     */
    private void readPlain(LabelledBatch batch, long record) {
        int count = records.fieldCount();
        if (count != header.size()) {
            rows.reject(record, RejectReason.WRONG_COLUMN_COUNT, "record has " + count + " fields, the header has "
                    + header.size(), records.text());
            return;
        }
        byte[] bytes = records.buffer();
        float[] features = batch.features();
        int offset = batch.nextRowOffset();
        int featureCount = rows.labelSlot;
        boolean placed = everyFeatureMapped;
        for (int c = 0; c < slotOfColumn.length; c++) {
            int slot = slotOfColumn[c];
            if (textOfColumn[c]) {
                rows.values[slot] = records.field(c);
            }
            if (slot >= 0 && slot < featureCount && placed) {
                float x = FloatBytes.parse(bytes, records.fieldStart(c), records.fieldEnd(c));
                placed = !Float.isNaN(x); // NaN: not a plain finite decimal
                features[offset + slot] = x;
            }
        }
        int labelClass = RowAssembler.NO_CLASS;
        if (labelColumn >= 0 && placed) {
            labelClass = rows.classOfLabel(bytes, records.fieldStart(labelColumn), records.fieldEnd(labelColumn));
        }
        if (labelColumn >= 0 && labelClass < 0) {
            rows.values[rows.labelSlot] = records.field(labelColumn);
        }
        if (placed) {
            rows.acceptPlacedFeatures(batch, record, plainText, labelClass);
            return;
        }
        for (int c = 0; c < slotOfColumn.length; c++) {
            int slot = slotOfColumn[c];
            if (slot >= 0 && slot < featureCount) {
                rows.values[slot] = records.field(c);
            }
        }
        rows.accept(batch, record, plainText);
    }



    @Override
    public ObjectRead summary() {
        var o = source.object();
        String unread = progress.done() ? source.errorAtEnd(progress.error(), progress.records() + " records")
                : progress.error();
        return new ObjectRead(o.key(), o.eTag(), o.versionId(), o.size(), DatasetFormat.CSV, source.gzip(),
                progress.records(),
                rows.rejected(), rows.earliest(), rows.latest(), missingColumns, unread);
    }

    @Override
    public void close() {
        try {
            if (csv != null) {
                csv.close();
            } else {
                records.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(source.object().key() + ": close failed: " + e.getMessage(), e);
        }
    }
}
