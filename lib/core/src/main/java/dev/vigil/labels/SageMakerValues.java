package dev.vigil.labels;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.json.Json;

/** Reads the label of a SageMaker ground-truth record's {@code groundTruthData.data}, by its encoding. */
final class SageMakerValues {
    private SageMakerValues() {}

    /**
     * The one value of a CSV record, unquoted ({@code churn}, {@code "a,b"} with {@code ""} for a quote), or null
     * when it holds more than one value or an unbalanced quote.
     */
    static String singleCsvValue(String csv) {
        String s = csv.strip();
        if (!s.startsWith("\"")) {
            return s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 ? null : s;
        }
        StringBuilder value = new StringBuilder(s.length());
        int i = 1;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '"') {
                if (i + 1 < s.length() && s.charAt(i + 1) == '"') {
                    value.append('"');
                    i += 2;
                    continue;
                }
                return i == s.length() - 1 ? value.toString() : null; // the closing quote must end the value
            }
            value.append(c);
            i++;
        }
        return null; // never closed
    }

    /** The text of a JSON string or number ({@code "churn"}, {@code 1}), or null for any other JSON or non-JSON. */
    static String jsonScalar(String json) {
        try {
            JsonNode node = Json.MAPPER.readTree(json);
            return node != null && (node.isTextual() || node.isNumber()) ? node.asText() : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
