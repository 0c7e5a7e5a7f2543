package dev.vigil.dataset;

import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The records of a CSV object as {@link CsvRecords} splits them, found by scanning bytes: a plain record (ASCII, no
 * quote, ended by LF, CRLF or the end of the object) is left in the buffer as field offsets, so numbers can be read
 * from it without making strings ({@link #plain()}); any other record is handed to {@link CsvRecords}, whose fields
 * {@link #fields()} then holds. A record with quotes is handed over alone when its quoting is the RFC 4180 kind, whose
 * end is certain (quotes around whole fields, doubled inside); when it is not (a quote inside an unquoted field, text
 * after a closing quote, a quote never closed, a lone CR) or the record is longer than a mebibyte, the rest of the
 * object from that record on is, so the general parser decides where records end and what is wrong, exactly as when it
 * reads the whole object. Blank lines are skipped.
 */
final class CsvByteRecords implements Closeable {
    private static final byte[] LINE_FEED = {'\n'};
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    /** ',' + 1 in every byte. */
    private static final long AFTER_COMMA = 0x2D2D2D2D2D2D2D2DL;
    private static final long HIGH_BITS = 0x8080808080808080L;
    private static final int READ_BYTES = 8000;
    /**
     * Bytes of one record beyond which it is not held here but handed, with the rest of the object, to the general
     * parser, which streams it: memory stays bounded whatever the object holds (a binary object has no line breaks).
     */
    private static final int LONG_RECORD = 1 << 20;

    private final ObjectBytes bytes;
    private final InputStream in;
    private byte[] buffer = new byte[ObjectBytes.BUFFER_BYTES];
    /** Start of the current record in {@link #buffer}; bytes before it are consumed. */
    private int start;
    /** End of the current record's text (before its line break). */
    private int end;
    /** Where the record after the current one starts. */
    private int next;
    private int limit;
    private boolean eof;
    /** Bytes of the object dropped from the front of {@link #buffer}. */
    private long shifted;
    /** Per field of a plain record, its start and end relative to {@link #start}. */
    private int[] fieldStarts = new int[64];
    private int[] fieldEnds = new int[64];
    private int fieldCount;
    private boolean plain;
    private final List<String> fields = new ArrayList<>();
    /** The general parser reading the rest of the object, once a record's end could not be found here. */
    private CsvRecords rest;
    private long recordsRead;
    private String problem;

    CsvByteRecords(ObjectBytes bytes) {
        this.bytes = bytes;
        this.in = bytes.data();
    }

    /**
     * Reads the next record; false at the end of the object, or when it cannot be read further ({@link #problem()}
     * then says why, in the general parser's words).
     *
     * @throws UncheckedIOException when the stream itself fails
     */
    boolean next() {
        if (problem != null) {
            return false;
        }
        try {
            boolean read = rest != null ? readGeneral() : readRecord();
            if (read) {
                recordsRead++;
            }
            return read;
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

    /** True when the current record is plain: its fields are {@link #fieldCount()} byte ranges of the buffer. */
    boolean plain() {
        return plain;
    }

    /** Fields of the current plain record. */
    int fieldCount() {
        return fieldCount;
    }

    /** The buffer holding the current plain record. */
    byte[] buffer() {
        return buffer;
    }

    /** Where field {@code i} of the current plain record starts in {@link #buffer()}. */
    int fieldStart(int i) {
        return start + fieldStarts[i];
    }

    /** Where field {@code i} of the current plain record ends in {@link #buffer()}. */
    int fieldEnd(int i) {
        return start + fieldEnds[i];
    }

    /** Field {@code i} of the current plain record as text. */
    String field(int i) {
        return new String(buffer, fieldStart(i), fieldEnds[i] - fieldStarts[i], StandardCharsets.ISO_8859_1);
    }

    /** The current plain record's text: its fields joined by commas, as they were written. */
    String text() {
        return new String(buffer, start, end - start, StandardCharsets.ISO_8859_1);
    }

    /** The fields of the current record, plain or not. */
    List<String> fields() {
        if (plain) {
            fields.clear();
            for (int i = 0; i < fieldCount; i++) {
                fields.add(field(i));
            }
        }
        return fields;
    }

    /** Why the object could not be read further, or null while it can. */
    String problem() {
        return problem;
    }

    private boolean readGeneral() {
        plain = false;
        if (rest.next()) {
            fields.clear();
            fields.addAll(rest.fields());
            return true;
        }
        problem = rest.problem();
        return false;
    }

    private boolean readRecord() throws IOException {
        while (true) {
            start = next;
            if (start == limit && !fill(start)) {
                return false;
            }
            int p = scanPlain();
            if (p >= 0) {
                if (end == start && fieldCount == 1) {
                    continue; // a blank line
                }
                if (buffer[start] > ' ') {
                    plain = true;
                    return true;
                }
            }
            // Not plain, or starting with whitespace, which the general parser drops (and a line of only whitespace it
            // skips): find where it ends, and let that parser read it.
            int recordEnd = scanQuoted();
            if (recordEnd < 0) {
                handOverRest();
                return readGeneral();
            }
            next = recordEnd;
            if (readAlone(start, recordEnd)) {
                return true;
            }
            if (problem != null) {
                return false;
            }
        }
    }

    /**
     * Scans the record at {@link #start} as a plain one, setting {@link #end}, {@link #next} and the field offsets;
     * returns -1 at the first byte a plain record cannot hold (a quote, a non-ASCII byte, a lone CR).
     */
    private int scanPlain() throws IOException {
        int p = start;
        int count = 0;
        fieldStarts[0] = 0;
        while (true) {
            if (p == limit) {
                if (p - start > LONG_RECORD) {
                    return -1;
                }
                int before = start;
                boolean more = fill(p);
                p -= before - start;
                if (!more) {
                    break;
                }
                continue;
            }
            if (p + Long.BYTES <= limit) {
                // Eight bytes at a time: a byte's top bit is set in the mask when it is at most ',' (the subtraction
                // borrows) or not ASCII; bytes after the first such one may be marked by the borrow too, but only
                // the first is looked at. Plain text (letters, digits, '.', '-') skips ahead eight bytes at a time.
                long word = (long) LONGS.get(buffer, p);
                long special = ((word - AFTER_COMMA) | word) & HIGH_BITS;
                if (special == 0) {
                    p += Long.BYTES;
                    continue;
                }
                p += Long.numberOfTrailingZeros(special) >>> 3;
            }
            byte b = buffer[p];
            if (b > ',') {
                p++;
                continue;
            }
            if (p - start > LONG_RECORD) {
                return -1;
            }
            if (b == ',') {
                if (count + 2 > fieldStarts.length) {
                    fieldStarts = Arrays.copyOf(fieldStarts, fieldStarts.length * 2);
                    fieldEnds = Arrays.copyOf(fieldEnds, fieldEnds.length * 2);
                }
                fieldEnds[count++] = p - start;
                fieldStarts[count] = p + 1 - start;
                p++;
            } else if (b == '\n') {
                next = p + 1;
                return finish(p, count);
            } else if (b == '\r') {
                if (p + 1 == limit) {
                    int before = start;
                    fill(p + 1);
                    p -= before - start;
                }
                if (p + 1 < limit && buffer[p + 1] == '\n') {
                    next = p + 2;
                    return finish(p, count);
                }
                return -1;
            } else if (b == '"' || b < 0) {
                return -1;
            } else {
                p++;
            }
        }
        next = p;
        return finish(p, count);
    }

    private int finish(int p, int count) {
        end = p;
        fieldEnds[count] = p - start;
        fieldCount = count + 1;
        return p;
    }

    /**
     * Finds the end of the record at {@link #start} (after its line break) by RFC 4180's quoting, or -1 when its
     * quoting is not that kind, or it has a lone CR, so only the general parser can tell where it ends.
     */
    private int scanQuoted() throws IOException {
        int p = start;
        boolean fieldStart = true;
        boolean quoted = false;
        while (true) {
            if (p + 1 >= limit && !eof) {
                int before = start;
                fill(limit);
                p -= before - start;
                continue;
            }
            if (p == limit) {
                return quoted ? -1 : p;
            }
            if (p - start > LONG_RECORD) {
                return -1;
            }
            byte b = buffer[p];
            byte after = p + 1 < limit ? buffer[p + 1] : 0;
            if (quoted) {
                if (b == '"') {
                    if (after == '"') {
                        p += 2;
                        continue;
                    }
                    quoted = false;
                    if (p + 1 < limit && after != ',' && after != '\n' && after != '\r') {
                        return -1;
                    }
                }
                p++;
                continue;
            }
            if (b == '"') {
                if (!fieldStart) {
                    return -1;
                }
                quoted = true;
                fieldStart = false;
                p++;
                continue;
            }
            if (b == '\n') {
                return p + 1;
            }
            if (b == '\r') {
                return after == '\n' ? p + 2 : -1;
            }
            fieldStart = b == ',';
            p++;
        }
    }

    /**
     * Reads {@code buffer[from, to)}, one record, with the general parser; false when it holds no record (it was
     * blank) or cannot be read ({@link #problem} is then set).
     */
    private boolean readAlone(int from, int to) {
        plain = false;
        CsvRecords alone = CsvRecords.over(bytes, new ByteArrayInputStream(withLineFeedUnlessFirst(from, to)));
        try {
            if (alone.next()) {
                fields.clear();
                fields.addAll(alone.fields());
                return true;
            }
            problem = alone.problem();
            return false;
        } finally {
            alone.closeParser();
        }
    }

    /** Hands the rest of the object, from the current record on, to the general parser. */
    private void handOverRest() {
        InputStream front = new ByteArrayInputStream(withLineFeedUnlessFirst(start, limit));
        rest = CsvRecords.over(bytes, eof ? front : new SequenceInputStream(front, in));
    }

    /**
     * {@code buffer[from, to)}, after a line feed unless it starts the object: a fresh parser sees what one reading
     * the whole object would, a byte-order mark there included, since it skips the blank line.
     */
    private byte[] withLineFeedUnlessFirst(int from, int to) {
        boolean first = shifted + from == 0;
        byte[] copy = new byte[to - from + (first ? 0 : 1)];
        if (!first) {
            copy[0] = LINE_FEED[0];
        }
        System.arraycopy(buffer, from, copy, first ? 0 : 1, to - from);
        return copy;
    }

    /**
     * Reads more of the object so that the buffer holds more than {@code needed} bytes when it can, first moving the
     * current record (from {@link #start}) to the front, or growing the buffer when the record fills it; false at the
     * end of the object.
     */
    private boolean fill(int needed) throws IOException {
        if (eof) {
            return false;
        }
        if (start > 0) {
            System.arraycopy(buffer, start, buffer, 0, limit - start);
            shifted += start;
            limit -= start;
            next -= start;
            end -= start;
            needed -= start;
            start = 0;
        }
        while (limit <= needed) {
            if (limit == buffer.length) {
                buffer = Arrays.copyOf(buffer, buffer.length * 2);
            }
            // Chunks no larger than the general parser reads, so a stream that fails loses as few records.
            int n = in.read(buffer, limit, Math.min(buffer.length - limit, READ_BYTES));
            if (n < 0) {
                eof = true;
                return false;
            }
            limit += n;
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        if (rest != null) {
            rest.closeParser();
        }
        bytes.close();
    }
}
