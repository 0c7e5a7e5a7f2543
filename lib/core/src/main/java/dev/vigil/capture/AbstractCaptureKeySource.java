package dev.vigil.capture;

import java.util.Objects;
import java.util.Optional;

/**
 * A {@link CaptureKeySource} that keeps the key it last read: {@link #refresh()} reads again through {@link #read()},
 * keeps the new key when the read works, and otherwise keeps the old one and tells the listener; it never throws.
 * Refreshes are serialised; {@link #current()} never waits for one.
 */
public abstract class AbstractCaptureKeySource implements CaptureKeySource {
    private final String source;
    private final CaptureKeyListener listener;
    private volatile CaptureKey current;

    /**
     * A source that holds no key until its first read.
     *
     * @param source where the key is read from, as logs name it (never the key)
     * @param listener hears about new versions and failed reads
     */
    protected AbstractCaptureKeySource(String source, CaptureKeyListener listener) {
        this.source = Objects.requireNonNull(source, "source");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /**
     * Reads the key now (a network call or a file read).
     *
     * @throws CaptureKeyException why it could not be read, in Vigil's words
     */
    protected abstract CaptureKey read();

    /** Where the key is read from. */
    public final String source() {
        return source;
    }

    @Override
    public final Optional<CaptureKey> current() {
        return Optional.ofNullable(current);
    }

    @Override
    public final synchronized void refresh() {
        try {
            readAndKeep();
        } catch (CaptureKeyException e) {
            report(e.reason(), e.getMessage());
        } catch (RuntimeException e) {
            report(CaptureKeyFailure.Reason.UNAVAILABLE, "the read failed unexpectedly: " + e.getMessage());
        }
    }

    /**
     * Reads now and keeps the key; unlike {@link #refresh()} a failure is thrown, not reported (for sources that
     * refuse to start without a key).
     *
     * @throws CaptureKeyException why it could not be read
     */
    protected final synchronized void readAndKeep() {
        CaptureKey key = Objects.requireNonNull(read(), "read()");
        CaptureKey previous = current;
        current = key;
        if (previous == null || !previous.version().equals(key.version())) {
            Optional<String> previousVersion = Optional.ofNullable(previous).map(CaptureKey::version);
            try {
                listener.keyChanged(source, previousVersion, key.version());
            } catch (RuntimeException ignored) {
                // the listener only logs and counts; the key is kept whatever it does
            }
        }
    }

    private void report(CaptureKeyFailure.Reason reason, String message) {
        CaptureKeyFailure failure = new CaptureKeyFailure(source, reason, message,
                current().map(CaptureKey::version));
        try {
            listener.readFailed(failure);
        } catch (RuntimeException ignored) {
            // refresh() never throws: it runs after a SnapStart restore, where an exception ends the restore
        }
    }
}
