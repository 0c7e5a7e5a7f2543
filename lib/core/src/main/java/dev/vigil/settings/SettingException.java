package dev.vigil.settings;

import java.util.List;

/**
 * A function's environment cannot be used: each problem names the variable, what it must be and what it is, e.g.
 * {@code VIGIL_MAX_INSTANCES must be a whole number of at least 1; it is 'abc'}. Every problem is reported at once.
 */
public final class SettingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient List<String> problems;

    SettingException(VigilFunction reader, List<String> problems) {
        super(reader.id() + " is misconfigured: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    /** One sentence per variable that is missing or malformed. */
    public List<String> problems() {
        return problems;
    }
}
