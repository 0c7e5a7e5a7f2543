package dev.vigil.benchmarks;

import java.io.BufferedOutputStream;
import java.io.FileNotFoundException;
import java.io.FileOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.LongAdder;

/**
 * Replaces {@code System.out} with a stream to {@code /dev/null} that still does what Lambda's stdout costs a
 * handler: UTF-8 encoding and one {@code write(2)} per line (auto-flush on println). Counts what is written, so a
 * benchmark can prove that its logs and EMF metrics were really produced.
 */
public final class DevNullStdout {
    private static final LongAdder BYTES = new LongAdder();
    private static final LongAdder WRITES = new LongAdder();
    private static PrintStream original;

    private DevNullStdout() {}

    /** Installs the sink (idempotent); call before anything caches {@code System.out}. */
    public static synchronized void install() {
        if (original != null) {
            return;
        }
        original = System.out;
        try {
            OutputStream devNull = new FilterOutputStream(new FileOutputStream("/dev/null")) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    BYTES.add(len);
                    WRITES.increment();
                    out.write(b, off, len);
                }
            };
            System.setOut(new PrintStream(new BufferedOutputStream(devNull, 8192), true, StandardCharsets.UTF_8));
        } catch (FileNotFoundException e) {
            throw new UncheckedIOException("/dev/null cannot be opened", e);
        }
    }

    /** Bytes written to stdout since {@link #install()}. */
    public static long bytes() {
        return BYTES.sum();
    }

    /** {@code write(2)} calls made since {@link #install()}. */
    public static long writes() {
        return WRITES.sum();
    }
}
