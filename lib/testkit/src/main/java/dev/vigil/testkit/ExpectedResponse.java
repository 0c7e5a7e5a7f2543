package dev.vigil.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.json.Json;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * How an answer is compared with an expected response file. The rules, applied at every level:
 * <ul>
 *   <li>An object matches an object with exactly the same field names (none missing, none extra) whose values match.
 *   <li>An array matches an array of the same length whose elements match in order.
 *   <li>{@value #ANY} matches any value that is present and not null: for what differs on every run, such as
 *       generated run ids or request ids.
 *   <li>{@code "<matches REGEX>"} matches a string that the whole regular expression matches, e.g.
 *       {@code "<matches 20261110T060000000Z-[0-9a-f]{6}>"} for a run id whose suffix is random.
 *   <li>Numbers match when they differ by at most {@value #TOLERANCE} times the larger magnitude (at least 1): ONNX
 *       Runtime computes in float32, and another CPU may round its last bits differently. Integers are numbers too:
 *       {@code 400} matches {@code 400.0}.
 *   <li>An expected object or array matches a string that holds that JSON, as an API Gateway response's
 *       {@code body} does, so the expected file shows the body as JSON rather than as an escaped string.
 *   <li>Anything else (strings, booleans, null) matches only an equal value.
 * </ul>
 */
public final class ExpectedResponse {
    /** The placeholder for a value that must be present but differs from run to run. */
    public static final String ANY = "<any>";
    /** Relative tolerance for numbers. */
    public static final double TOLERANCE = 1e-6;

    private static final String MATCHES = "<matches ";

    private ExpectedResponse() {}

    /** Every difference between {@code expected} and {@code actual}, each as a JSON pointer and what differs. */
    public static List<String> differences(JsonNode expected, JsonNode actual) {
        List<String> out = new ArrayList<>();
        compare("", expected, actual, out);
        return out;
    }

    /** Fails with every difference and the whole answer when {@code actual} does not match {@code expected}. */
    public static void assertMatches(JsonNode expected, JsonNode actual, String what) {
        List<String> differences = differences(expected, actual);
        if (!differences.isEmpty()) {
            throw new AssertionError(what + " was answered differently than expected:\n  "
                    + String.join("\n  ", differences) + "\nthe answer:\n" + Json.toPrettyString(actual));
        }
    }

    private static void compare(String at, JsonNode expected, JsonNode actual, List<String> out) {
        String where = at.isEmpty() ? "/" : at;
        if (expected.isTextual() && expected.asText().equals(ANY)) {
            if (actual == null || actual.isNull() || actual.isMissingNode()) {
                out.add(where + ": expected a value, got none");
            }
            return;
        }
        if (actual == null || actual.isMissingNode()) {
            out.add(where + ": expected " + expected + ", got nothing");
            return;
        }
        if (expected.isTextual() && expected.asText().startsWith(MATCHES) && expected.asText().endsWith(">")) {
            String regex = expected.asText().substring(MATCHES.length(), expected.asText().length() - 1);
            try {
                if (!actual.isTextual() || !Pattern.compile(regex).matcher(actual.asText()).matches()) {
                    out.add(where + ": expected a string matching " + regex + ", got " + actual);
                }
            } catch (PatternSyntaxException e) {
                out.add(where + ": the expected pattern is not a regular expression: " + regex);
            }
            return;
        }
        if ((expected.isObject() || expected.isArray()) && actual.isTextual()) {
            JsonNode parsed;
            try {
                parsed = Json.MAPPER.readTree(actual.asText());
            } catch (java.io.IOException e) {
                out.add(where + ": expected JSON " + expected + ", got a string that is not JSON: " + actual);
                return;
            }
            compare(at, expected, parsed, out);
            return;
        }
        if (expected.isObject()) {
            if (!actual.isObject()) {
                out.add(where + ": expected an object, got " + actual);
                return;
            }
            Set<String> names = new TreeSet<>();
            expected.fieldNames().forEachRemaining(names::add);
            for (Iterator<String> it = actual.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                if (!names.contains(name)) {
                    out.add(at + "/" + name + ": not expected, got " + actual.get(name));
                }
            }
            for (String name : names) {
                compare(at + "/" + name, expected.get(name), actual.get(name), out);
            }
            return;
        }
        if (expected.isArray()) {
            if (!actual.isArray()) {
                out.add(where + ": expected an array, got " + actual);
                return;
            }
            if (expected.size() != actual.size()) {
                out.add(where + ": expected " + expected.size() + " elements, got " + actual.size() + ": " + actual);
                return;
            }
            for (int i = 0; i < expected.size(); i++) {
                compare(at + "/" + i, expected.get(i), actual.get(i), out);
            }
            return;
        }
        if (expected.isNumber()) {
            if (!actual.isNumber() || !close(expected.asDouble(), actual.asDouble())) {
                out.add(where + ": expected " + expected + ", got " + actual);
            }
            return;
        }
        if (!expected.equals(actual)) {
            out.add(where + ": expected " + expected + ", got " + actual);
        }
    }

    private static boolean close(double expected, double actual) {
        if (Double.compare(expected, actual) == 0) {
            return true;
        }
        double scale = Math.max(1, Math.max(Math.abs(expected), Math.abs(actual)));
        return Math.abs(expected - actual) <= TOLERANCE * scale;
    }
}
