package dev.vigil.benchmarks;

import java.io.BufferedOutputStream;
import java.io.FileNotFoundException;
import java.io.FileOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.LongAdder;

/**
 * Replaces {@code System.out} with a stream to {@code /dev/null} (or, with {@link #installFile}, to a regular file)
 * that still does what Lambda's stdout costs a handler: UTF-8 encoding and one {@code write(2)} per line
 * (auto-flush on println). Counts what is written, so a benchmark can prove that its logs and EMF metrics were
 * really produced.
 */
public final class DevNullStdout {
    private static final LongAdder BYTES = new LongAdder();
    private static final LongAdder WRITES = new LongAdder();
    private static PrintStream original;
    private static FileChannel file;

    private DevNullStdout() {}

    /** Installs the sink (idempotent); call before anything caches {@code System.out}. */
    public static synchronized void install() {
        install("/dev/null");
    }

    /**
     * Installs a sink that appends to {@code path} (created or emptied first) instead of {@code /dev/null}, so each
     * line costs a {@code write(2)} into the page cache; {@link #truncateFile()} empties it again. Idempotent with
     * {@link #install()}: whichever comes first stays.
     */
    public static synchronized void installFile(String path) {
        install(path);
    }

    /** Empties the file of {@link #installFile} (no-op for {@code /dev/null}), so long runs do not fill the disk. */
    public static synchronized void truncateFile() {
        if (file == null) {
            return;
        }
        System.out.flush();
        try {
            file.truncate(0);
        } catch (IOException e) {
            throw new UncheckedIOException("could not empty the stdout file", e);
        }
    }

    private static void install(String path) {
        if (original != null) {
            return;
        }
        original = System.out;
        try {
            FileOutputStream target = new FileOutputStream(path, !"/dev/null".equals(path));
            if (!"/dev/null".equals(path)) {
                file = target.getChannel();
                file.truncate(0);
            }
            OutputStream counted = new FilterOutputStream(target) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    BYTES.add(len);
                    WRITES.increment();
                    out.write(b, off, len);
                }
            };
            System.setOut(new PrintStream(new BufferedOutputStream(counted, 8192), true, StandardCharsets.UTF_8));
        } catch (FileNotFoundException e) {
            throw new UncheckedIOException(path + " cannot be opened", e);
        } catch (IOException e) {
            throw new UncheckedIOException(path + " cannot be emptied", e);
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
