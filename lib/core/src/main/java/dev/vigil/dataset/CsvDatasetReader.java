package dev.vigil.dataset;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;

/**
 * CSV with a header row, parsed by Jackson's streaming CSV parser (RFC 4180 quoting, quoted line breaks, CRLF);
 * columns are matched to features and roles by header name (or, failing that, by the one name that differs only in
 * case), extra columns are ignored, blank lines skipped. A header that names a column Vigil reads twice is refused.
 * A record the parser cannot split from the next (an unterminated quote) ends the reading of the object: a parser
 * cannot find where the next record starts, so the object is reported unreadable from that record on.
 */
final class CsvDatasetReader implements DatasetReader {
    private final DatasetReader.Source source;
    private final CsvRecords csv;
    private final RowAssembler rows;
    private final List<String> fields;
    private List<String> header = List.of();
    private List<String> missingColumns = List.of();
    private int[] slotOfColumn = new int[0];
    private final RecordProgress progress = new RecordProgress();

    CsvDatasetReader(DatasetReader.Source source, DatasetSchema schema, Rejections rejections) {
        this.source = source;
        this.csv = new CsvRecords(source.bytes());
        this.fields = csv.fields();
        this.rows = new RowAssembler(schema, source.object().key(), rejections);
        readHeader();
    }

    private void readHeader() {
        if (!progress.read(csv)) {
            return;
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
        while (!progress.done() && !batch.isFull() && progress.read(csv)) {
            long record = progress.nextRecord();
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
            csv.close();
        } catch (IOException e) {
            throw new UncheckedIOException(source.object().key() + ": close failed: " + e.getMessage(), e);
        }
    }
}
