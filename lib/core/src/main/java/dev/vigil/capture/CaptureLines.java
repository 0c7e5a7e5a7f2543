package dev.vigil.capture;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The encoded capture records of one request, ready for a {@link CaptureSink}: one buffer of complete JSON lines
 * (each ending in {@code \n}) and, per line, where it lies and which partition it belongs to. Reused: {@link #clear()}
 * keeps the buffer for the next request. Not thread-safe; a sink must not keep it after {@code write} returns.
 */
public final class CaptureLines {
    /** One line of the buffer, with what a partitioned sink routes it by. */
    public record Line(String model, Instant servedAt, int bucket, int offset, int length) {}

    private final Buffer buffer = new Buffer();
    private final List<Line> lines = new ArrayList<>();

    /** Every line, in the order written. */
    public List<Line> lines() {
        return lines;
    }

    /** The buffer; bytes {@code [0, size())} are the lines. */
    public byte[] bytes() {
        return buffer.bytes;
    }

    /** Bytes in use. */
    public int size() {
        return buffer.size;
    }

    public boolean isEmpty() {
        return lines.isEmpty();
    }

    /** Forgets every line and keeps the buffer. */
    public void clear() {
        buffer.size = 0;
        lines.clear();
    }

    void newline() {
        buffer.write('\n');
    }

    /** The buffer with room for {@code more} bytes past {@link #size()}; write them, then {@link #size(int)}. */
    byte[] room(int more) {
        buffer.ensure(more);
        return buffer.bytes;
    }

    /** Sets the bytes in use to {@code size}, after writing into {@link #room(int)}. */
    void size(int size) {
        buffer.size = size;
    }

    /** Appends {@code bytes}. */
    void put(byte[] bytes) {
        buffer.write(bytes, 0, bytes.length);
    }

    /** Marks the bytes since {@code start} as one line. */
    void addLine(CaptureRecord record, int start) {
        addLine(record.model(), record.servedAt(), record.bucket(), start);
    }

    /** Marks the bytes since {@code start} as one line of {@code model}'s partition at {@code servedAt}. */
    void addLine(String model, Instant servedAt, int bucket, int start) {
        lines.add(new Line(model, servedAt, bucket, start, buffer.size - start));
    }

    /** Drops the bytes since {@code start} (a line that was not kept). */
    void truncate(int start) {
        buffer.size = start;
    }

    private static final class Buffer {
        private byte[] bytes = new byte[1024];
        private int size;

        void write(int b) {
            ensure(1);
            bytes[size++] = (byte) b;
        }

        void write(byte[] b, int off, int len) {
            ensure(len);
            System.arraycopy(b, off, bytes, size, len);
            size += len;
        }

        private void ensure(int more) {
            if (more > bytes.length - size) {
                long wanted = Math.max(bytes.length * 2L, (long) size + more);
                if (wanted > Integer.MAX_VALUE - 8) {
                    throw new IllegalStateException("a request's capture lines are over 2 GB");
                }
                bytes = Arrays.copyOf(bytes, (int) wanted);
            }
        }
    }
}
