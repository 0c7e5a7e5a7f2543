package dev.vigil.serving;

/**
 * The one rule a prediction id follows, wherever it comes from (a predict request, a labels request, a ground-truth
 * file): 1 to {@value #MAX_LENGTH} characters of ASCII letters, digits and {@code . _ : @ / + = # -}, starting with a
 * letter or digit. Such an id survives CSV unquoted, JSON, URLs and log filter patterns, and holds a UUID or
 * SageMaker's 64-character inference id.
 */
public final class IdRules {
    /** Longest id, in characters. */
    public static final int MAX_LENGTH = 128;
    /** The rule in words, for messages. */
    public static final String RULE = "1-" + MAX_LENGTH + " characters of letters, digits and . _ : @ / + = # -,"
            + " starting with a letter or digit";

    private IdRules() {}

    /** True when {@code id} follows the rule. */
    public static boolean isValid(String id) {
        return problem(id) == null;
    }

    /**
     * What is wrong with {@code id}, as words that follow the id in a sentence ("is empty", "has ' ' at character
     * 4; ids are ..."), or null when it follows the rule.
     */
    public static String problem(String id) {
        if (id == null) {
            return "is missing";
        }
        if (id.isEmpty()) {
            return "is empty; ids are " + RULE;
        }
        if (id.length() > MAX_LENGTH) {
            return "is " + id.length() + " characters long; ids are " + RULE;
        }
        if (!isLetterOrDigit(id.charAt(0))) {
            return "starts with " + shown(id, 0) + "; ids are " + RULE;
        }
        for (int i = 1; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!isLetterOrDigit(c) && ".:_@/+=#-".indexOf(c) < 0) {
                return "has " + shown(id, i) + " at character " + (i + 1) + "; ids are " + RULE;
            }
        }
        return null;
    }

    private static boolean isLetterOrDigit(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    }

    private static String shown(String id, int i) {
        char c = id.charAt(i);
        if (c > ' ' && c < 0x7f) {
            return "'" + c + "'";
        }
        return c == ' ' ? "a space" : String.format(java.util.Locale.ROOT, "U+%04X", id.codePointAt(i));
    }
}
