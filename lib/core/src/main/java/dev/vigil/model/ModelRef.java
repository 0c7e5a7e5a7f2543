package dev.vigil.model;

import java.util.regex.Pattern;

/** A model name and one of its versions; both are safe to use in an S3 key or a URL path. */
public record ModelRef(String name, String version) {
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    public ModelRef {
        requireSafe("model name", name);
        requireSafe("model version", version);
    }

    /** True when {@code s} may be used as a model name or version. */
    public static boolean isSafe(String s) {
        return s != null && SAFE.matcher(s).matches();
    }

    static void requireSafe(String what, String s) {
        if (!isSafe(s)) {
            throw new IllegalArgumentException(what + " must match " + SAFE.pattern() + ": " + s);
        }
    }

    @Override
    public String toString() {
        return name + "@" + version;
    }
}
