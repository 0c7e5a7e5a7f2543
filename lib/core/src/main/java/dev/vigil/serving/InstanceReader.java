package dev.vigil.serving;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a TensorFlow Serving / KServe V1 request body, {@code {"instances": [...]}}, straight into a float batch in
 * the model's feature order. An instance is a positional array or an object keyed by feature name. Streams the JSON
 * (no tree), so the cost is one pass over the body.
 */
public final class InstanceReader {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS) // so NaN/Infinity get a precise error, not "malformed"
            .build();

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
    public InstanceBatch read(byte[] body) {
        try (JsonParser p = FACTORY.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new ApiException(ErrorKind.MALFORMED_JSON, "request body must be a JSON object like {\"instances\": [...]}");
            }
            InstanceBatch batch = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if ("instances".equals(field)) {
                    if (value != JsonToken.START_ARRAY) {
                        throw new ApiException(ErrorKind.MISSING_INSTANCES, "\"instances\" must be an array of instances");
                    }
                    batch = readInstances(p);
                } else {
                    p.skipChildren();
                }
            }
            if (p.nextToken() != null) {
                throw new ApiException(ErrorKind.MALFORMED_JSON, "unexpected content after the JSON object");
            }
            if (batch == null) {
                throw new ApiException(ErrorKind.MISSING_INSTANCES, "request body has no \"instances\" field");
            }
            return batch;
        } catch (JsonParseException e) {
            throw new ApiException(ErrorKind.MALFORMED_JSON, "malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ApiException(ErrorKind.MALFORMED_JSON, "unreadable request body: " + e.getMessage());
        }
    }

    private InstanceBatch readInstances(JsonParser p) throws IOException {
        int width = features.size();
        float[] values = new float[width * 4];
        int rows = 0;
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t == null) {
                throw new ApiException(ErrorKind.MALFORMED_JSON, "malformed JSON: unexpected end of input");
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
                        "instance " + rows + " must be an array of " + width + " numbers or an object keyed by feature name");
            }
            rows++;
        }
        if (rows == 0) {
            throw new ApiException(ErrorKind.MISSING_INSTANCES, "\"instances\" is empty: send at least one instance");
        }
        return new InstanceBatch(values, rows, width);
    }

    private void readPositional(JsonParser p, float[] values, int offset, int row) throws IOException {
        int width = features.size();
        int col = 0;
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (col < width) {
                values[offset + col] = number(p, t, row, col);
            } else {
                p.skipChildren();
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
            String name = p.currentName();
            Integer col = featureIndex.get(name);
            JsonToken t = p.nextToken();
            if (col == null) {
                throw new ApiException(ErrorKind.UNKNOWN_FEATURE,
                        "instance " + row + " has unknown feature \"" + name + "\"; the model takes " + features);
            }
            boolean dup = seenWide != null ? seenWide[col] : (seen & (1L << col)) != 0;
            if (dup) {
                throw new ApiException(ErrorKind.MALFORMED_JSON, "instance " + row + " names feature \"" + name + "\" twice");
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
        if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
            if (t == JsonToken.START_ARRAY || t == JsonToken.START_OBJECT) {
                p.skipChildren();
            }
            throw new ApiException(ErrorKind.NON_NUMERIC, "instance " + row + ", feature \"" + features.get(col)
                    + "\": expected a number, got " + describe(p, t));
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
            case VALUE_STRING -> "the string \"" + abbreviate(p.getText()) + "\"";
            case VALUE_NULL -> "null";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case START_ARRAY, END_ARRAY -> "an array";
            case START_OBJECT, END_OBJECT -> "an object";
            default -> t.asString() == null ? t.name() : t.asString();
        };
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
