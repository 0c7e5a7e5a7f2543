package dev.vigil.dataset;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * The non-blank lines of a UTF-8 object, one JSON Lines record each: a byte order mark before the first line is
 * dropped, blank lines are skipped, and {@link #lineNumber()} counts every line read, blank or not.
 */
public final class TextLines implements Closeable {
    private final BufferedReader lines;
    private long lineNumber;

    public TextLines(InputStream data, int bufferBytes) {
        this.lines = new BufferedReader(new InputStreamReader(data, StandardCharsets.UTF_8), bufferBytes);
    }

    /** The next non-blank line, or null at the end of the object. */
    public String next() throws IOException {
        while (true) {
            String line = lines.readLine();
            if (line == null) {
                return null;
            }
            lineNumber++;
            if (lineNumber == 1 && line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            if (!line.isBlank()) {
                return line;
            }
        }
    }

    /** The 1-based number of the last line read (0 before the first). */
    public long lineNumber() {
        return lineNumber;
    }

    @Override
    public void close() throws IOException {
        lines.close();
    }
}
