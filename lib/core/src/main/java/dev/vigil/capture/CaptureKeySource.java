package dev.vigil.capture;

import java.util.Optional;

/**
 * Where capture's pseudonymisation key comes from (Secrets Manager or an SSM SecureString on AWS, a file locally).
 * Implementations read at creation and on {@link #refresh()}, never on the request path.
 */
public interface CaptureKeySource {

    /** The key last read, or empty when none could be read yet (records that need one are then dropped). */
    Optional<CaptureKey> current();

    /** Reads the key again; a failure keeps the key last read and is reported, never thrown. */
    void refresh();

    /** A source that never has a key: records that need one are dropped. */
    static CaptureKeySource none() {
        return fixed(null);
    }

    /** A source that always has {@code key} (null: none), in memory: for tests and a key given locally. */
    static CaptureKeySource fixed(CaptureKey key) {
        Optional<CaptureKey> current = Optional.ofNullable(key);
        return new CaptureKeySource() {
            @Override
            public Optional<CaptureKey> current() {
                return current;
            }

            @Override
            public void refresh() {
                // nothing to read again
            }
        };
    }
}
