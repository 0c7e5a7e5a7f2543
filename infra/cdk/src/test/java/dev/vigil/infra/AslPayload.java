package dev.vigil.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * What a Lambda task of a synthesized state machine sends to its function, computed the way Step Functions does for
 * the JSONPath constructs Vigil's definition uses: payload templates whose {@code "<key>.$"} fields take a path into
 * the state ({@code $}, {@code $.a.b}) or the context object ({@code $$.Execution.Name}, {@code $$.Execution.Input}),
 * and {@code States.JsonMerge(a, b, false)}. A path that does not exist fails, as it fails the execution.
 */
final class AslPayload {
    private static final String LAMBDA_INVOKE = ":states:::lambda:invoke";

    private AslPayload() {}

    /** The output of Pass state {@code pass} (its Parameters, no ResultPath) for input {@code state}. */
    static JsonNode passed(JsonNode pass, JsonNode state, String executionName, JsonNode executionInput) {
        if (pass.has("ResultPath") || pass.has("OutputPath") || pass.has("InputPath")) {
            throw new AssertionError("only Parameters are modelled for Pass states: " + pass);
        }
        return render(pass.path("Parameters"), state, context(executionName, executionInput));
    }

    /**
     * The payload {@code task} sends when its input is {@code state} during execution {@code name} of {@code input}.
     */
    static JsonNode sent(JsonNode task, JsonNode state, String executionName, JsonNode executionInput) {
        JsonNode context = context(executionName, executionInput);
        JsonNode parameters = task.path("Parameters");
        if (TemplateQueries.flatten(task.path("Resource")).endsWith(LAMBDA_INVOKE)) {
            // lambda:invoke integration: the payload is the Payload (or Payload.$) parameter.
            return parameters.has("Payload.$") ? evaluate(parameters.get("Payload.$").asText(), state, context)
                    : render(parameters.path("Payload"), state, context);
        }
        // The function's ARN as Resource: the parameters are the payload; without any, the state input is.
        return parameters.isMissingNode() ? state : render(parameters, state, context);
    }

    /** The fields a task's payload template names, with {@code .$} removed; empty when it passes its input on. */
    static List<String> templateFields(JsonNode task) {
        JsonNode parameters = task.path("Parameters");
        JsonNode template = TemplateQueries.flatten(task.path("Resource")).endsWith(LAMBDA_INVOKE)
                ? parameters.path("Payload") : parameters;
        List<String> fields = new ArrayList<>();
        template.fieldNames().forEachRemaining(f -> fields.add(f.replaceFirst("\\.\\$$", "")));
        return fields;
    }

    private static JsonNode context(String executionName, JsonNode executionInput) {
        ObjectNode context = JsonNodeFactory.instance.objectNode();
        context.putObject("Execution").put("Name", executionName).set("Input", executionInput);
        return context;
    }

    private static JsonNode render(JsonNode template, JsonNode state, JsonNode context) {
        if (!template.isObject()) {
            return template;
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        template.properties().forEach(field -> {
            if (field.getKey().endsWith(".$")) {
                out.set(field.getKey().substring(0, field.getKey().length() - 2),
                        evaluate(field.getValue().asText(), state, context));
            } else {
                out.set(field.getKey(), render(field.getValue(), state, context));
            }
        });
        return out;
    }

    private static JsonNode evaluate(String expression, JsonNode state, JsonNode context) {
        String e = expression.trim();
        if (e.startsWith("States.JsonMerge(") && e.endsWith(")")) {
            List<String> args = arguments(e.substring("States.JsonMerge(".length(), e.length() - 1));
            if (args.size() != 3 || !args.get(2).equals("false")) {
                throw new AssertionError("only shallow States.JsonMerge(a, b, false) is modelled: " + e);
            }
            JsonNode first = evaluate(args.get(0), state, context);
            JsonNode second = evaluate(args.get(1), state, context);
            if (!first.isObject() || !second.isObject()) {
                throw new AssertionError("States.JsonMerge needs two objects: " + e);
            }
            ObjectNode merged = ((ObjectNode) first).deepCopy();
            merged.setAll((ObjectNode) second);
            return merged;
        }
        if (e.startsWith("$$")) {
            return path(context, e.substring(2), e);
        }
        if (e.startsWith("$")) {
            return path(state, e.substring(1), e);
        }
        throw new AssertionError("not a path or a modelled intrinsic: " + e);
    }

    private static JsonNode path(JsonNode root, String rest, String expression) {
        JsonNode node = root;
        for (String step : rest.isEmpty() ? new String[0] : rest.substring(1).split("\\.")) {
            if (!rest.startsWith(".") || !node.has(step)) {
                throw new AssertionError("the path " + expression + " does not exist in " + root.toString());
            }
            node = node.get(step);
        }
        return node;
    }

    private static List<String> arguments(String text) {
        List<String> args = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                args.add(text.substring(start, i).trim());
                start = i + 1;
            }
        }
        args.add(text.substring(start).trim());
        return args;
    }
}
