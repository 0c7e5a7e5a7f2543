package dev.vigil.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The emulator makes each conditional write atomic, as AWS does, so the suite's concurrency tests (one retrain per
 * incident, one champion per promotion) prove Vigil's logic rather than the emulator's luck.
 */
@ExtendWith(AwsEmulator.class)
class EmulatorConditionalWriteTest {
    private static final int WRITERS = 20;

    @Test
    void twentyConcurrentClaimsOfOneDynamoDbItemLetExactlyOneSucceed(Emulator emulator) throws Exception {
        String table = emulator.uniqueName("claims");
        try (DynamoDbClient dynamo = emulator.configure(DynamoDbClient.builder())
                .httpClient(UrlConnectionHttpClient.create()).build()) {
            dynamo.createTable(b -> b.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                    .keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build())
                    .attributeDefinitions(AttributeDefinition.builder()
                            .attributeName("id").attributeType(ScalarAttributeType.S).build()));
            for (int round = 0; round < 20; round++) {
                String id = "incident#" + round;
                List<String> answers = concurrently(writer -> () -> {
                    try {
                        dynamo.putItem(b -> b.tableName(table)
                                .item(Map.of("id", AttributeValue.fromS(id),
                                        "writer", AttributeValue.fromN("" + writer)))
                                .conditionExpression("attribute_not_exists(id)"));
                        return "claimed";
                    } catch (ConditionalCheckFailedException e) {
                        return "refused";
                    }
                });
                assertEquals(1, answers.stream().filter("claimed"::equals).count(), "round " + round + ": " + answers);
            }
        }
    }

    @Test
    void twentyConcurrentCreateOnlyPutsOfOneS3KeyLetExactlyOneSucceed(Emulator emulator) throws Exception {
        String bucket = emulator.createBucket("atomic");
        List<String> answers = concurrently(writer -> () -> {
            try {
                emulator.s3().putObject(b -> b.bucket(bucket).key("champion.json").ifNoneMatch("*"),
                        RequestBody.fromString("writer " + writer));
                return "written";
            } catch (S3Exception e) {
                return "refused " + e.statusCode();
            }
        });
        assertEquals(1, answers.stream().filter("written"::equals).count(), "answers: " + answers);
        assertEquals(WRITERS - 1, answers.stream().filter("refused 412"::equals).count(), "answers: " + answers);
    }

    private interface Writer {
        Callable<String> write(int writer);
    }

    private static List<String> concurrently(Writer writer) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        try {
            List<Future<String>> pending = new ArrayList<>();
            for (int i = 0; i < WRITERS; i++) {
                Callable<String> write = writer.write(i);
                pending.add(pool.submit(() -> {
                    start.await();
                    return write.call();
                }));
            }
            start.countDown();
            List<String> answers = new ArrayList<>();
            for (Future<String> answer : pending) {
                answers.add(answer.get());
            }
            return answers;
        } finally {
            pool.shutdownNow();
        }
    }
}
