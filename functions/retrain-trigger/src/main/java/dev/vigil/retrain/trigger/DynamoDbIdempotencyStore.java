package dev.vigil.retrain.trigger;

import dev.vigil.retrain.AlarmNotification;
import dev.vigil.retrain.IdempotencyStore;
import dev.vigil.retrain.RetrainDecision;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/**
 * {@link IdempotencyStore} on a DynamoDB table with partition key {@code id} (S) and TTL attribute
 * {@code expiration} (epoch seconds); items are {@code incident#<incident key>}.
 *
 * <p>This plays the role of Powertools Idempotency, which is not used: v2's idempotency modules are not available
 * to this build, and v1 (end of life since 2025-12-12) needs AspectJ compile-time weaving and shares
 * {@code powertools-serialization} with the v2 logging and metrics modules, so one of them would run against a
 * version it was not built for. The record follows Powertools' design: a conditional put claims the key
 * ({@code attribute_not_exists(id)}, or an expired record, or an unfinished claim whose in-progress expiry passed),
 * the claim is completed with the outcome, or deleted after a failure so the redelivery is processed again.
 */
public final class DynamoDbIdempotencyStore implements IdempotencyStore {
    static final String PREFIX = "incident#";
    private static final String IN_PROGRESS = "IN_PROGRESS";
    private static final String COMPLETED = "COMPLETED";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDbIdempotencyStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public Claim claim(String key, AlarmNotification alarm, Instant now, Instant claimExpiresAt, Instant keepUntil) {
        String token = UUID.randomUUID().toString();
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("id", s(PREFIX + key));
        item.put("status", s(IN_PROGRESS));
        item.put("token", s(token));
        item.put("model", s(alarm.model()));
        item.put("alarm", s(alarm.alarmName()));
        item.put("notificationId", s(alarm.notificationId()));
        item.put("inProgressExpiry", n(claimExpiresAt.toEpochMilli()));
        item.put("expiration", n(keepUntil.getEpochSecond()));
        try {
            dynamo.putItem(b -> b.tableName(table).item(item)
                    .conditionExpression("attribute_not_exists(id) OR expiration <= :nowSeconds"
                            + " OR (#status = :inProgress AND inProgressExpiry <= :nowMillis)")
                    .expressionAttributeNames(Map.of("#status", "status"))
                    .expressionAttributeValues(Map.of(
                            ":nowSeconds", n(now.getEpochSecond()),
                            ":nowMillis", n(now.toEpochMilli()),
                            ":inProgress", s(IN_PROGRESS)))
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
            return new Claim.Claimed(token);
        } catch (ConditionalCheckFailedException e) {
            Map<String, AttributeValue> old = e.hasItem() ? e.item()
                    : dynamo.getItem(b -> b.tableName(table).key(Map.of("id", s(PREFIX + key))).consistentRead(true)).item();
            return seen(old);
        }
    }

    private static Claim.Seen seen(Map<String, AttributeValue> old) {
        if (old == null || old.isEmpty()) {
            return new Claim.Seen(false, null, null);
        }
        boolean completed = COMPLETED.equals(text(old, "status"));
        String outcome = text(old, "outcome");
        return new Claim.Seen(completed, outcome == null ? null : RetrainDecision.Kind.valueOf(outcome),
                text(old, "executionId"));
    }

    @Override
    public void complete(String key, String token, RetrainDecision decision, Instant keepUntil) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":completed", s(COMPLETED));
        values.put(":outcome", s(decision.kind().name()));
        values.put(":expiration", n(keepUntil.getEpochSecond()));
        values.put(":token", s(token));
        String update = "SET #status = :completed, outcome = :outcome, expiration = :expiration";
        if (decision.executionId() != null) {
            values.put(":executionId", s(decision.executionId()));
            update += ", executionId = :executionId";
        }
        String expression = update;
        try {
            dynamo.updateItem(b -> b.tableName(table).key(Map.of("id", s(PREFIX + key)))
                    .updateExpression(expression)
                    .conditionExpression("#token = :token")
                    .expressionAttributeNames(Map.of("#status", "status", "#token", "token"))
                    .expressionAttributeValues(values));
        } catch (ConditionalCheckFailedException lostClaim) {
            // Another delivery took the claim over after this one outlived its processing limit; its record stands.
        }
    }

    @Override
    public void release(String key, String token) {
        try {
            dynamo.deleteItem(b -> b.tableName(table).key(Map.of("id", s(PREFIX + key)))
                    .conditionExpression("#token = :token")
                    .expressionAttributeNames(Map.of("#token", "token"))
                    .expressionAttributeValues(Map.of(":token", s(token))));
        } catch (ConditionalCheckFailedException lostClaim) {
            // Another delivery owns the record now; leave it.
        }
    }

    static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    static String text(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }

    static Instant millis(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || value.n() == null ? null : Instant.ofEpochMilli(Long.parseLong(value.n()));
    }
}
