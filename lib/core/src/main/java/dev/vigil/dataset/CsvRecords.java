package dev.vigil.dataset;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The records of a CSV object, one list of fields at a time, parsed by Jackson's streaming CSV parser (RFC 4180
 * quoting, quoted line breaks, CRLF; blank lines skipped). A record the parser cannot split from the next (an
 * unterminated quote) or bytes that cannot be decoded end the object: {@link #problem()} then says why in words.
 * Shared by the dataset and ground-truth CSV readers.
 */
public final class CsvRecords implements Closeable {
    private static final CsvFactory CSV = CsvFactory.builder().enable(CsvParser.Feature.SKIP_EMPTY_LINES).build();

    private final ObjectBytes bytes;
    private final JsonParser parser;
    private final List<String> fields = new ArrayList<>();
    private long recordsRead;
    private String problem;

    public CsvRecords(ObjectBytes bytes) {
        this(bytes, bytes.data());
    }

    private CsvRecords(ObjectBytes bytes, InputStream in) {
        this.bytes = bytes;
        try {
            this.parser = CSV.createParser(in);
        } catch (IOException e) {
            throw new UncheckedIOException(bytes.object().key() + ": cannot open: " + e.getMessage(), e);
        }
    }

    /**
     * Records of {@code in}, part of {@code bytes} (whose words say why it is unreadable); {@link #closeParser()}
     * releases the parser, leaving {@code bytes} open.
     */
    static CsvRecords over(ObjectBytes bytes, InputStream in) {
        return new CsvRecords(bytes, in);
    }

    /** The names of a header record: each field stripped, and a byte-order mark dropped from the first. */
    public static List<String> headerNames(List<String> fields) {
        List<String> names = new ArrayList<>(fields.size());
        for (String field : fields) {
            names.add(names.isEmpty() && field.startsWith("\uFEFF") ? field.substring(1).strip() : field.strip());
        }
        return List.copyOf(names);
    }

    /**
     * Reads the next record into {@link #fields()}; false at the end of the input, or when the object cannot be read
     * further (then {@link #problem()} says why).
     *
     * @throws UncheckedIOException when the stream itself fails
     */
    public boolean next() {
        if (problem != null) {
            return false;
        }
        try {
            if (readRecord()) {
                recordsRead++;
                return true;
            }
            return false;
        } catch (JsonProcessingException e) {
            String parserSays = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
            problem = parserSays.contains("closing quote")
                    ? "it opens a quoted field that is never closed, so the rest of the object cannot be split into"
                            + " records"
                    : "it cannot be split into fields (" + parserSays.lines().findFirst().orElse("") + ")";
            return false;
        } catch (IOException e) {
            String cause = bytes.unreadable(e);
            if (cause == null) {
                throw new UncheckedIOException(bytes.object().key() + ": reading failed after " + recordsRead
                        + " CSV records: " + e.getMessage(), e);
            }
            problem = cause;
            return false;
        }
    }

    /** The fields of the record {@link #next()} read last. */
    public List<String> fields() {
        return fields;
    }

    /** Why the object could not be read further, or null while it can (and once it was read to its end). */
    public String problem() {
        return problem;
    }

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

    /** Releases the parser's buffers, leaving the object's stream open. */
    void closeParser() {
        try {
            parser.close();
        } catch (IOException e) {
            throw new UncheckedIOException(bytes.object().key() + ": close failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws IOException {
        parser.close();
        bytes.close();
    }
}
