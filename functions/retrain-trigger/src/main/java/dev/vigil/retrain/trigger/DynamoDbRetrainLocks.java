package dev.vigil.retrain.trigger;

import static dev.vigil.retrain.trigger.DynamoDbIdempotencyStore.millis;
import static dev.vigil.retrain.trigger.DynamoDbIdempotencyStore.n;
import static dev.vigil.retrain.trigger.DynamoDbIdempotencyStore.s;
import static dev.vigil.retrain.trigger.DynamoDbIdempotencyStore.text;

import dev.vigil.retrain.RetrainLocks;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/**
 * {@link RetrainLocks} as one item per model, {@code lock#<model>}, in the idempotency table. The item holds the
 * incident that owns it, the execution it started, when it started, until when it counts as in flight (removed on
 * completion) and until when the cooldown lasts; every change is a conditional write. Its TTL ({@code expiration})
 * is set a day past both deadlines, so idle models leave no items behind.
 */
public final class DynamoDbRetrainLocks implements RetrainLocks {
    static final String PREFIX = "lock#";
    private static final long GRACE_SECONDS = Duration.ofDays(1).toSeconds();

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDbRetrainLocks(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    private static Map<String, AttributeValue> key(String model) {
        return Map.of("id", s(PREFIX + model));
    }

    @Override
    public Acquisition acquire(String model, String holder, Instant now, Duration cooldown, Duration maxInFlight) {
        Instant inFlightUntil = now.plus(maxInFlight);
        Instant cooldownUntil = now.plus(cooldown);
        Map<String, AttributeValue> item = new HashMap<>(key(model));
        item.put("model", s(model));
        item.put("holder", s(holder));
        item.put("startedAt", n(now.toEpochMilli()));
        item.put("inFlightUntil", n(inFlightUntil.toEpochMilli()));
        item.put("cooldownUntil", n(cooldownUntil.toEpochMilli()));
        Instant lastDeadline = inFlightUntil.isAfter(cooldownUntil) ? inFlightUntil : cooldownUntil;
        item.put("expiration", n(lastDeadline.getEpochSecond() + GRACE_SECONDS));
        try {
            dynamo.putItem(b -> b.tableName(table).item(item)
                    .conditionExpression("attribute_not_exists(id) OR holder = :holder"
                            + " OR ((attribute_not_exists(inFlightUntil) OR inFlightUntil <= :now)"
                            + " AND cooldownUntil <= :now)")
                    .expressionAttributeValues(Map.of(":holder", s(holder), ":now", n(now.toEpochMilli())))
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
            return new Acquisition.Acquired();
        } catch (ConditionalCheckFailedException e) {
            Map<String, AttributeValue> old = e.hasItem() ? e.item()
                    : dynamo.getItem(b -> b.tableName(table).key(key(model)).consistentRead(true)).item();
            return blocked(old, now);
        }
    }

    private static Acquisition blocked(Map<String, AttributeValue> old, Instant now) {
        Instant inFlightUntil = millis(old, "inFlightUntil");
        if (inFlightUntil != null && inFlightUntil.isAfter(now)) {
            return new Acquisition.InFlight(text(old, "holder"), text(old, "executionId"), millis(old, "startedAt"),
                    inFlightUntil);
        }
        return new Acquisition.CoolingDown(text(old, "executionId"), millis(old, "startedAt"),
                millis(old, "cooldownUntil"));
    }

    @Override
    public void started(String model, String holder, String executionId) {
        dynamo.updateItem(b -> b.tableName(table).key(key(model))
                .updateExpression("SET executionId = :executionId")
                .conditionExpression("holder = :holder")
                .expressionAttributeValues(Map.of(":executionId", s(executionId), ":holder", s(holder))));
    }

    @Override
    public boolean complete(String model, String executionId, Instant now) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(key(model))
                    .updateExpression("REMOVE inFlightUntil SET completedAt = :now")
                    .conditionExpression("executionId = :executionId AND attribute_exists(inFlightUntil)")
                    .expressionAttributeValues(Map.of(":executionId", s(executionId), ":now", n(now.toEpochMilli()))));
            return true;
        } catch (ConditionalCheckFailedException notHolding) {
            return false;
        }
    }

    /**
     * Two conditional writes: when no run is in flight, the holder takes the item with a cooldown from now; when one
     * is, only its cooldown is extended. Neither shortens a longer cooldown.
     */
    @Override
    public void holdOff(String model, String holder, String executionId, Instant now, Duration cooldown,
                        Duration maxInFlight) {
        Instant until = now.plus(cooldown);
        Instant keep = until.isAfter(now.plus(maxInFlight)) ? until : now.plus(maxInFlight);
        Map<String, AttributeValue> values = Map.of(":now", n(now.toEpochMilli()), ":until", n(until.toEpochMilli()),
                ":expiration", n(keep.getEpochSecond() + GRACE_SECONDS));
        Map<String, AttributeValue> item = new HashMap<>(key(model));
        item.put("model", s(model));
        item.put("holder", s(holder));
        item.put("executionId", s(executionId));
        item.put("startedAt", n(now.toEpochMilli()));
        item.put("cooldownUntil", n(until.toEpochMilli()));
        item.put("expiration", values.get(":expiration"));
        try {
            dynamo.putItem(b -> b.tableName(table).item(item)
                    .conditionExpression("attribute_not_exists(id) OR ((attribute_not_exists(inFlightUntil)"
                            + " OR inFlightUntil <= :now) AND cooldownUntil < :until)")
                    .expressionAttributeValues(Map.of(":now", values.get(":now"), ":until", values.get(":until"))));
            return;
        } catch (ConditionalCheckFailedException runInFlightOrLongerCooldown) {
            // Extend the cooldown of the run in flight below, if it is shorter.
        }
        try {
            dynamo.updateItem(b -> b.tableName(table).key(key(model))
                    .updateExpression("SET cooldownUntil = :until, expiration = :expiration")
                    .conditionExpression("inFlightUntil > :now AND cooldownUntil < :until")
                    .expressionAttributeValues(values));
        } catch (ConditionalCheckFailedException longerCooldown) {
            // The cooldown already lasts at least as long.
        }
    }

    @Override
    public void release(String model, String holder) {
        try {
            dynamo.deleteItem(b -> b.tableName(table).key(key(model))
                    .conditionExpression("holder = :holder")
                    .expressionAttributeValues(Map.of(":holder", s(holder))));
        } catch (ConditionalCheckFailedException notHolding) {
            // Someone else holds the lock now; nothing of ours to give back.
        }
    }
}
