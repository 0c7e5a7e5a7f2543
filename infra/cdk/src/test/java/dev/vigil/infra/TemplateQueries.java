package dev.vigil.infra;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

/** Small read-only queries over a synthesized template's JSON, for checks the assertions API makes awkward. */
final class TemplateQueries {
    private final JsonNode template;

    TemplateQueries(JsonNode template) {
        this.template = template;
    }

    /** Logical id to resource node, for every resource of {@code type}. */
    Map<String, JsonNode> resources(String type) {
        Map<String, JsonNode> found = new LinkedHashMap<>();
        template.path("Resources").properties().forEach(e -> {
            if (e.getValue().path("Type").asText().equals(type)) {
                found.put(e.getKey(), e.getValue());
            }
        });
        return found;
    }

    /** The one resource of {@code type} whose logical id starts with {@code prefix}. */
    Map.Entry<String, JsonNode> one(String type, String prefix) {
        List<Map.Entry<String, JsonNode>> matches = resources(type).entrySet().stream()
                .filter(e -> e.getKey().startsWith(prefix)).toList();
        if (matches.size() != 1) {
            throw new AssertionError("expected one " + type + " with logical id " + prefix + "*, found "
                    + matches.stream().map(Map.Entry::getKey).toList());
        }
        return matches.get(0);
    }

    String logicalId(String type, String prefix) {
        return one(type, prefix).getKey();
    }

    /** Every statement of the IAM policies attached to the role whose logical id starts with {@code rolePrefix}. */
    List<JsonNode> statementsOfRole(String rolePrefix) {
        String role = logicalId("AWS::IAM::Role", rolePrefix);
        List<JsonNode> statements = new ArrayList<>();
        resources("AWS::IAM::Policy").values().forEach(policy -> {
            boolean attached = StreamSupport.stream(policy.path("Properties").path("Roles").spliterator(), false)
                    .anyMatch(r -> r.path("Ref").asText().equals(role));
            if (attached) {
                policy.path("Properties").path("PolicyDocument").path("Statement").forEach(statements::add);
            }
        });
        one("AWS::IAM::Role", rolePrefix).getValue().path("Properties").path("Policies")
                .forEach(p -> p.path("PolicyDocument").path("Statement").forEach(statements::add));
        return statements;
    }

    /** Every statement of every IAM policy and role inline policy in the template. */
    List<JsonNode> allStatements() {
        List<JsonNode> statements = new ArrayList<>();
        resources("AWS::IAM::Policy").values().forEach(p ->
                p.path("Properties").path("PolicyDocument").path("Statement").forEach(statements::add));
        resources("AWS::IAM::Role").values().forEach(r -> r.path("Properties").path("Policies").forEach(p ->
                p.path("PolicyDocument").path("Statement").forEach(statements::add)));
        return statements;
    }

    static List<String> actions(JsonNode statement) {
        return strings(statement.path("Action"));
    }

    static List<JsonNode> resourcesOf(JsonNode statement) {
        JsonNode r = statement.path("Resource");
        List<JsonNode> list = new ArrayList<>();
        if (r.isArray()) {
            r.forEach(list::add);
        } else {
            list.add(r);
        }
        return list;
    }

    static List<String> strings(JsonNode node) {
        List<String> list = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(n -> list.add(n.asText()));
        } else if (!node.isMissingNode()) {
            list.add(node.asText());
        }
        return list;
    }

    /** The logical ids a value refers to through Ref or Fn::GetAtt, anywhere inside it. */
    static List<String> referencedIds(JsonNode value) {
        List<String> ids = new ArrayList<>();
        collect(value, ids);
        return ids;
    }

    private static void collect(JsonNode node, List<String> ids) {
        if (node.isObject()) {
            if (node.has("Ref")) {
                ids.add(node.get("Ref").asText());
            }
            if (node.has("Fn::GetAtt")) {
                ids.add(node.get("Fn::GetAtt").get(0).asText());
            }
            node.forEach(child -> collect(child, ids));
        } else if (node.isArray()) {
            node.forEach(child -> collect(child, ids));
        }
    }

    /** A Fn::Join of strings and references, flattened with references shown as {@code <LogicalId>}. */
    static String flatten(JsonNode value) {
        if (value.isTextual()) {
            return value.asText();
        }
        if (value.has("Fn::Join")) {
            StringBuilder text = new StringBuilder();
            value.get("Fn::Join").get(1).forEach(part -> text.append(flatten(part)));
            return text.toString();
        }
        List<String> ids = referencedIds(value);
        return ids.isEmpty() ? value.toString() : "<" + ids.get(0) + ">";
    }
}
