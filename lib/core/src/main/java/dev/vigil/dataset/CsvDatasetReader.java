package dev.vigil.dataset;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipException;

/**
 * CSV with a header row, parsed by Jackson's streaming CSV parser (RFC 4180 quoting, quoted line breaks, CRLF);
 * columns are matched to features and roles by header name, extra columns are ignored, blank lines skipped.
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
    private long records;
    private String error;
    private boolean done;

    CsvDatasetReader(DatasetReader.Source source, DatasetSchema schema, Rejections rejections) throws IOException {
        this.source = source;
        this.parser = CSV.createParser(source.data());
        this.rows = new RowAssembler(schema, source.object().key(), rejections);
        readHeader();
    }

    private void readHeader() throws IOException {
        try {
            if (!readRecord()) {
                done = true;
                return;
            }
        } catch (JsonProcessingException | ZipException e) {
            stop(e);
            return;
        }
        List<String> names = new ArrayList<>(fields.size());
        for (String field : fields) {
            names.add(names.isEmpty() && field.startsWith("\uFEFF") ? field.substring(1).strip() : field.strip());
        }
        header = List.copyOf(names);
        slotOfColumn = new int[header.size()];
        boolean[] taken = new boolean[rows.values.length];
        for (int c = 0; c < header.size(); c++) {
            int slot = rows.slotOf(header.get(c));
            slotOfColumn[c] = slot >= 0 && !taken[slot] ? slot : -1; // a repeated column name: the first one counts
            if (slot >= 0) {
                taken[slot] = true;
            }
        }
        missingColumns = rows.missingRequired(header);
    }

    @Override
    public int read(LabelledBatch batch) {
        batch.clear();
        try {
            while (!done && !batch.isFull()) {
                if (!readRecord()) {
                    done = true;
                    break;
                }
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
        } catch (JsonProcessingException | ZipException e) {
            stop(e);
        } catch (IOException e) {
            throw new UncheckedIOException(source.object().key() + ": reading failed after " + records
                    + " records: " + e.getMessage(), e);
        }
        return batch.size();
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

    /** Records that the rest of the object cannot be parsed, counting one malformed record. */
    private void stop(IOException e) {
        done = true;
        records++;
        error = "stopped at record " + records + ": " + e.getMessage().lines().findFirst().orElse("");
        rows.reject(records, RejectReason.MALFORMED_RECORD, error, String.join(",", fields));
    }

    @Override
    public ObjectRead summary() {
        var o = source.object();
        return new ObjectRead(o.key(), o.eTag(), o.versionId(), o.size(), DatasetFormat.CSV, source.gzip(), records,
                rows.rejected(), rows.earliest(), rows.latest(), missingColumns, error);
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
