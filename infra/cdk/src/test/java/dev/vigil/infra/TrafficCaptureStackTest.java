package dev.vigil.infra;

import static dev.vigil.infra.TemplateQueries.actions;
import static dev.vigil.infra.TemplateQueries.flatten;
import static dev.vigil.infra.TemplateQueries.referencedIds;
import static dev.vigil.infra.TemplateQueries.resourcesOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.capture.CapturePolicy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The capture path the main configuration synthesizes to: bucket, key, delivery stream, subscription, the roles of
 * the two services and of evaluate, and that predict can read none of it. The emulator cannot show any of this
 * (moto ignores processors, prefixes, compression, buffering, encryption, filter patterns and IAM), so the template
 * is where it is pinned.
 */
class TrafficCaptureStackTest {
    private static TemplateQueries q;
    private static JsonNode json;
    private static String bucket;
    private static String key;
    private static String stream;
    private static String predictLogs;

    @BeforeAll
    static void synthesize() {
        SynthesizedVigil synth = SynthesizedVigil.of(SynthesizedVigil.MAIN_CONFIG);
        json = synth.json;
        q = new TemplateQueries(json);
        bucket = q.logicalId("AWS::S3::Bucket", "TrafficCaptureCaptureBucket");
        key = q.logicalId("AWS::KMS::Key", "TrafficCaptureCaptureKey");
        stream = q.logicalId("AWS::KinesisFirehose::DeliveryStream", "TrafficCaptureCaptureStream");
        predictLogs = q.logicalId("AWS::Logs::LogGroup", "FunctionsPredictLogs");
    }

    @Test
    void theCaptureBucketIsKmsEncryptedPrivateTlsOnlyLoggedExpiresItsPrefixesAndIsRetained() {
        JsonNode resource = q.resources("AWS::S3::Bucket").get(bucket);
        assertEquals("Retain", resource.path("DeletionPolicy").asText());
        JsonNode p = resource.path("Properties");
        JsonNode sse = p.path("BucketEncryption").path("ServerSideEncryptionConfiguration").get(0);
        assertEquals("aws:kms", sse.path("ServerSideEncryptionByDefault").path("SSEAlgorithm").asText());
        assertEquals(List.of(key), referencedIds(sse.path("ServerSideEncryptionByDefault").path("KMSMasterKeyID")));
        assertTrue(sse.path("BucketKeyEnabled").asBoolean(), "a bucket key keeps KMS calls per object down");
        assertEquals("{\"BlockPublicAcls\":true,\"BlockPublicPolicy\":true,\"IgnorePublicAcls\":true,"
                + "\"RestrictPublicBuckets\":true}", p.path("PublicAccessBlockConfiguration").toString());
        assertEquals(List.of(q.logicalId("AWS::S3::Bucket", "DataStoresAccessLogs")),
                referencedIds(p.path("LoggingConfiguration").path("DestinationBucketName")));
        Map<String, Integer> expiry = new TreeMap<>();
        p.path("LifecycleConfiguration").path("Rules")
                .forEach(r -> expiry.put(r.path("Prefix").asText(), r.path("ExpirationInDays").asInt()));
        assertEquals(Map.of("capture/", 30, "capture-errors/", 30, "joined/", 30), expiry,
                "capture.retentionDays of the test config");
        String policy = q.resources("AWS::S3::BucketPolicy").values().stream()
                .filter(bp -> referencedIds(bp.path("Properties").path("Bucket")).contains(bucket))
                .findFirst().orElseThrow().path("Properties").path("PolicyDocument").toString();
        assertTrue(policy.contains("\"aws:SecureTransport\":\"false\"") && policy.contains("\"Effect\":\"Deny\""),
                policy);
        JsonNode keyProps = q.resources("AWS::KMS::Key").get(key).path("Properties");
        assertTrue(keyProps.path("EnableKeyRotation").asBoolean());
        assertEquals("Retain", q.resources("AWS::KMS::Key").get(key).path("DeletionPolicy").asText());
    }

