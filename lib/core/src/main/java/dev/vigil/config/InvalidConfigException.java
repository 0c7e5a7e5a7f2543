package dev.vigil.config;

import java.util.List;

/** The deployment configuration cannot be used; carries every problem found, each naming the field to fix. */
public final class InvalidConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final List<String> problems;

    public InvalidConfigException(String source, List<String> problems) {
        super("Invalid Vigil config " + source + ":\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
