package dev.vigil.local;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Progress of a long read, as lines on stderr: objects read, rows, rows per second and, when the total size is
 * known, bytes read and the time left at the rate so far. At most {@link #LINES_PER_SECOND} lines a second, and one
 * closing line; nothing at all when created without a writer. Updated from one thread.
 */
final class Progress implements AutoCloseable {
    /** The most progress lines printed in one second. */
    static final int LINES_PER_SECOND = 2;

    private static final long NANOS_BETWEEN_LINES = 1_000_000_000L / LINES_PER_SECOND;
    private static final double MB = 1024.0 * 1024.0;

    private final PrintWriter err;
    private final String what;
    private final long totalBytes;
    private final LongSupplier nanos;
    private final long started;
    private long lastLine;
    private int objects;
    private long rows;
    private long bytes;
    private boolean rowsCounted;

    /**
     * @param err where lines go, or null for none
     * @param what what is being done, the first word of each line ("predict", "baseline")
     * @param totalBytes the bytes to read in all, or 0 or less when unknown
     * @param nanos the clock, {@link System#nanoTime} outside tests
     */
    Progress(PrintWriter err, String what, long totalBytes, LongSupplier nanos) {
        this.err = err;
        this.what = what;
        this.totalBytes = totalBytes;
        this.nanos = nanos;
        this.started = nanos.getAsLong();
        this.lastLine = started;
    }

    /** One more object is being read. */
    void objectStarted() {
        objects++;
        maybePrint();
    }

    /** {@code n} more rows were read (scored or rejected). */
    void rows(long n) {
        rows += n;
        rowsCounted = true;
        maybePrint();
    }

    /** {@code n} more bytes of input were read. */
    void bytes(long n) {
        bytes += n;
        maybePrint();
    }

    /** {@code in}, counting into this progress the bytes read from it. */
    InputStream counting(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    bytes(1);
                }
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = super.read(buffer, offset, length);
                if (n > 0) {
                    bytes(n);
                }
                return n;
            }
        };
    }

    /** The line that would be printed now. */
    String line() {
        double seconds = Math.max(1e-9, (nanos.getAsLong() - started) / 1e9);
        StringBuilder line = new StringBuilder(what).append(": ").append(objects)
                .append(objects == 1 ? " object" : " objects");
        if (rowsCounted) {
            line.append(", ").append(String.format(Locale.ROOT, "%,d rows, %,.0f rows/s", rows, rows / seconds));
        }
        if (totalBytes > 0) {
            line.append(String.format(Locale.ROOT, ", %.1f of %.1f MB", bytes / MB, totalBytes / MB));
            if (bytes > 0 && bytes < totalBytes) {
                line.append(String.format(Locale.ROOT, ", ETA %.0fs", (totalBytes - bytes) / (bytes / seconds)));
            }
        } else if (bytes > 0) {
            line.append(String.format(Locale.ROOT, ", %.1f MB", bytes / MB));
        }
        return line.append(String.format(Locale.ROOT, ", %.1fs", seconds)).toString();
    }

    private void maybePrint() {
        if (err == null) {
            return;
        }
        long now = nanos.getAsLong();
        if (now - lastLine >= NANOS_BETWEEN_LINES) {
            lastLine = now;
            err.println(line());
            err.flush();
        }
    }

    /** Prints the closing line (when lines are shown). */
    @Override
    public void close() {
        if (err != null) {
            err.println(line() + ", done");
            err.flush();
        }
    }
}
