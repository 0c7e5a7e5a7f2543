package dev.vigil.serving;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.regex.Pattern;

/**
 * Checks that a message meant for a caller is in Vigil's own words: no Java class, package or method name, no
 * library option, no parser location dump.
 */
public final class CallerMessages {
    /** A package-qualified name ({@code java.io.}, {@code com.fasterxml.}, {@code dev.vigil.}, ...). */
    private static final Pattern PACKAGE = Pattern.compile(
            "\\b(java|javax|jdk|sun|com|org|software|dev|ai|io)\\.[a-z][a-z0-9_]*\\.");
    /** A class-like name: Exception/Error suffixes, or a name Jackson, the JDK or ONNX Runtime uses. */
    private static final Pattern CLASS = Pattern.compile(
            "\\b[A-Z][A-Za-z0-9]*(Exception|Error|Constraints|Feature|Parser|Factory|Token|Decoder)\\b"
                    + "|\\bOrt[A-Z]\\w*|\\bJson(Node|Token|Location|Generator)\\b");
    /** A Java method call as libraries print them ({@code getMaxNestingDepth()}), or a backquoted option. */
    private static final Pattern METHOD = Pattern.compile("\\b(get|is|set)[A-Z]\\w*\\(\\)|`[^`]+`");
    /** Jackson's location dump. */
    private static final Pattern SOURCE = Pattern.compile("\\[Source:|REDACTED|\\bline: \\d+, column: \\d+\\]");

    private CallerMessages() {}

    /** The first internal name {@code message} exposes, or null when it has none. */
    public static String leak(String message) {
        for (Pattern p : new Pattern[] {PACKAGE, CLASS, METHOD, SOURCE}) {
            var m = p.matcher(message);
            if (m.find()) {
                return m.group();
            }
        }
        return null;
    }

    /** Fails when {@code message} names a Java class, package, method or library option. */
    public static void assertInVigilsWords(String message) {
        String leak = leak(message);
        if (leak != null) {
            fail("a caller would see \"" + leak + "\" in: " + message);
        }
    }
}