    @Test
    void theStreamDecompressesExtractsPartitionsWithJq16AppendsNewlinesInThatOrder() {
        JsonNode destination = CaptureSamples.destination(q);
        List<String> processors = new ArrayList<>();
        destination.path("ProcessingConfiguration").path("Processors")
                .forEach(pr -> processors.add(pr.path("Type").asText()));
        assertTrue(destination.path("ProcessingConfiguration").path("Enabled").asBoolean());
        assertEquals(List.of("Decompression", "CloudWatchLogProcessing", "MetadataExtraction",
                "AppendDelimiterToRecord"), processors);
        assertEquals("GZIP", CaptureSamples.processorParameter(destination, "Decompression", "CompressionFormat"));
        assertEquals("true", CaptureSamples.processorParameter(destination, "CloudWatchLogProcessing",
                "DataMessageExtraction"));
        assertEquals("{model: .model, dt: .served_at[0:10], hour: .served_at[11:13], bucket: .bucket}",
                CaptureSamples.processorParameter(destination, "MetadataExtraction", "MetadataExtractionQuery"));
        assertEquals("JQ-1.6", CaptureSamples.processorParameter(destination, "MetadataExtraction",
                "JsonParsingEngine"));
    }

    @Test
    void theStreamWritesGzippedCaptureLayoutPartitionsAndAnErrorPrefixEncryptedWithTheCaptureKey() {
        JsonNode destination = CaptureSamples.destination(q);
        assertEquals(List.of(bucket), referencedIds(destination.path("BucketARN")));
        assertEquals("capture/!{partitionKeyFromQuery:model}/dt=!{partitionKeyFromQuery:dt}"
                + "/hour=!{partitionKeyFromQuery:hour}/b=!{partitionKeyFromQuery:bucket}/",
                destination.path("Prefix").asText());
        assertEquals("capture-errors/!{firehose:error-output-type}/dt=!{timestamp:yyyy-MM-dd}/",
                destination.path("ErrorOutputPrefix").asText());
        assertEquals("GZIP", destination.path("CompressionFormat").asText());
        assertEquals(".jsonl.gz", destination.path("FileExtension").asText());
        assertEquals(300, destination.path("BufferingHints").path("IntervalInSeconds").asInt());
        assertTrue(destination.path("BufferingHints").path("SizeInMBs").asInt() >= 64,
                "dynamic partitioning needs a buffer of at least 64 MiB");
        assertTrue(destination.path("DynamicPartitioningConfiguration").path("Enabled").asBoolean());
        assertEquals(7200, destination.path("DynamicPartitioningConfiguration").path("RetryOptions")
                .path("DurationInSeconds").asInt());
        assertEquals(List.of(key), referencedIds(destination.path("EncryptionConfiguration")
                .path("KMSEncryptionConfig").path("AWSKMSKeyARN")));
        assertTrue(destination.path("CloudWatchLoggingOptions").path("Enabled").asBoolean());
        JsonNode streamProps = q.resources("AWS::KinesisFirehose::DeliveryStream").get(stream).path("Properties");
        assertEquals("DirectPut", streamProps.path("DeliveryStreamType").asText());
        assertEquals("CUSTOMER_MANAGED_CMK",
                streamProps.path("DeliveryStreamEncryptionConfigurationInput").path("KeyType").asText());
        assertEquals(List.of(key),
                referencedIds(streamProps.path("DeliveryStreamEncryptionConfigurationInput").path("KeyARN")));
    }

    @Test
    void onlyCaptureLinesOfPredictsEncryptedShortLivedLogGroupAreSubscribed() {
        JsonNode filter = q.one("AWS::Logs::SubscriptionFilter", "TrafficCapture").getValue().path("Properties");
        assertEquals("{ $.schema = \"vigil.capture.v1\" }", filter.path("FilterPattern").asText());
        assertEquals(List.of(predictLogs), referencedIds(filter.path("LogGroupName")));
        assertEquals(List.of(stream), referencedIds(filter.path("DestinationArn")));
        assertEquals(List.of(q.logicalId("AWS::IAM::Role", "TrafficCaptureSubscriptionRole")),
                referencedIds(filter.path("RoleArn")));
        assertEquals(TrafficCapture.FILTER_NAME, filter.path("FilterName").asText());
        JsonNode logs = q.resources("AWS::Logs::LogGroup").get(predictLogs).path("Properties");
        assertEquals(List.of(key), referencedIds(logs.path("KmsKeyId")));
        assertEquals(3, logs.path("RetentionInDays").asInt(), "capture.logRetentionDays' default");
        JsonNode subscriptionResource = q.one("AWS::Logs::SubscriptionFilter", "TrafficCapture").getValue();
        assertTrue(subscriptionResource.path("DependsOn").toString()
                .contains(q.logicalId("AWS::IAM::Policy", "TrafficCaptureSubscriptionRoleDefaultPolicy")),
                "the role's grant exists before CloudWatch Logs sends its test record");
    }

