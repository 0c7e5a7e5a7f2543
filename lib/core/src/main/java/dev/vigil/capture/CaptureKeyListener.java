package dev.vigil.capture;

import java.util.Optional;

/**
 * Hears what a {@link CaptureKeySource} read, for one log line and a metric. Called on the thread that reads (at
 * creation, or the refresher's); implementations must be quick and must not throw.
 */
public interface CaptureKeyListener {

    /** A key of another version than the one held was read ({@code previousVersion} empty on the first read). */
    default void keyChanged(String source, Optional<String> previousVersion, String version) {}

    /** A read failed; the source keeps the key it had. */
    void readFailed(CaptureKeyFailure failure);
}
