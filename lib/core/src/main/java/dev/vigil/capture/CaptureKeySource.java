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
}