    @Test
    void onlyCloudWatchLogsForPredictsLogGroupMayAssumeTheSubscriptionRoleWhichOnlyPutsOnTheStream() {
        JsonNode trust = assumeRole("TrafficCaptureSubscriptionRole");
        assertEquals("logs.amazonaws.com", trust.path("Principal").path("Service").asText());
        assertEquals("{\"Ref\":\"AWS::AccountId\"}",
                trust.path("Condition").path("StringEquals").path("aws:SourceAccount").toString());
        List<String> sourceArns = new ArrayList<>();
        trust.path("Condition").path("ArnLike").path("aws:SourceArn").forEach(a -> sourceArns.add(flatten(a)));
        String logGroupArn = "arn:<AWS::Partition>:logs:<AWS::Region>:<AWS::AccountId>:log-group:<" + predictLogs
                + ">";
        assertEquals(List.of(logGroupArn, logGroupArn + ":*"), sourceArns, "predict's log group only");

        Map<String, Set<String>> granted = grants("TrafficCaptureSubscriptionRole");
        assertEquals(Map.of("<" + stream + ">", Set.of("firehose:PutRecord", "firehose:PutRecordBatch")), granted);
    }

    @Test
    void theDeliveryRoleIsFirehosesForThisAccountAndMayOnlyPutUnderItsTwoPrefixes() {
        JsonNode trust = assumeRole("TrafficCaptureDeliveryRole");
        assertEquals("firehose.amazonaws.com", trust.path("Principal").path("Service").asText());
        assertEquals("{\"Ref\":\"AWS::AccountId\"}",
                trust.path("Condition").path("StringEquals").path("sts:ExternalId").toString());

        Map<String, Set<String>> granted = grants("TrafficCaptureDeliveryRole");
        String deliveryLogs = q.logicalId("AWS::Logs::LogGroup", "TrafficCaptureDeliveryLogs");
        assertEquals(Map.of(
                "<" + bucket + ">/capture/*", Set.of("s3:PutObject", "s3:AbortMultipartUpload"),
                "<" + bucket + ">/capture-errors/*", Set.of("s3:PutObject", "s3:AbortMultipartUpload"),
                "<" + bucket + ">", Set.of("s3:GetBucketLocation", "s3:ListBucketMultipartUploads"),
                "<" + key + ">", Set.of("kms:GenerateDataKey", "kms:Decrypt"),
                "arn:<AWS::Partition>:logs:<AWS::Region>:<AWS::AccountId>:log-group:<" + deliveryLogs
                        + ">:log-stream:DestinationDelivery", Set.of("logs:PutLogEvents")), granted);
        JsonNode kms = q.statementsOfRole("TrafficCaptureDeliveryRole").stream()
                .filter(s -> actions(s).contains("kms:GenerateDataKey")).findFirst().orElseThrow();
        assertEquals("s3.<AWS::Region>.amazonaws.com",
                flatten(kms.path("Condition").path("StringEquals").path("kms:ViaService")));
    }

    @Test
    void theKeyLetsCloudWatchLogsEncryptOnlyThisAccountsLogGroups() {
        JsonNode logs = keyStatements(key).stream()
                .filter(s -> flatten(s.path("Principal").path("Service")).startsWith("logs.")).findFirst()
                .orElseThrow();
        assertEquals("logs.<AWS::Region>.amazonaws.com", flatten(logs.path("Principal").path("Service")));
        assertEquals("arn:<AWS::Partition>:logs:<AWS::Region>:<AWS::AccountId>:log-group:*",
                flatten(logs.path("Condition").path("ArnLike").path("kms:EncryptionContext:aws:logs:arn")));
        for (JsonNode statement : keyStatements(key)) {
            String principal = statement.path("Principal").toString();
            assertTrue(principal.contains("logs.") || principal.contains(":root"),
                    "only the account and CloudWatch Logs are in the capture key's policy: " + statement);
        }
    }

