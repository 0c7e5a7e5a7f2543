package dev.vigil.capture;

import java.io.IOException;

/**
 * Where encoded capture records go: stdout in Lambda ({@link StdoutCaptureSink}, shipped by the log subscription),
 * the store locally ({@link StoreCaptureSink}). A sink takes one request's lines at a time and does not keep the
 * {@link CaptureLines} after {@link #write} returns.
 */
public interface CaptureSink extends AutoCloseable {

    /**
     * Takes one request's records.
     *
     * @throws IOException when they could not be taken (the caller counts them as dropped)
     */
    void write(CaptureLines lines) throws IOException;

    /** Writes out what is buffered; a sink that buffers nothing has nothing to do. */
    @Override
    default void close() {}

    /** Hears about records a sink dropped after {@link #write} returned (a buffered flush that failed). */
    @FunctionalInterface
    interface DropListener {
        /** {@code records} of {@code model} were dropped for {@code reason}; {@code detail} is for the log. */
        void dropped(String model, CaptureDropReason reason, long records, String detail);
    }
}
