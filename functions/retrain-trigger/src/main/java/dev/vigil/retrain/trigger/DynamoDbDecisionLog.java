package dev.vigil.retrain.trigger;

import static dev.vigil.retrain.trigger.DynamoDbIdempotencyStore.s;
import static dev.vigil.retrain.trigger.DynamoDbIdempotencyStore.text;

import dev.vigil.retrain.DecisionLog;
import dev.vigil.retrain.RetrainDecision;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@link DecisionLog} on the audit table: partition key {@code model} (S), sort key {@code sk} (S) =
 * {@code at#<instant, UTC, fixed millisecond precision>#<decision id>}, so a query in reverse key order lists a
 * model's decisions newest first. A rollback adds {@code rolledBackFrom}, {@code rolledBackTo}, {@code promotedAt}
 * and {@code rolledBackAt}.
 */
public final class DynamoDbDecisionLog implements DecisionLog {
    private static final DateTimeFormatter SORTABLE =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDbDecisionLog(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /** The sort key of a decision made at {@code at}. */
    static String sortKey(Instant at, String id) {
        return "at#" + SORTABLE.format(at) + "#" + id;
    }

    @Override
    public void record(RetrainDecision d) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("model", s(d.model()));
        item.put("sk", s(sortKey(d.at(), d.id())));
        item.put("id", s(d.id()));
        item.put("decision", s(d.kind().name()));
        item.put("at", s(d.at().toString()));
        item.put("reason", s(d.reason()));
        put(item, "backend", d.backend());
        put(item, "executionId", d.executionId());
        put(item, "championVersion", d.championVersion());
        put(item, "alarm", d.alarmName());
        put(item, "notificationId", d.notificationId());
        put(item, "incidentKey", d.incidentKey());
        if (d.rollback() != null) {
            item.put("rolledBackFrom", s(d.rollback().fromVersion()));
            item.put("rolledBackTo", s(d.rollback().toVersion()));
            item.put("promotedAt", s(d.rollback().promotedAt().toString()));
            item.put("rolledBackAt", s(d.rollback().rolledBackAt().toString()));
        }
        dynamo.putItem(b -> b.tableName(table).item(item));
    }

    private static void put(Map<String, AttributeValue> item, String name, String value) {
        if (value != null) {
            item.put(name, s(value));
        }
    }

    @Override
    public List<RetrainDecision> list(String model, int limit) {
        return dynamo.query(b -> b.tableName(table)
                        .keyConditionExpression("#model = :model AND begins_with(sk, :at)")
                        .expressionAttributeNames(Map.of("#model", "model"))
                        .expressionAttributeValues(Map.of(":model", s(model), ":at", s("at#")))
                        .scanIndexForward(false)
                        .limit(limit))
                .items().stream()
                .map(DynamoDbDecisionLog::decision)
                .toList();
    }

    private static RetrainDecision decision(Map<String, AttributeValue> item) {
        RetrainDecision.Rollback rollback = text(item, "rolledBackFrom") == null ? null
                : new RetrainDecision.Rollback(text(item, "rolledBackFrom"), text(item, "rolledBackTo"),
                        Instant.parse(text(item, "promotedAt")), Instant.parse(text(item, "rolledBackAt")));
        return new RetrainDecision(text(item, "id"), RetrainDecision.Kind.valueOf(text(item, "decision")),
                text(item, "model"), Instant.parse(text(item, "at")), text(item, "reason"), text(item, "backend"),
                text(item, "executionId"), text(item, "championVersion"), text(item, "alarm"),
                text(item, "notificationId"), text(item, "incidentKey"), rollback);
    }
}
