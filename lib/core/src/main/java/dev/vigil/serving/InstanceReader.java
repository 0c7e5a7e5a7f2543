package dev.vigil.serving;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a TensorFlow Serving / KServe V1 request body, {@code {"instances": [...]}}, straight into a float batch in
 * the model's feature order. An instance is a positional array or an object keyed by feature name. Optional
 * top-level {@code "ids"} (one string or null per instance, null meaning "generate one") and {@code "request_id"}
 * are checked against {@link IdRules} and for uniqueness within the request. Streams the JSON (no tree), so the cost
 * is one pass over the body; the commonest body, positional instances and nothing else, is read by
 * {@link PositionalInstancesScanner} without a JSON parser, and anything it does not accept is read here.
 *
 * <p>Every failure is an {@link ApiException} whose message is Vigil's own: what was wrong, where (instance and
 * feature, or line and column) and the limit broken. The limits on nesting, names and numbers are Vigil's, checked
 * here; the JSON library's own limits are set above them, so its wording never reaches a caller.
 */
public final class InstanceReader {
    /** Most arrays and objects open at once, counting the body's outer object. */
    public static final int MAX_NESTING_DEPTH = 1_000;
    /** Longest field name, in characters. */
    public static final int MAX_NAME_LENGTH = 50_000;
    /** Longest number read as a feature value, in characters; longer numbers elsewhere are skipped unread. */
    public static final int MAX_NUMBER_LENGTH = 1_000;

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS) // so NaN/Infinity get a precise error, not "malformed"
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER) // correctly rounded, as Double.parseDouble
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(2 * MAX_NESTING_DEPTH)
                    .maxNameLength(Integer.MAX_VALUE)
                    .maxNumberLength(Integer.MAX_VALUE) // only lengths are checked while tokenising; see number()
                    .build())
            .build();

    private static final String IDS = "ids";
    private static final String REQUEST_ID = "request_id";

    private final List<String> features;
    private final Map<String, Integer> featureIndex;
    private final int maxInstances;

    public InstanceReader(List<String> features, int maxInstances) {
        this.features = List.copyOf(features);
        this.featureIndex = new HashMap<>();
        for (int i = 0; i < features.size(); i++) {
            featureIndex.put(features.get(i), i);
        }
        this.maxInstances = maxInstances;
    }

    public List<String> features() {
        return features;
    }

    /**
     * Parses the body.
     *
     * @throws ApiException describing the first problem found
     */
    public ParsedRequest read(byte[] body) {
        ParsedRequest plain = PositionalInstancesScanner.scan(body, features.size(), maxInstances);
        if (plain != null) {
            return plain;
        }
        try (JsonParser p = FACTORY.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new ApiException(ErrorKind.MALFORMED_JSON,
                        "request body must be a JSON object like {\"instances\": [...]}");
            }
            ParsedRequest batch = null;
            String[] ids = null;
            String requestId = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = name(p);
                JsonToken value = p.nextToken();
                if ("instances".equals(field)) {
                    if (value != JsonToken.START_ARRAY) {
                        throw new ApiException(ErrorKind.MISSING_INSTANCES,
                                "\"instances\" must be an array of instances");
                    }
                    batch = readInstances(p);
                } else if (IDS.equals(field)) {
                    ids = readIds(p, value);
                } else if (REQUEST_ID.equals(field)) {
                    requestId = readRequestId(p, value);
                } else {
                    skip(p, value);
                }
            }
            if (p.nextToken() != null) {
                throw new ApiException(ErrorKind.MALFORMED_JSON,
                        "unexpected content after the JSON object" + at(p.currentTokenLocation()));
            }
            if (batch == null) {
                throw new ApiException(ErrorKind.MISSING_INSTANCES, "request body has no \"instances\" field");
            }
            if (ids != null) {
                checkIds(ids, batch.rows());
            }
            return new ParsedRequest(batch.values(), batch.rows(), batch.width(), ids, requestId);
        } catch (StreamReadException e) {
            if (e instanceof JsonEOFException || atEnd(e.getLocation(), body)) {
                throw new ApiException(ErrorKind.MALFORMED_JSON, "malformed JSON: the request body ends before the "
                        + "JSON is complete" + at(e.getLocation()) + "; an array, object or string is not closed");
            }
            throw new ApiException(ErrorKind.MALFORMED_JSON, "malformed JSON" + at(e.getLocation())
                    + ": not valid JSON text in UTF-8 (check quotes, commas, brackets and escapes)");
        } catch (IOException e) {
            throw new ApiException(ErrorKind.MALFORMED_JSON,
                    "malformed JSON: the request body is not JSON text in UTF-8");
        }
    }

    /** Skips the value that starts at {@code t}, holding it to the nesting and name limits. */
    private static void skip(JsonParser p, JsonToken t) throws IOException {
        if (t != JsonToken.START_ARRAY && t != JsonToken.START_OBJECT) {
            return;
        }
        checkDepth(p);
        int open = 1;
        while (open > 0) {
            JsonToken next = p.nextToken();
            if (next == null) {
                throw endOfInput(p);
            }
            switch (next) {
                case START_ARRAY, START_OBJECT -> {
                    open++;
                    checkDepth(p);
                }
                case END_ARRAY, END_OBJECT -> open--;
                case FIELD_NAME -> name(p);
                default -> { } // a scalar: nothing to check, and a number is not converted
            }
        }
    }

    private static void checkDepth(JsonParser p) {
        int depth = p.getParsingContext().getNestingDepth();
        if (depth > MAX_NESTING_DEPTH) {
            throw new ApiException(ErrorKind.MALFORMED_JSON, "request body is nested " + depth + " arrays or objects "
                    + "deep" + at(p.currentTokenLocation()) + "; at most " + MAX_NESTING_DEPTH + " levels are allowed");
        }
    }

    /** The current field name, if it is within the length limit. */
    private static String name(JsonParser p) throws IOException {
        String name = p.currentName();
        if (name.length() > MAX_NAME_LENGTH) {
            throw new ApiException(ErrorKind.MALFORMED_JSON, "a field name" + at(p.currentTokenLocation()) + " is "
                    + name.length() + " characters long; at most " + MAX_NAME_LENGTH + " are allowed");
        }
        return name;
    }

    private static ApiException endOfInput(JsonParser p) {
        return new ApiException(ErrorKind.MALFORMED_JSON, "malformed JSON: the request body ends before the JSON is "
                + "complete" + at(p.currentLocation()) + "; an array, object or string is not closed");
    }

    private static boolean atEnd(JsonLocation location, byte[] body) {
        return location != null && location.getByteOffset() >= body.length;
    }

    /** " at line L, column C", or nothing when the position is unknown. */
    private static String at(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    private String[] readIds(JsonParser p, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        if (value != JsonToken.START_ARRAY) {
            String got = describe(p, value);
            skip(p, value);
            throw new ApiException(ErrorKind.INVALID_ID, "\"ids\" must be an array with one id (a string, or null"
                    + " for Vigil to generate one) per instance; got " + got);
        }
        String[] ids = new String[8];
        int count = 0;
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t == null) {
                throw endOfInput(p);
            }
            if (count == maxInstances) {
                throw new ApiException(ErrorKind.INVALID_ID, "\"ids\" has more than " + maxInstances
                        + " entries, the most instances a request may send; send one id (or null) per instance");
            }
            if (count == ids.length) {
                ids = Arrays.copyOf(ids, ids.length * 2);
            }
            ids[count] = id(p, t, "ids[" + count + "]");
            count++;
        }
        return Arrays.copyOf(ids, count);
    }

    private static String readRequestId(JsonParser p, JsonToken value) throws IOException {
        return id(p, value, "request_id");
    }

    /** A string id checked against {@link IdRules}, or null for JSON null. */
    private static String id(JsonParser p, JsonToken t, String what) throws IOException {
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t != JsonToken.VALUE_STRING) {
            String got = describe(p, t);
            skip(p, t);
            throw new ApiException(ErrorKind.INVALID_ID, what + " must be a string, or null for Vigil to generate"
                    + " one; got " + got);
        }
        if (p.getTextLength() > IdRules.MAX_LENGTH) {
            throw new ApiException(ErrorKind.INVALID_ID, what + " is " + p.getTextLength() + " characters long; "
                    + IdRules.RULE);
        }
        String id = p.getText();
        String problem = IdRules.problem(what, id);
        if (problem != null) {
            throw new ApiException(ErrorKind.INVALID_ID, problem);
        }
        return id;
    }

    private static void checkIds(String[] ids, int rows) {
        if (ids.length != rows) {
            throw new ApiException(ErrorKind.INVALID_ID, "\"ids\" has " + ids.length + (ids.length == 1 ? " entry"
                    : " entries") + " but \"instances\" has " + rows + "; send one id (or null) per instance");
        }
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] == null) {
                continue;
            }
            Integer first = seen.putIfAbsent(ids[i], i);
            if (first != null) {
                throw new ApiException(ErrorKind.DUPLICATE_ID, "ids[" + i + "] repeats ids[" + first + "], \""
                        + ApiException.excerpt(ids[i]) + "\"; each prediction in a request needs its own id");
            }
        }
    }

    private ParsedRequest readInstances(JsonParser p) throws IOException {
        int width = features.size();
        float[] values = new float[width * 4];
        int rows = 0;
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t == null) {
                throw endOfInput(p);
            }
            if (rows == maxInstances) {
                throw new ApiException(ErrorKind.TOO_MANY_INSTANCES,
                        "too many instances: at most " + maxInstances + " per request");
            }
            if ((rows + 1) * width > values.length) {
                values = Arrays.copyOf(values, Math.max(values.length * 2, (rows + 1) * width));
            }
            int offset = rows * width;
            if (t == JsonToken.START_ARRAY) {
                readPositional(p, values, offset, rows);
            } else if (t == JsonToken.START_OBJECT) {
                readKeyed(p, values, offset, rows);
            } else {
                throw new ApiException(ErrorKind.MALFORMED_JSON,
                        "instance " + rows + " must be an array of " + width
                                + " numbers or an object keyed by feature name");
            }
            rows++;
        }
        if (rows == 0) {
            throw new ApiException(ErrorKind.MISSING_INSTANCES, "\"instances\" is empty: send at least one instance");
        }
        return ParsedRequest.of(values, rows, width);
    }

    private void readPositional(JsonParser p, float[] values, int offset, int row) throws IOException {
        int width = features.size();
        int col = 0;
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t == null) {
                throw endOfInput(p);
            }
            if (col < width) {
                values[offset + col] = number(p, t, row, col);
            } else {
                skip(p, t);
            }
            col++;
        }
        if (col != width) {
            throw new ApiException(ErrorKind.WRONG_FEATURE_COUNT,
                    "instance " + row + " has " + col + " values; the model takes " + width + " " + features);
        }
    }

    private void readKeyed(JsonParser p, float[] values, int offset, int row) throws IOException {
        int width = features.size();
        long seen = 0; // bit set for up to 64 features, else a boolean array
        boolean[] seenWide = width > 64 ? new boolean[width] : null;
        int count = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = name(p);
            Integer col = featureIndex.get(name);
            JsonToken t = p.nextToken();
            if (col == null) {
                throw new ApiException(ErrorKind.UNKNOWN_FEATURE, "instance " + row + " has unknown feature \""
                        + ApiException.excerpt(name) + "\"; the model takes " + features);
            }
            boolean dup = seenWide != null ? seenWide[col] : (seen & (1L << col)) != 0;
            if (dup) {
                throw new ApiException(ErrorKind.MALFORMED_JSON,
                        "instance " + row + " names feature \"" + name + "\" twice");
            }
            if (seenWide != null) {
                seenWide[col] = true;
            } else {
                seen |= 1L << col;
            }
            values[offset + col] = number(p, t, row, col);
            count++;
        }
        if (count != width) {
            for (int c = 0; c < width; c++) {
                boolean has = seenWide != null ? seenWide[c] : (seen & (1L << c)) != 0;
                if (!has) {
                    throw new ApiException(ErrorKind.MISSING_FEATURE,
                            "instance " + row + " is missing feature \"" + features.get(c) + "\"");
                }
            }
        }
    }

    private float number(JsonParser p, JsonToken t, int row, int col) throws IOException {
        if (t == null) {
            throw endOfInput(p);
        }
        if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
            String got = describe(p, t);
            skip(p, t);
            throw new ApiException(ErrorKind.NON_NUMERIC, "instance " + row + ", feature \"" + features.get(col)
                    + "\": expected a number, got " + got);
        }
        int length = p.getTextLength();
        if (length > MAX_NUMBER_LENGTH) {
            throw new ApiException(ErrorKind.MALFORMED_JSON, "instance " + row + ", feature \"" + features.get(col)
                    + "\": the number is " + length + " characters long; at most " + MAX_NUMBER_LENGTH
                    + " are allowed");
        }
        double d = p.getDoubleValue();
        float f = (float) d;
        if (!Float.isFinite(f)) {
            throw new ApiException(ErrorKind.NOT_FINITE, "instance " + row + ", feature \"" + features.get(col)
                    + "\": " + (Double.isNaN(d) ? "NaN" : "value out of float range or infinite") + " is not allowed");
        }
        return f;
    }

    private static String describe(JsonParser p, JsonToken t) throws IOException {
        return switch (t) {
            case VALUE_STRING -> "the string \"" + ApiException.excerpt(p.getText()) + "\"";
            case VALUE_NULL -> "null";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case START_ARRAY, END_ARRAY -> "an array";
            case START_OBJECT, END_OBJECT -> "an object";
            default -> "a value that is not a number";
        };
    }
}
