package dev.vigil.capture;

import java.io.IOException;
import java.io.PrintStream;
import java.util.function.Supplier;

/**
 * Writes each request's capture lines to stdout in one write, as JSON log lines: in Lambda every line becomes one
 * CloudWatch Logs event of the function's log group, whose subscription filter ({@code $.schema =
 * "vigil.capture.v1"}) ships them to the capture bucket. The lines are in Lambda's log pipe before the handler
 * returns, so a frozen or reclaimed container loses none. {@code System.out} is looked up at each write, since the
 * runtime (and tests) may replace it.
 */
public final class StdoutCaptureSink implements CaptureSink {
    private final Supplier<PrintStream> out;

    /** A sink to {@code System.out}. */
    public StdoutCaptureSink() {
        this(() -> System.out);
    }

    public StdoutCaptureSink(Supplier<PrintStream> out) {
        this.out = out;
    }

    @Override
    public void write(CaptureLines lines) throws IOException {
        if (lines.isEmpty()) {
            return;
        }
        PrintStream stream = out.get();
        stream.write(lines.bytes(), 0, lines.size());
        stream.flush();
        if (stream.checkError()) {
            throw new IOException("stdout refused the capture lines");
        }
    }
}
