package dev.vigil.dataset;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
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
    private static final CsvFactory CSV = CsvFactory.builder().enable(CsvParser.Feature.SKIP_EMPTY_LINES).build();

    private final DatasetReader.Source source;
    private final JsonParser parser;
    private final RowAssembler rows;
    private final List<String> fields = new ArrayList<>();
    private List<String> header = List.of();
    private List<String> missingColumns = List.of();
    private int[] slotOfColumn = new int[0];
    private boolean headerRead;
    private long records;
    private String error;
    private boolean done;

    CsvDatasetReader(DatasetReader.Source source, DatasetSchema schema, Rejections rejections) throws IOException {
        this.source = source;
        this.parser = CSV.createParser(source.data());
        this.rows = new RowAssembler(schema, source.object().key(), rejections);
        readHeader();
    }

    private void readHeader() {
        if (!nextRecord()) {
            return;
        }
        List<String> names = new ArrayList<>(fields.size());
        for (String field : fields) {
            names.add(names.isEmpty() && field.startsWith("\uFEFF") ? field.substring(1).strip() : field.strip());
        }
        header = List.copyOf(names);
        slotOfColumn = new int[header.size()];
        int[] columnOfSlot = new int[rows.values.length];
        Arrays.fill(columnOfSlot, -1);
        for (int c = 0; c < header.size(); c++) {
            int slot = rows.slotOf(header.get(c));
            if (slot >= 0 && columnOfSlot[slot] >= 0) {
                stop(twice(rows.nameOf(slot), columnOfSlot[slot], c));
                return;
            }
            slotOfColumn[c] = slot;
            if (slot >= 0) {
                columnOfSlot[slot] = c;
            }
        }
        headerRead = true;
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
        while (!done && !batch.isFull() && nextRecord()) {
            records++;
            if (fields.size() != header.size()) {
                rows.reject(records, RejectReason.WRONG_COLUMN_COUNT, "record has " + fields.size()
                        + " fields, the header has " + header.size(), String.join(",", fields));
                continue;
            }
            for (int c = 0; c < slotOfColumn.length; c++) {
                int slot = slotOfColumn[c];
                if (slot >= 0) {
                    rows.values[slot] = fields.get(c);
                }
            }
            rows.accept(batch, records, () -> String.join(",", fields));
        }
        return batch.size();
    }

    /**
     * Reads the next record (the header first) into {@link #fields}; false at the end of the input, or when the
     * object cannot be read further (then {@link #error} says why).
     *
     * @throws UncheckedIOException when the stream itself fails
     */
    private boolean nextRecord() {
        try {
            if (readRecord()) {
                return true;
            }
            done = true;
            return false;
        } catch (JsonProcessingException e) {
            String parserSays = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
            stop(parserSays.contains("closing quote")
                    ? "it opens a quoted field that is never closed, so the rest of the object cannot be split into"
                            + " records"
                    : "it cannot be split into fields (" + parserSays.lines().findFirst().orElse("") + ")");
            return false;
        } catch (IOException e) {
            String cause = source.unreadable(e);
            if (cause == null) {
                throw new UncheckedIOException(source.object().key() + ": reading failed after " + records
                        + " records: " + e.getMessage(), e);
            }
            stop(cause);
            return false;
        }
    }

    /** Reads the next record's fields into {@link #fields}; false at the end of the input. */
    private boolean readRecord() throws IOException {
        fields.clear();
        JsonToken token = parser.nextToken();
        if (token == null) {
            return false;
        }
        if (token != JsonToken.START_ARRAY) {
            throw new IllegalStateException("CSV parser yielded " + token + " instead of a record");
        }
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (token == null) {
                return !fields.isEmpty();
            }
            fields.add(parser.getText());
        }
        return true;
    }

    /** Stops reading: nothing from here on is counted, and the object is reported unreadable for {@code cause}. */
    private void stop(String cause) {
        done = true;
        error = headerRead
                ? "read " + records + " records, then stopped at record " + (records + 1) + ": " + cause
                : "stopped at the header: " + cause;
    }

    @Override
    public ObjectRead summary() {
        var o = source.object();
        String unread = done ? source.errorAtEnd(error, records + " records") : error;
        return new ObjectRead(o.key(), o.eTag(), o.versionId(), o.size(), DatasetFormat.CSV, source.gzip(), records,
                rows.rejected(), rows.earliest(), rows.latest(), missingColumns, unread);
    }

    @Override
    public void close() {
        try {
            parser.close();
            source.data().close();
        } catch (IOException e) {
            throw new UncheckedIOException(source.object().key() + ": close failed: " + e.getMessage(), e);
        }
    }
}
