package dev.vigil.capture;

import java.util.List;

/**
 * What the capture policy changed in a record: the features left out and those written as pseudonyms, in manifest
 * order. A record's {@code privacy} field is written only when one of them is not empty.
 */
public record CapturePrivacy(List<String> dropped, List<String> pseudonymised) {
    /** Nothing changed. */
    public static final CapturePrivacy NONE = new CapturePrivacy(List.of(), List.of());

    public CapturePrivacy {
        dropped = List.copyOf(dropped);
        pseudonymised = List.copyOf(pseudonymised);
    }

    /** True when the policy changed nothing. */
    public boolean isEmpty() {
        return dropped.isEmpty() && pseudonymised.isEmpty();
    }
}
