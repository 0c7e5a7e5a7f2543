package dev.vigil.capture;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** A {@link CaptureKeyListener} that remembers what it heard, for tests of key sources. */
public final class RecordingKeyListener implements CaptureKeyListener {
    /** One {@link #keyChanged} call. */
    public record Change(String source, Optional<String> previousVersion, String version) {}

    private final List<Change> changes = new CopyOnWriteArrayList<>();
    private final List<CaptureKeyFailure> failures = new CopyOnWriteArrayList<>();

    @Override
    public void keyChanged(String source, Optional<String> previousVersion, String version) {
        changes.add(new Change(source, previousVersion, version));
    }

    @Override
    public void readFailed(CaptureKeyFailure failure) {
        failures.add(failure);
    }

    public List<Change> changes() {
        return List.copyOf(changes);
    }

    public List<CaptureKeyFailure> failures() {
        return List.copyOf(failures);
    }

    /** The only failure heard; fails the test when there is not exactly one. */
    public CaptureKeyFailure onlyFailure() {
        if (failures.size() != 1) {
            throw new AssertionError("expected exactly one failed read, heard " + failures);
        }
        return failures.get(0);
    }
}