    @Test
    void evaluateGetsTheCaptureBucketAndItsBucketCountAndMayReadCaptureAndArrivedLabelsOnly() {
        JsonNode evaluateEnv = env("FunctionsEvaluate");
        JsonNode predictEnv = env("FunctionsPredict");
        assertEquals(List.of(bucket), referencedIds(evaluateEnv.path("VIGIL_CAPTURE_BUCKET")));
        assertEquals("8", evaluateEnv.path("VIGIL_CAPTURE_BUCKETS").asText());
        assertEquals(predictEnv.path("VIGIL_CAPTURE_BUCKETS"), evaluateEnv.path("VIGIL_CAPTURE_BUCKETS"),
                "evaluate reads the buckets predict writes");
        CapturePolicy policy = CapturePolicy.parse(predictEnv.path("VIGIL_CAPTURE_POLICY").asText());
        assertEquals(List.of("email"), policy.forModel("churn").drop(), "the model's capture config, rendered");
        assertEquals(List.of("postcode"), policy.forModel("churn").pseudonymise());
        assertEquals(CapturePolicy.ModelPolicy.WHOLE, policy.forModel("price"));

        Map<String, Set<String>> granted = grants("FunctionsEvaluateRole");
        String data = q.logicalId("AWS::S3::Bucket", "DataStoresData");
        assertEquals(Set.of("s3:GetObject"), granted.get("<" + bucket + ">/capture/*"));
        assertEquals(Set.of("s3:GetObject"), granted.get("<" + data + ">/ground-truth/*"));
        assertEquals(Set.of("kms:Decrypt"), granted.get("<" + key + ">"));
        assertEquals(Set.of("s3:ListBucket"), granted.get("<" + bucket + ">"));
        granted.keySet().stream().filter(r -> r.startsWith("<" + bucket + ">/"))
                .forEach(r -> assertEquals("<" + bucket + ">/capture/*", r, "evaluate reads capture/ only"));
        for (JsonNode statement : q.statementsOfRole("FunctionsEvaluateRole")) {
            if (actions(statement).contains("s3:ListBucket")
                    && referencedIds(statement.path("Resource")).contains(bucket)) {
                assertEquals("[\"capture/*\"]", statement.path("Condition").path("StringLikeIfExists")
                        .path("s3:prefix").toString());
            }
            if (referencedIds(statement.path("Resource")).contains(data) && actions(statement).contains(
                    "s3:ListBucket")) {
                assertTrue(statement.path("Condition").toString().contains("ground-truth/*"), statement.toString());
            }
        }
    }

    @Test
    void predictCanNeitherReadTheCaptureBucketNorUseTheCaptureKey() {
        for (JsonNode statement : q.statementsOfRole("FunctionsPredictRole")) {
            List<String> ids = referencedIds(statement.path("Resource"));
            assertFalse(ids.contains(bucket), "predict's role names the capture bucket: " + statement);
            assertFalse(ids.contains(key), "predict's role names the capture key: " + statement);
            assertTrue(actions(statement).stream().noneMatch(a -> a.startsWith("kms:")
                    || a.startsWith("firehose:")), statement.toString());
        }
        String predictRole = q.logicalId("AWS::IAM::Role", "FunctionsPredictRole");
        for (JsonNode statement : keyStatements(key)) {
            assertFalse(referencedIds(statement.path("Principal")).contains(predictRole), statement.toString());
        }
        String policy = q.resources("AWS::S3::BucketPolicy").values().stream()
                .filter(bp -> referencedIds(bp.path("Properties").path("Bucket")).contains(bucket))
                .findFirst().orElseThrow().path("Properties").path("PolicyDocument").toString();
        assertFalse(policy.contains(predictRole), "the bucket policy grants predict nothing");
        for (JsonNode statement : q.allStatements()) {
            boolean onCapture = resourcesOf(statement).stream().anyMatch(r -> referencedIds(r).contains(bucket)
                    || referencedIds(r).contains(key));
            if (onCapture) {
                assertTrue(actions(statement).stream().noneMatch(a -> a.equals("s3:DeleteObject")),
                        "nothing deletes captured records but the lifecycle: " + statement);
            }
        }
    }

