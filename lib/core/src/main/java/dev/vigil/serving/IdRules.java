package dev.vigil.serving;

/**
 * What a prediction id or request id may be: 1 to {@value #MAX_LENGTH} characters, a letter or digit first, then
 * letters, digits and {@code . _ : @ / + = # -}. The set survives unquoted CSV, JSON, URLs and log filter patterns,
 * and 128 characters hold a UUID or a business key such as {@code cust-42#2026-11}.
 */
public final class IdRules {
    /** The longest id, in characters. */
    public static final int MAX_LENGTH = 128;
    /** The rule in words, for messages. */
    public static final String RULE = "an id is 1 to " + MAX_LENGTH + " characters: a letter or digit, then letters,"
            + " digits or . _ : @ / + = # -";

    private IdRules() {}

    /** Why {@code id} is not a valid id, starting with {@code what} (e.g. {@code ids[2]}), or null when it is. */
    public static String problem(String what, String id) {
        if (id.isEmpty()) {
            return what + " is empty; " + RULE;
        }
        if (id.length() > MAX_LENGTH) {
            return what + " is " + id.length() + " characters long; " + RULE;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean allowed = i == 0 ? isLetterOrDigit(c) : isLetterOrDigit(c) || isPunctuation(c);
            if (!allowed) {
                return what + " has " + describe(c) + " at position " + i + "; " + RULE;
            }
        }
        return null;
    }

    /**
     * Why {@code id} is not a valid id, as words that follow the id's name in a sentence ("is empty; an id is ..."),
     * or null when it is.
     */
    public static String problem(String id) {
        if (id == null) {
            return "is missing";
        }
        String problem = problem("", id);
        return problem == null ? null : problem.strip();
    }

    /** True when {@code id} follows the rule. */
    public static boolean isValid(String id) {
        return id != null && problem("", id) == null;
    }

    private static boolean isLetterOrDigit(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    }

    private static boolean isPunctuation(char c) {
        return switch (c) {
            case '.', '_', ':', '@', '/', '+', '=', '#', '-' -> true;
            default -> false;
        };
    }

    private static String describe(char c) {
        if (c == ' ') {
            return "a space";
        }
        if (c > ' ' && c < 0x7f) {
            return "'" + c + "'";
        }
        return String.format(java.util.Locale.ROOT, "the character U+%04X", (int) c);
    }
}
