package dev.vigil.labels;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The leading plain lines of a CSV object, found by scanning bytes: a plain line holds only printable ASCII other
 * than space and the quote (so no quoting, no whitespace to strip, nothing to decode) and ends with LF, CRLF or the
 * end of the object; its fields are the byte ranges between commas. Empty lines are skipped, as the general parser
 * skips them. At the first line that is not plain (or is longer than the read buffer), scanning stops with the stream
 * positioned at that line's first byte, so the general parser reads the rest of the object from there exactly as it
 * would have read the whole object.
 *
 * <p>Works over a stream that supports {@code mark}/{@code reset} with a limit of {@link #BUFFER_BYTES}
 * ({@code ObjectBytes.data()} does).
 */
final class PlainCsvLines {
    static final int BUFFER_BYTES = 1 << 16;
    private static final int NEEDS_MORE = -1;
    private static final int NOT_PLAIN = -2;

    private final InputStream in;
    private final byte[] buffer = new byte[BUFFER_BYTES];
    private int position;
    /** Where the line after the one scanned last starts. */
    private int next;
    private int limit;
    private boolean eof;
    private boolean stopped;
    private int[] starts = new int[8];
    private int[] ends = new int[8];
    private int fieldCount;

    PlainCsvLines(InputStream in) {
        this.in = in;
    }

    /**
     * Reads the next plain line into its fields; false at the end of the object or at a line that is not plain
     * ({@link #stoppedAtLine()} tells which; the stream is then at that line's start).
     */
    boolean next() throws IOException {
        if (stopped) {
            return false;
        }
        while (true) {
            int end = scan(position);
            if (end == NEEDS_MORE) {
                if (eof) {
                    return false;
                }
                if (position == 0 && limit == BUFFER_BYTES) {
                    return stop();
                }
                refill();
                continue;
            }
            if (end == NOT_PLAIN) {
                return stop();
            }
            int lineStart = position;
            position = next;
            if (end > lineStart) {
                return true;
            }
            // an empty line: skipped
        }
    }

    /** Scans the line from {@code from}: its end (exclusive), {@link #NEEDS_MORE} or {@link #NOT_PLAIN}. */
    private int scan(int from) {
        byte[] b = buffer;
        int count = 0;
        int fieldStart = from;
        for (int i = from; i < limit; i++) {
            byte c = b[i];
            if (c == ',') {
                count = addField(count, fieldStart, i);
                fieldStart = i + 1;
            } else if (c == '\n' || c == '\r') {
                int end = i;
                if (c == '\r') {
                    if (i + 1 == limit) {
                        return eof ? NOT_PLAIN : NEEDS_MORE;
                    }
                    if (b[i + 1] != '\n') {
                        return NOT_PLAIN;
                    }
                    next = i + 2;
                } else {
                    next = i + 1;
                }
                fieldCount = end == from ? 0 : addField(count, fieldStart, end);
                return end;
            } else if (c < 0x21 || c > 0x7e || c == '"') {
                return NOT_PLAIN;
            }
        }
        if (!eof || limit == from) {
            return NEEDS_MORE;
        }
        next = limit;
        fieldCount = addField(count, fieldStart, limit);
        return limit;
    }

    private int addField(int count, int start, int end) {
        if (count == starts.length) {
            starts = Arrays.copyOf(starts, count * 2);
            ends = Arrays.copyOf(ends, count * 2);
        }
        starts[count] = start;
        ends[count] = end;
        return count + 1;
    }

    /** Moves the unread bytes to the front: the stream back to the buffer's mark, forward to the first unread. */
    private void refill() throws IOException {
        if (limit > 0) {
            in.reset();
            in.skipNBytes(position);
        }
        in.mark(BUFFER_BYTES);
        limit = in.readNBytes(buffer, 0, BUFFER_BYTES);
        eof = limit < BUFFER_BYTES;
        position = 0;
    }

    private boolean stop() throws IOException {
        stopped = true;
        if (limit > 0) {
            in.reset();
            in.skipNBytes(position);
        }
        return false;
    }

    /** True when scanning stopped at a line that is not plain; false when the object ended. */
    boolean stoppedAtLine() {
        return stopped;
    }

    int fieldCount() {
        return fieldCount;
    }

    byte[] buffer() {
        return buffer;
    }

    int start(int field) {
        return starts[field];
    }

    int end(int field) {
        return ends[field];
    }

    /** Field {@code i} of the current line as text. */
    String field(int i) {
        return new String(buffer, starts[i], ends[i] - starts[i], StandardCharsets.ISO_8859_1);
    }

    /** The fields of the current line as text. */
    List<String> fields() {
        List<String> fields = new ArrayList<>(fieldCount);
        for (int i = 0; i < fieldCount; i++) {
            fields.add(field(i));
        }
        return fields;
    }
}