    @Test
    void withCaptureOffThereIsNoStreamAndPredictSamplesNothing() {
        SynthesizedVigil off = SynthesizedVigil.of(SynthesizedVigil.JWT_CONFIG);
        TemplateQueries offQ = new TemplateQueries(off.json);
        assertTrue(offQ.resources("AWS::KinesisFirehose::DeliveryStream").isEmpty());
        assertTrue(offQ.resources("AWS::Logs::SubscriptionFilter").isEmpty());
        assertEquals(4, offQ.resources("AWS::S3::Bucket").size());
        JsonNode predictEnv = offQ.one("AWS::Lambda::Function", "FunctionsPredict").getValue().path("Properties")
                .path("Environment").path("Variables");
        CapturePolicy policy = CapturePolicy.parse(predictEnv.path("VIGIL_CAPTURE_POLICY").asText());
        assertEquals(0.0, policy.forModel("iris").sampleRate());
        assertTrue(offQ.one("AWS::Lambda::Function", "FunctionsEvaluate").getValue().path("Properties")
                .path("Environment").path("Variables").path("VIGIL_CAPTURE_BUCKET").isMissingNode());
        assertTrue(off.json.path("Outputs").path("CaptureBucket").isMissingNode());
    }

    @Test
    void theStackOutputsTheCaptureBucketAndStream() {
        assertEquals(List.of(bucket), referencedIds(json.path("Outputs").path("CaptureBucket").path("Value")));
        assertEquals(List.of(stream), referencedIds(json.path("Outputs").path("CaptureStream").path("Value")));
    }

    /** The one sts:AssumeRole statement of the role whose logical id starts with {@code rolePrefix}. */
    private static JsonNode assumeRole(String rolePrefix) {
        JsonNode statements = q.one("AWS::IAM::Role", rolePrefix).getValue().path("Properties")
                .path("AssumeRolePolicyDocument").path("Statement");
        assertEquals(1, statements.size(), statements.toString());
        assertEquals("sts:AssumeRole", statements.get(0).path("Action").asText());
        return statements.get(0);
    }

    /** Flattened resource to the actions granted on it, over every statement of a role. */
    private static Map<String, Set<String>> grants(String rolePrefix) {
        Map<String, Set<String>> granted = new HashMap<>();
        for (JsonNode statement : q.statementsOfRole(rolePrefix)) {
            assertEquals("Allow", statement.path("Effect").asText());
            for (JsonNode resource : resourcesOf(statement)) {
                granted.computeIfAbsent(flatten(resource), r -> new TreeSet<>()).addAll(actions(statement));
            }
        }
        granted.remove("*");
        return granted;
    }

    private static List<JsonNode> keyStatements(String keyId) {
        List<JsonNode> statements = new ArrayList<>();
        q.resources("AWS::KMS::Key").get(keyId).path("Properties").path("KeyPolicy").path("Statement")
                .forEach(statements::add);
        return statements;
    }

    private static JsonNode env(String prefix) {
        return q.one("AWS::Lambda::Function", prefix).getValue().path("Properties").path("Environment")
                .path("Variables");
    }

    @Test
    void aModelThatPseudonymisesGetsAGeneratedKeyOnlyPredictMayRead() {
        String secret = q.logicalId("AWS::SecretsManager::Secret", "FunctionsCaptureHmacKey");
        JsonNode predictEnv = env("FunctionsPredict");
        assertEquals(List.of(secret), referencedIds(predictEnv.path("VIGIL_CAPTURE_KEY_SECRET")),
                "predict is told the secret's ARN, never the key");
        boolean predictReads = false;
        for (JsonNode statement : q.allStatements()) {
            if (referencedIds(statement.path("Resource")).contains(secret)) {
                assertTrue(actions(statement).contains("secretsmanager:GetSecretValue"), statement.toString());
                predictReads = true;
            }
        }
        assertTrue(predictReads, "predict may read the key");
        for (String role : List.of("FunctionsEvaluateRole", "FunctionsRetrainTriggerRole")) {
            for (JsonNode statement : q.statementsOfRole(role)) {
                assertFalse(referencedIds(statement.path("Resource")).contains(secret), role + " reads the key");
            }
        }
        SynthesizedVigil off = SynthesizedVigil.of(SynthesizedVigil.JWT_CONFIG);
        assertTrue(new TemplateQueries(off.json).resources("AWS::SecretsManager::Secret").isEmpty(),
                "no model pseudonymises, so no key");
    }
}
