package dev.vigil.lambda;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.vigil.json.Json;
import dev.vigil.metrics.VigilMetric;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link MetricEmitter} document as one EMF line on stdout, the line the EMF library's console sink prints
 * for it through Powertools, in the two environments where that library prints to stdout: Lambda and
 * {@code AWS_EMF_ENVIRONMENT=Local}. The same fields with the same values (the {@code _aws} directive with the
 * timestamp, namespace, metrics with their units and dimension sets; Lambda's properties; each metric's value as a
 * double; each dimension's value), in a fixed order, without the library's per-document objects and serialiser.
 *
 * <p>It writes only documents it can write exactly as the library would, and answers false for any other, which the
 * emitter then writes through Powertools: a value that is not finite, a dimension name or value outside
 * {@code [A-Za-z0-9._-/#@+=:]} (so nothing to escape, no whitespace, no leading colon Powertools refuses), longer
 * than {@value #MAX_TEXT} characters, or named like a metric or a property of the same document, more than
 * {@value #MAX_DIMENSIONS} dimensions in a set, more than {@value #MAX_METRICS} metrics.
 */
final class EmfLineWriter {
    /** The longest dimension name or value written here. */
    static final int MAX_TEXT = 250;
    /** The most dimensions in one set written here (EMF allows 30). */
    static final int MAX_DIMENSIONS = 9;
    /** The most metrics in one document written here (EMF allows 100). */
    static final int MAX_METRICS = 30;

    /** What follows the timestamp up to the first metric's directive: the directive's opening and namespace. */
    private final String directiveStart;
    /** The environment's properties, each {@code ,"name":"value"}; empty outside Lambda. */
    private final String properties;
    private final List<String> propertyNames;

    private EmfLineWriter(String namespace, Map<String, String> properties) {
        this.directiveStart = ",\"CloudWatchMetrics\":[{\"Namespace\":" + quoted(namespace) + ",\"Metrics\":[";
        StringBuilder p = new StringBuilder();
        properties.forEach((name, value) -> p.append(',').append(quoted(name)).append(':').append(quoted(value)));
        this.properties = p.toString();
        this.propertyNames = List.copyOf(properties.keySet());
    }

    /**
     * The writer for the environment {@code env} describes (variable name to value), or null where the EMF library
     * would not print to stdout, Powertools would print nothing ({@code POWERTOOLS_METRICS_DISABLED}) or would refuse
     * the namespace.
     */
    static EmfLineWriter forEnvironment(String namespace, Map<String, String> env) {
        if ("true".equalsIgnoreCase(env.get("POWERTOOLS_METRICS_DISABLED")) || namespace.length() > 255
                || !namespace.matches("[a-zA-Z0-9._#:/-]+")) {
            return null;
        }
        String override = env.get("AWS_EMF_ENVIRONMENT");
        boolean lambda;
        if (override == null || override.isEmpty()) {
            String function = env.get("AWS_LAMBDA_FUNCTION_NAME");
            if (function == null || function.isEmpty()) {
                return null; // the library probes for an agent
            }
            lambda = true;
        } else if (override.equals("Local")) {
            lambda = false;
        } else if (override.equals("Lambda")) {
            lambda = true;
        } else {
            return null;
        }
        return new EmfLineWriter(namespace, lambda ? lambdaProperties(env) : Map.of());
    }

    /** The properties the EMF library's Lambda environment puts in every document, from {@code env}. */
    static Map<String, String> lambdaProperties(Map<String, String> env) {
        Map<String, String> p = new LinkedHashMap<>();
        putIfSet(p, "executionEnvironment", env.get("AWS_EXECUTION_ENV"));
        putIfSet(p, "functionVersion", env.get("AWS_LAMBDA_FUNCTION_VERSION"));
        putIfSet(p, "logStreamId", env.get("AWS_LAMBDA_LOG_STREAM_NAME"));
        String trace = env.get("_X_AMZN_TRACE_ID");
        if (trace != null && trace.contains("Sampled=1")) {
            p.put("traceId", trace);
        }
        return p;
    }

    private static void putIfSet(Map<String, String> p, String name, String value) {
        if (value != null && !value.isEmpty()) {
            p.put(name, value);
        }
    }

    /**
     * Prints the document at {@code timestampMillis}, answering true, or answers false, printing nothing, when it is
     * one this writer leaves to Powertools.
     *
     * @param dimensionSets the document's dimension sets, each name to value in order
     * @param metrics by published name, the catalog metric whose unit it takes
     * @param values by published name, the value
     */
    boolean print(List<Map<String, String>> dimensionSets, Map<String, VigilMetric> metrics,
            Map<String, Double> values, long timestampMillis) {
        String line = line(dimensionSets, metrics, values, timestampMillis);
        if (line == null) {
            return false;
        }
        System.out.println(line);
        return true;
    }

    /** The line {@link #print} prints, or null when it would answer false. */
    String line(List<Map<String, String>> dimensionSets, Map<String, VigilMetric> metrics,
            Map<String, Double> values, long timestampMillis) {
        if (values.size() > MAX_METRICS) {
            return null;
        }
        StringBuilder out = new StringBuilder(256 + properties.length());
        out.append("{\"_aws\":{\"Timestamp\":").append(timestampMillis).append(directiveStart);
        boolean first = true;
        for (Map.Entry<String, VigilMetric> m : metrics.entrySet()) {
            if (propertyNames.contains(m.getKey())) {
                return null;
            }
            out.append(first ? "{\"Name\":\"" : ",{\"Name\":\"").append(m.getKey()).append("\",\"Unit\":\"")
                    .append(m.getValue().unit().cloudWatchName()).append("\"}");
            first = false;
        }
        out.append("],\"Dimensions\":[");
        Map<String, String> dimensionValues = new LinkedHashMap<>();
        for (int s = 0; s < dimensionSets.size(); s++) {
            Map<String, String> set = dimensionSets.get(s);
            if (set.size() > MAX_DIMENSIONS) {
                return null;
            }
            out.append(s == 0 ? "[" : ",[");
            boolean firstName = true;
            for (Map.Entry<String, String> d : set.entrySet()) {
                String name = d.getKey();
                String value = d.getValue();
                if (!plain(name) || !plain(value) || metrics.containsKey(name) || propertyNames.contains(name)) {
                    return null;
                }
                String earlier = dimensionValues.putIfAbsent(name, value);
                if (earlier != null && !earlier.equals(value)) {
                    return null; // one field cannot hold two values
                }
                out.append(firstName ? "\"" : ",\"").append(name).append('"');
                firstName = false;
            }
            out.append(']');
        }
        out.append("]}]}").append(properties);
        for (Map.Entry<String, Double> v : values.entrySet()) {
            double value = v.getValue();
            if (!Double.isFinite(value)) {
                return null;
            }
            out.append(",\"").append(v.getKey()).append("\":").append(value);
        }
        dimensionValues.forEach((name, value) -> out.append(",\"").append(name).append("\":\"").append(value)
                .append('"'));
        return out.append('}').toString();
    }

    /** True for 1 to {@value #MAX_TEXT} characters of {@code [A-Za-z0-9._-/#@+=:]}, the first not a colon. */
    static boolean plain(String s) {
        if (s.isEmpty() || s.length() > MAX_TEXT || s.charAt(0) == ':') {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == '-' || c == '/' || c == '#' || c == '@' || c == '+' || c == '='
                    || c == ':';
            if (!allowed) {
                return false;
            }
        }
        return true;
    }

    private static String quoted(String s) {
        try {
            return Json.MAPPER.writeValueAsString(s);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
