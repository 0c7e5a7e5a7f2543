package dev.vigil.infra;

import static dev.vigil.infra.TemplateQueries.actions;
import static dev.vigil.infra.TemplateQueries.flatten;
import static dev.vigil.infra.TemplateQueries.referencedIds;
import static dev.vigil.infra.TemplateQueries.resourcesOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.alarms.AlarmCategory;
import dev.vigil.alarms.AlarmOn;
import dev.vigil.alarms.AlarmRule;
import dev.vigil.alarms.AlarmRules;
import dev.vigil.alarms.QualityAlarms;
import dev.vigil.config.ModelConfig;
import dev.vigil.config.VigilConfig;
import dev.vigil.config.VigilConfigFile;
import dev.vigil.metrics.Chart;
import dev.vigil.metrics.MetricBound;
import dev.vigil.settings.VigilSettings;
import dev.vigil.testkit.SampleEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** What the main configuration (two models, Step Functions retrain backend, IAM auth, e-mail) synthesizes to. */
class VigilStackTest {
    private static SynthesizedVigil synth;
    private static Template template;
    private static TemplateQueries q;
    private static VigilConfig config;

    @BeforeAll
    static void synthesize() {
        synth = SynthesizedVigil.of(SynthesizedVigil.MAIN_CONFIG);
        template = synth.template;
        q = new TemplateQueries(synth.json);
        config = VigilConfigFile.load(SynthesizedVigil.configPath(SynthesizedVigil.MAIN_CONFIG));
    }

    @Test
    void everyBucketBlocksPublicAccessEncryptsAndRefusesPlainHttp() {
        template.resourceCountIs("AWS::S3::Bucket", 5);
        template.resourcePropertiesCountIs("AWS::S3::Bucket", Match.objectLike(Map.of(
                "PublicAccessBlockConfiguration", Map.of("BlockPublicAcls", true, "BlockPublicPolicy", true,
                        "IgnorePublicAcls", true, "RestrictPublicBuckets", true),
                "BucketEncryption", Map.of("ServerSideEncryptionConfiguration", List.of(Map.of(
                        "ServerSideEncryptionByDefault", Map.of("SSEAlgorithm", "AES256")))))), 4);
        template.resourcePropertiesCountIs("AWS::S3::Bucket", Match.objectLike(Map.of(
                "PublicAccessBlockConfiguration", Map.of("BlockPublicAcls", true, "BlockPublicPolicy", true,
                        "IgnorePublicAcls", true, "RestrictPublicBuckets", true),
                "BucketEncryption", Map.of("ServerSideEncryptionConfiguration", List.of(Match.objectLike(Map.of(
                        "ServerSideEncryptionByDefault", Match.objectLike(Map.of("SSEAlgorithm", "aws:kms")))))))),
                1);
        for (var policy : q.resources("AWS::S3::BucketPolicy").values()) {
            String doc = policy.path("Properties").path("PolicyDocument").toString();
            assertTrue(doc.contains("\"aws:SecureTransport\":\"false\"") && doc.contains("\"Effect\":\"Deny\""),
                    "bucket policy must deny plain HTTP: " + doc);
        }
        template.resourceCountIs("AWS::S3::BucketPolicy", 5);
    }

    @Test
    void modelsAreVersionedReportsExpireAndDataBucketsLogAccess() {
        String accessLogs = q.logicalId("AWS::S3::Bucket", "DataStoresAccessLogs");
        JsonNode models = q.one("AWS::S3::Bucket", "DataStoresModels").getValue().path("Properties");
        assertEquals("Enabled", models.path("VersioningConfiguration").path("Status").asText());
        JsonNode reports = q.one("AWS::S3::Bucket", "DataStoresReports").getValue().path("Properties");
        Map<String, Integer> expiry = new HashMap<>();
        reports.path("LifecycleConfiguration").path("Rules")
                .forEach(r -> expiry.put(r.path("Prefix").asText(), r.path("ExpirationInDays").asInt()));
        assertEquals(Map.of("reports/", 365, "shards/", 7, "map-results/", 7), expiry);
        for (String bucket : List.of("DataStoresModels", "DataStoresData", "DataStoresReports")) {
            JsonNode logging =
                    q.one("AWS::S3::Bucket", bucket).getValue().path("Properties").path("LoggingConfiguration");
            assertEquals(List.of(accessLogs), referencedIds(logging.path("DestinationBucketName")), bucket);
        }
    }

    /**
     * The data bucket keeps previous versions of overwritten or deleted labelled data (a run's lineage names object
     * versions), and expires them so the bucket's cost stays bounded.
     */
    @Test
    void theDataBucketIsVersionedAndItsPreviousVersionsExpire() {
        JsonNode data = q.one("AWS::S3::Bucket", "DataStoresData").getValue().path("Properties");
        assertEquals("Enabled", data.path("VersioningConfiguration").path("Status").asText());
        List<Integer> noncurrent = new ArrayList<>();
        data.path("LifecycleConfiguration").path("Rules").forEach(r -> {
            if (r.path("Status").asText().equals("Enabled") && r.path("Prefix").isMissingNode()
                    && r.has("NoncurrentVersionExpiration")) {
                noncurrent.add(r.path("NoncurrentVersionExpiration").path("NoncurrentDays").asInt());
                assertTrue(r.path("ExpiredObjectDeleteMarker").asBoolean(), "lone delete markers are removed");
            }
        });
        assertEquals(List.of(DataStores.DATA_NONCURRENT_DAYS), noncurrent, "one rule over the whole bucket");
    }

    @Test
    void theAuditTableHasDeletionProtectionAndTheIdempotencyTableDoesNot() {
        String audit = q.logicalId("AWS::DynamoDB::Table", "DataStoresRetrainAudit");
        String idempotency = q.logicalId("AWS::DynamoDB::Table", "DataStoresIdempotency");
        assertTrue(q.resources("AWS::DynamoDB::Table").get(audit).path("Properties")
                .path("DeletionProtectionEnabled").asBoolean());
        assertFalse(q.resources("AWS::DynamoDB::Table").get(idempotency).path("Properties")
                .path("DeletionProtectionEnabled").asBoolean(), "its items expire; it is not the audit trail");
    }

    @Test
    void idempotencyItemsExpireAndTheAuditTableKeysDecisionsByModelAndTime() {
        template.hasResourceProperties("AWS::DynamoDB::Table", Map.of(
                "KeySchema", List.of(Map.of("AttributeName", "id", "KeyType", "HASH")),
                "TimeToLiveSpecification", Map.of("AttributeName", "expiration", "Enabled", true),
                "PointInTimeRecoverySpecification", Map.of("PointInTimeRecoveryEnabled", true),
                "BillingMode", "PAY_PER_REQUEST"));
        template.hasResourceProperties("AWS::DynamoDB::Table", Map.of(
                "KeySchema", List.of(Map.of("AttributeName", "model", "KeyType", "HASH"),
                        Map.of("AttributeName", "sk", "KeyType", "RANGE")),
                "PointInTimeRecoverySpecification", Map.of("PointInTimeRecoveryEnabled", true)));
        template.hasResource("AWS::DynamoDB::Table", Map.of("DeletionPolicy", "Retain",
                "Properties", Match.objectLike(Map.of("KeySchema", Match.arrayWith(List.of(
                        Map.of("AttributeName", "model", "KeyType", "HASH")))))));
    }

    @Test
    void functionsRunTheJarsOnJava21Arm64WithTracingSizingAndOwnLogGroups() {
        template.resourceCountIs("AWS::Lambda::Function", 5);
        Map<String, Object[]> expected = Map.of(
                "FunctionsPredict", new Object[] {VigilFunctions.PREDICT_HANDLER, 2048, 15},
                "FunctionsEvaluate", new Object[] {VigilFunctions.EVALUATE_HANDLER, 3008, 900},
                "FunctionsRetrainTrigger", new Object[] {VigilFunctions.RETRAIN_HANDLER, 1024, 60},
                "PredictCanaryPreTrafficCheck", new Object[] {PredictCanary.PRE_TRAFFIC_HANDLER, 1024, 120},
                "RetrainWorkflowFunction", new Object[] {RetrainWorkflow.HANDLER, RetrainWorkflow.MEMORY_MB, 900});
        expected.forEach((prefix, handlerMemoryTimeout) -> {
            JsonNode fn = q.one("AWS::Lambda::Function", prefix).getValue().path("Properties");
            assertEquals("java21", fn.path("Runtime").asText(), prefix);
            assertEquals("[\"arm64\"]", fn.path("Architectures").toString(), prefix);
            assertEquals("Active", fn.path("TracingConfig").path("Mode").asText(), prefix);
            assertEquals(handlerMemoryTimeout[0], fn.path("Handler").asText(), prefix);
            assertEquals(handlerMemoryTimeout[1], fn.path("MemorySize").asInt(), prefix);
            assertEquals(handlerMemoryTimeout[2], fn.path("Timeout").asInt(), prefix);
            List<String> logGroup = referencedIds(fn.path("LoggingConfig").path("LogGroup"));
            assertEquals(1, logGroup.size(), prefix);
            assertEquals(prefix.equals("FunctionsPredict") ? 3 : 30, q.resources("AWS::Logs::LogGroup")
                    .get(logGroup.get(0)).path("Properties").path("RetentionInDays").asInt(),
                    prefix + " (predict's log group holds capture lines: capture.logRetentionDays)");
            assertTrue(fn.path("Code").path("S3Key").asText().endsWith(".jar"), prefix + " deploys a jar asset");
        });
    }

    @Test
    void predictIsServedFromTheLiveAliasOfASnapStartVersion() {
        JsonNode predict = q.one("AWS::Lambda::Function", "FunctionsPredict").getValue().path("Properties");
        assertEquals("PublishedVersions", predict.path("SnapStart").path("ApplyOn").asText());
        template.resourceCountIs("AWS::Lambda::Version", 1);
        template.hasResourceProperties("AWS::Lambda::Alias", Map.of("Name", "live"));
        String alias = q.logicalId("AWS::Lambda::Alias", "FunctionsPredictLive");
        JsonNode integration = q.one("AWS::ApiGatewayV2::Integration", "PredictApi").getValue().path("Properties");
        assertEquals(List.of(alias), referencedIds(integration.path("IntegrationUri")));
        assertEquals("2.0", integration.path("PayloadFormatVersion").asText());
    }

    @Test
    void functionsGetTheEnvironmentTheTeamContractNames() {
        assertEnv("FunctionsPredict", Set.of("VIGIL_MODELS_BUCKET", "VIGIL_DATA_BUCKET", "VIGIL_METRICS_NAMESPACE",
                "VIGIL_CHAMPION_TTL_SECONDS", "VIGIL_MAX_INSTANCES", "VIGIL_MAX_BODY_BYTES", "VIGIL_PRELOAD_MODELS",
                "VIGIL_CAPTURE_BUCKETS", "VIGIL_CAPTURE_POLICY", "VIGIL_CAPTURE_KEY_SECRET", "POWERTOOLS_SERVICE_NAME",
                "POWERTOOLS_METRICS_NAMESPACE", "JAVA_TOOL_OPTIONS"));
        assertEquals("-XX:+TieredCompilation", env("FunctionsPredict").path("JAVA_TOOL_OPTIONS").asText(),
                "predict runs C2 after its SnapStart restore: the runtime's C1-only default about doubles a warm"
                        + " request");
        assertEnv("FunctionsEvaluate", Set.of("VIGIL_MODELS_BUCKET", "VIGIL_DATA_BUCKET", "VIGIL_REPORTS_BUCKET",
                "VIGIL_MODEL_NAME", "VIGIL_CAPTURE_BUCKET", "VIGIL_CAPTURE_BUCKETS", "VIGIL_METRICS_NAMESPACE",
                "POWERTOOLS_SERVICE_NAME", "POWERTOOLS_METRICS_NAMESPACE", "JAVA_TOOL_OPTIONS",
                "VIGIL_CONFIDENCE_LEVEL", "VIGIL_QUALITY_ALARMS"));
        assertEquals("-XX:+TieredCompilation", q.one("AWS::Lambda::Function", "FunctionsEvaluate").getValue()
                .path("Properties").path("Environment").path("Variables").path("JAVA_TOOL_OPTIONS").asText(),
                "evaluate is throughput-bound: full tiered compilation, not Lambda's C1-only default");
        assertEnv("FunctionsRetrainTrigger", Set.of("VIGIL_AUDIT_TABLE", "VIGIL_IDEMPOTENCY_TABLE",
                "VIGIL_RETRAIN_BACKEND", "VIGIL_RETRAIN_TARGET", "VIGIL_RETRAIN_COOLDOWN", "VIGIL_MODELS_BUCKET",
                "VIGIL_ROLLBACK_WINDOW", "VIGIL_NOTIFICATIONS_TOPIC",
                "VIGIL_DATA_BUCKET", "VIGIL_METRICS_NAMESPACE", "POWERTOOLS_SERVICE_NAME",
                "POWERTOOLS_METRICS_NAMESPACE"));
        JsonNode retrain = env("FunctionsRetrainTrigger");
        assertEquals("stepfunctions", retrain.path("VIGIL_RETRAIN_BACKEND").asText());
        assertEquals(config.retrain().target(), retrain.path("VIGIL_RETRAIN_TARGET").asText());
        assertEquals("PT6H", retrain.path("VIGIL_RETRAIN_COOLDOWN").asText());
        assertEquals("churn", env("FunctionsEvaluate").path("VIGIL_MODEL_NAME").asText());
        assertEquals("churn,price", env("FunctionsPredict").path("VIGIL_PRELOAD_MODELS").asText());
        assertEquals(List.of(q.logicalId("AWS::S3::Bucket", "DataStoresModels")),
                referencedIds(env("FunctionsPredict").path("VIGIL_MODELS_BUCKET")));
    }

    @Test
    void asyncFunctionsSendFailedInvocationsToEncryptedDeadLetterQueues() {
        for (String[] fnQueueRetries : new String[][] {{"FunctionsEvaluate", "FunctionsEvaluateFailures", "0"},
                {"FunctionsRetrainTrigger", "FunctionsRetrainTriggerFailures", "2"}}) {
            String fn = q.logicalId("AWS::Lambda::Function", fnQueueRetries[0]);
            String queue = q.logicalId("AWS::SQS::Queue", fnQueueRetries[1]);
            JsonNode config = q.resources("AWS::Lambda::EventInvokeConfig").values().stream()
                    .filter(c -> referencedIds(c.path("Properties").path("FunctionName")).contains(fn))
                    .findFirst().orElseThrow().path("Properties");
            assertEquals(List.of(queue), referencedIds(config.path("DestinationConfig").path("OnFailure")));
            assertEquals(Integer.parseInt(fnQueueRetries[2]), config.path("MaximumRetryAttempts").asInt(-1),
                    fnQueueRetries[0] + " (evaluate: a failed run is recorded, a retry would be a new run)");
        }
        template.resourcePropertiesCountIs("AWS::SQS::Queue", Map.of("SqsManagedSseEnabled", true), 2);
        q.resources("AWS::SQS::QueuePolicy").values().forEach(p -> assertTrue(
                p.path("Properties").toString().contains("\"aws:SecureTransport\":\"false\""), "queue denies HTTP"));
    }

    @Test
    void reservedConcurrencyCapsEvaluateAndRetrainTriggerButNotPredict() {
        assertEquals(10, fn("FunctionsEvaluate").path("ReservedConcurrentExecutions").asInt());
        assertEquals(2, fn("FunctionsRetrainTrigger").path("ReservedConcurrentExecutions").asInt());
        assertTrue(fn("FunctionsPredict").path("ReservedConcurrentExecutions").isMissingNode());
    }

    @Test
    void noIamStatementGrantsAWildcardAction() {
        for (JsonNode statement : q.allStatements()) {
            for (String action : actions(statement)) {
                assertFalse(action.contains("*"), "wildcard action " + action + " in " + statement);
            }
        }
    }

    /** Actions AWS authorizes only on Resource "*", each with the written reason in {@link VigilFunctions}. */
    private static final Set<String> RESOURCE_STAR_ONLY = Set.of(
            "xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets",
            "logs:CreateLogDelivery", "logs:DeleteLogDelivery", "logs:DescribeLogGroups",
            "logs:DescribeResourcePolicies", "logs:GetLogDelivery", "logs:ListLogDeliveries",
            "logs:PutResourcePolicy", "logs:UpdateLogDelivery");

    @Test
    void resourceStarAppearsOnlyForActionsWithoutResourceLevelPermissions() {
        for (JsonNode statement : q.allStatements()) {
            boolean star = resourcesOf(statement).stream().anyMatch(r -> r.isTextual() && r.asText().equals("*"));
            if (star) {
                assertTrue(RESOURCE_STAR_ONLY.containsAll(actions(statement)), "Resource * for " + statement);
            }
            assertFalse(actions(statement).contains("cloudwatch:PutMetricData"),
                    "every function publishes metrics as EMF log lines: " + statement);
        }
    }

    @Test
    void predictReadsOnlyTheModelsBucketAndMayOnlyAddArrivedLabels() {
        Map<String, String> bucketIds = Map.of(
                q.logicalId("AWS::S3::Bucket", "DataStoresModels"), "models",
                q.logicalId("AWS::S3::Bucket", "DataStoresData"), "data");
        Map<String, Set<String>> objectActions = new HashMap<>();
        Set<String> granted = new TreeSet<>();
        for (JsonNode statement : q.statementsOfRole("FunctionsPredictRole")) {
            granted.addAll(actions(statement));
            for (JsonNode resource : resourcesOf(statement)) {
                String flat = flatten(resource);
                bucketIds.forEach((id, name) -> {
                    if (flat.startsWith("<" + id + ">/")) {
                        actions(statement).forEach(a -> objectActions.computeIfAbsent(
                                name + flat.substring(id.length() + 2), k -> new TreeSet<>()).add(a));
                    }
                });
            }
            if (actions(statement).contains("s3:ListBucket")) {
                assertEquals(Set.of(q.logicalId("AWS::S3::Bucket", "DataStoresModels")),
                        new HashSet<>(referencedIds(statement.path("Resource"))));
            }
        }
        assertEquals(Map.of("models/models/*", Set.of("s3:GetObject"),
                "data/ground-truth/*", Set.of("s3:PutObject")), objectActions);
        assertEquals(new TreeSet<>(Set.of("s3:GetObject", "s3:PutObject", "s3:ListBucket", "logs:CreateLogStream",
                "logs:PutLogEvents", "xray:PutTraceSegments", "xray:PutTelemetryRecords",
                // the generated pseudonymisation key of a model that pseudonymises (TrafficCaptureStackTest)
                "secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret")), granted);
    }

    @Test
    void evaluateReadsModelsDataAndCaptureAndWritesReportsAndShardStatesOnly() {
        Map<String, String> bucketIds = Map.of(
                q.logicalId("AWS::S3::Bucket", "DataStoresModels"), "models",
                q.logicalId("AWS::S3::Bucket", "DataStoresData"), "data",
                q.logicalId("AWS::S3::Bucket", "DataStoresReports"), "reports",
                q.logicalId("AWS::S3::Bucket", "TrafficCaptureCaptureBucket"), "capture");
        Map<String, Set<String>> objectActions = new HashMap<>();
        Set<String> granted = new TreeSet<>();
        for (JsonNode statement : q.statementsOfRole("FunctionsEvaluateRole")) {
            granted.addAll(actions(statement));
            for (JsonNode resource : resourcesOf(statement)) {
                String flat = flatten(resource);
                bucketIds.forEach((id, name) -> {
                    if (flat.startsWith("<" + id + ">/")) {
                        actions(statement).forEach(a -> objectActions.computeIfAbsent(
                                name + flat.substring(id.length() + 2), k -> new TreeSet<>()).add(a));
                    }
                });
            }
        }
        assertEquals(Map.of("models/models/*", Set.of("s3:GetObject"), "data/labelled/*", Set.of("s3:GetObject"),
                "data/ground-truth/*", Set.of("s3:GetObject"), "capture/capture/*", Set.of("s3:GetObject"),
                "reports/reports/*", Set.of("s3:GetObject", "s3:PutObject"),
                "reports/shards/*", Set.of("s3:GetObject", "s3:PutObject")), objectActions);
        assertEquals(new TreeSet<>(Set.of("s3:GetObject", "s3:PutObject", "s3:ListBucket", "kms:Decrypt",
                "logs:CreateLogStream", "logs:PutLogEvents", "xray:PutTraceSegments", "xray:PutTelemetryRecords",
                "sqs:SendMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl")), granted);
    }

    @Test
    void retrainTriggerTouchesOnlyItsTwoTablesAndStartsOnlyTheConfiguredStateMachine() {
        Set<String> tables = Set.of(q.logicalId("AWS::DynamoDB::Table", "DataStoresIdempotency"),
                q.logicalId("AWS::DynamoDB::Table", "DataStoresRetrainAudit"));
        Set<String> granted = new TreeSet<>();
        for (JsonNode statement : q.statementsOfRole("FunctionsRetrainTriggerRole")) {
            granted.addAll(actions(statement));
            if (actions(statement).stream().anyMatch(a -> a.startsWith("dynamodb:"))) {
                assertTrue(tables.containsAll(referencedIds(statement.path("Resource"))), statement.toString());
            }
            if (actions(statement).contains("states:StartExecution")) {
                assertEquals(List.of("states:StartExecution"), actions(statement));
                assertEquals(config.retrain().target(), statement.path("Resource").asText());
            }
        }
        assertTrue(granted.contains("states:StartExecution"));
        assertTrue(granted.stream().noneMatch(a -> a.startsWith("sagemaker:") || a.startsWith("events:")));
        String audit = q.logicalId("AWS::DynamoDB::Table", "DataStoresRetrainAudit");
        Set<String> onAudit = new TreeSet<>();
        q.statementsOfRole("FunctionsRetrainTriggerRole").stream()
                .filter(st -> referencedIds(st.path("Resource")).equals(List.of(audit)))
                .forEach(st -> onAudit.addAll(actions(st)));
        assertEquals(Set.of("dynamodb:PutItem", "dynamodb:Query"), onAudit, "the audit trail is appended and read");
        assertTrue(granted.stream().noneMatch(a -> a.equals("dynamodb:Scan") || a.startsWith("dynamodb:Batch")));
    }

    @Test
    void everyRouteRequiresIamAndTheStageThrottlesAndLogsAccess() {
        Set<String> keys = new TreeSet<>();
        q.resources("AWS::ApiGatewayV2::Route").values().forEach(route -> {
            keys.add(route.path("Properties").path("RouteKey").asText());
            assertEquals("AWS_IAM", route.path("Properties").path("AuthorizationType").asText());
        });
        assertEquals(Set.of("POST /v1/models/{model}", "GET /v1/models/{model}", "GET /health"), keys);
        template.hasResourceProperties("AWS::ApiGatewayV2::Stage", Map.of(
                "StageName", "$default",
                "AutoDeploy", true,
                "DefaultRouteSettings", Map.of("ThrottlingRateLimit", 50, "ThrottlingBurstLimit", 100),
                "AccessLogSettings", Match.objectLike(Map.of("Format", Match.stringLikeRegexp(".*requestId.*")))));
    }

    /** The predict samples (what functions/predict's tests feed the handler) are what this API sends. */
    @Test
    void everyPredictSampleEventArrivesOnARouteTheApiHas() {
        Set<String> routes = new TreeSet<>();
        q.resources("AWS::ApiGatewayV2::Route").values()
                .forEach(r -> routes.add(r.path("Properties").path("RouteKey").asText()));
        List<SampleEvent> samples = SampleEvent.all("predict");
        assertTrue(samples.size() >= 10, samples.toString());
        for (SampleEvent sample : samples) {
            JsonNode event = sample.json();
            String routeKey = event.path("routeKey").asText();
            assertTrue(routes.contains(routeKey), sample + ": " + routeKey + " is not a route of " + routes);
            assertEquals(routeKey, event.path("requestContext").path("routeKey").asText(), sample.toString());
            assertEquals(routeKey.substring(0, routeKey.indexOf(' ')), event.path("requestContext").path("http")
                    .path("method").asText(), sample.toString());
            String path = routeKey.substring(routeKey.indexOf(' ') + 1);
            if (path.equals(PredictApi.MODEL_PATH)) {
                assertEquals("/v1/models/" + event.path("pathParameters").path("model").asText(),
                        event.path("rawPath").asText(), sample + ": pathParameters.model is the segment");
            } else {
                assertEquals(path, event.path("rawPath").asText(), sample.toString());
            }
        }
    }

    @Test
    void everyAlarmMatchesTheSharedAlarmRules() {
        Map<String, JsonNode> byName = new HashMap<>();
        q.resources("AWS::CloudWatch::Alarm").values()
                .forEach(a -> byName.put(a.path("Properties").path("AlarmName").asText(), a.path("Properties")));
        int expected = 0;
        for (ModelConfig model : config.models()) {
            List<AlarmRule> rules = new ArrayList<>(AlarmRules.forModel(model.watched()));
            rules.add(AlarmRules.modelSwapFailed());
            rules.add(model.qualityStale().orElseThrow());
            for (AlarmRule rule : rules) {
                expected++;
                JsonNode alarm = byName.get("vigil-" + model.name() + "-" + rule.id());
                assertNotNull(alarm, "alarm for " + model.name() + "/" + rule.id());
                assertEquals(rule.metricName(), alarm.path("MetricName").asText());
                assertEquals("Vigil", alarm.path("Namespace").asText());
                assertEquals("[{\"Name\":\"model\",\"Value\":\"" + model.name() + "\"}]",
                        alarm.path("Dimensions").toString());
                assertEquals(rule.comparison().cloudWatchName(), alarm.path("ComparisonOperator").asText());
                assertEquals(rule.threshold(), alarm.path("Threshold").asDouble());
                assertEquals(rule.statistic().cloudWatchName(), alarm.path("Statistic").asText());
                assertEquals(rule.period().toSeconds(), alarm.path("Period").asLong());
                assertEquals(rule.evaluationPeriods(), alarm.path("EvaluationPeriods").asInt());
                assertEquals(rule.datapointsToAlarm(), alarm.path("DatapointsToAlarm").asInt());
                assertEquals(rule.missingData().cloudWatchName(), alarm.path("TreatMissingData").asText());
                assertTrue(alarm.path("AlarmDescription").asText().contains(rule.missingDataReason()));
            }
        }
        int slices = config.models().stream().mapToInt(m -> m.sliceRules().size()).sum();
        assertEquals(expected + slices + 4 + config.models().size() + 2 + 3 + 3, byName.size(), "model and slice"
                + " alarms plus 5xx,"
                + " latency, two dead-letter alarms, CaptureDropped per model, CaptureDeliveryErrors,"
                + " CaptureFreshness and three execution alarms each for the sharded evaluation and the retraining"
                + " workflow");
        JsonNode stale = byName.get("vigil-churn-QualityStale");
        assertEquals("Accuracy", stale.path("MetricName").asText());
        assertEquals("SampleCount", stale.path("Statistic").asText());
        assertEquals("breaching", stale.path("TreatMissingData").asText());
        assertEquals(48, stale.path("EvaluationPeriods").asInt(), "twice the daily traffic runs' gap, in hours");
        assertEquals(24, byName.get("vigil-price-QualityStale").path("EvaluationPeriods").asInt(),
                "twice Friday to Monday, in 6-hour periods");
        assertEquals("Mae", byName.get("vigil-price-QualityStale").path("MetricName").asText());
        assertEquals("ModelSwapFailed", byName.get("vigil-churn-ModelSwapFailed").path("MetricName").asText());
        JsonNode mae = byName.get("vigil-price-Mae");
        assertEquals("GreaterThanThreshold", mae.path("ComparisonOperator").asText());
        assertEquals(12.5, mae.path("Threshold").asDouble());
        assertEquals(21600, mae.path("Period").asInt());
        assertEquals("LessThanThreshold", byName.get("vigil-churn-F1Binary").path("ComparisonOperator").asText());
        assertEquals("F1BinaryUpperBound", byName.get("vigil-churn-F1Binary").path("MetricName").asText(),
                "a falling-quality alarm fires only when the whole interval is below its threshold");
        assertEquals("RocAucUpperBound", byName.get("vigil-churn-RocAuc").path("MetricName").asText());
        assertEquals("Mae", mae.path("MetricName").asText(), "price asks for its alarms on the value");
        assertEquals(800.0, byName.get("vigil-PredictLatencyP99").path("Threshold").asDouble());
    }

    @Test
    void evaluateJudgesEachReportByTheModelsAlarmsAtTheConfiguredLevel() {
        JsonNode env = q.one("AWS::Lambda::Function", "FunctionsEvaluate").getValue().path("Properties")
                .path("Environment").path("Variables");
        assertEquals("0.95", env.path(VigilSettings.CONFIDENCE_LEVEL.name()).asText());
        QualityAlarms alarms = QualityAlarms.parse(env.path(VigilSettings.QUALITY_ALARMS.name()).asText());
        assertEquals(config.qualityAlarms(), alarms);
        assertEquals(AlarmOn.POINT, alarms.models().get("price").alarmOn());
        assertEquals(AlarmOn.BOUND, alarms.models().get("churn").alarmOn());
        assertEquals(Map.of("Mae", 12.5), alarms.models().get("price").thresholds());
    }

    @Test
    void onlyQualityAndDriftAlarmsReachTheRetrainTopicWhichInvokesRetrainTrigger() {
        String retrainTopic = q.logicalId("AWS::SNS::Topic", "AlarmsRetrainRequests");
        String notifications = q.logicalId("AWS::SNS::Topic", "AlarmsNotifications");
        Set<String> retrainAlarmNames = new TreeSet<>();
        for (ModelConfig model : config.models()) {
            AlarmRules.retrainRules(model.watched())
                    .forEach(r -> retrainAlarmNames.add("vigil-" + model.name() + "-" + r.id()));
        }
        Set<String> reachingRetrain = new TreeSet<>();
        q.resources("AWS::CloudWatch::Alarm").values().forEach(a -> {
            JsonNode p = a.path("Properties");
            List<String> alarmTargets = referencedIds(p.path("AlarmActions"));
            assertTrue(alarmTargets.contains(notifications), "every alarm notifies: " + p.path("AlarmName"));
            assertEquals(List.of(notifications), referencedIds(p.path("OKActions")));
            if (alarmTargets.contains(retrainTopic)) {
                reachingRetrain.add(p.path("AlarmName").asText());
            }
        });
        assertEquals(retrainAlarmNames, reachingRetrain);
        assertTrue(reachingRetrain.containsAll(Set.of("vigil-churn-F1Binary", "vigil-churn-FeatureDriftPsiMax",
                "vigil-price-Mae")));
        assertFalse(reachingRetrain.contains("vigil-churn-EvaluationFailed"));

        String retrainFn = q.logicalId("AWS::Lambda::Function", "FunctionsRetrainTrigger");
        JsonNode subscription = q.resources("AWS::SNS::Subscription").values().stream()
                .filter(s -> s.path("Properties").path("Protocol").asText().equals("lambda")).findFirst().orElseThrow()
                .path("Properties");
        assertEquals(List.of(retrainTopic), referencedIds(subscription.path("TopicArn")));
        assertEquals(List.of(retrainFn), referencedIds(subscription.path("Endpoint")));
        assertEquals(List.of(q.logicalId("AWS::SQS::Queue", "FunctionsRetrainTriggerFailures")),
                referencedIds(subscription.path("RedrivePolicy")));
        template.hasResourceProperties("AWS::Lambda::Permission", Map.of(
                "Action", "lambda:InvokeFunction", "Principal", "sns.amazonaws.com",
                "FunctionName", Map.of("Fn::GetAtt", List.of(retrainFn, "Arn")),
                "SourceArn", Map.of("Ref", retrainTopic)));
    }

    @Test
    void predictDeploysAsACanaryThatRollsBackOnErrorRateOrLatency() {
        String errors = alarmId("vigil-Predict5xxRate");
        String latency = alarmId("vigil-PredictLatencyP99");
        JsonNode group = q.one("AWS::CodeDeploy::DeploymentGroup", "PredictCanary").getValue().path("Properties");
        assertEquals("CodeDeployDefault.LambdaCanary10Percent5Minutes", group.path("DeploymentConfigName").asText());
        assertEquals(List.of(errors, latency), referencedIds(group.path("AlarmConfiguration").path("Alarms")));
        assertTrue(group.path("AutoRollbackConfiguration").path("Events").toString()
                .contains("DEPLOYMENT_STOP_ON_ALARM"));
        JsonNode alias = q.one("AWS::Lambda::Alias", "FunctionsPredictLive").getValue();
        assertFalse(alias.path("UpdatePolicy").path("CodeDeployLambdaAliasUpdate").isMissingNode());

        JsonNode rate = q.resources("AWS::CloudWatch::Alarm").get(errors).path("Properties");
        String metrics = rate.path("Metrics").toString();
        assertTrue(metrics.contains("IF(requests > 0, 100 * errors / requests, 0)") && metrics.contains("\"5xx\"")
                && metrics.contains("AWS/ApiGateway"), metrics);
        JsonNode p99 = q.resources("AWS::CloudWatch::Alarm").get(latency).path("Properties");
        assertEquals("Duration", p99.path("MetricName").asText());
        assertEquals("p99", p99.path("ExtendedStatistic").asText());
    }

    @Test
    void topicsAreKmsEncryptedWithARotatingKeyCloudWatchCanUseAndEmailIsSubscribed() {
        String key = q.logicalId("AWS::KMS::Key", "AlarmsTopicKey");
        q.resources("AWS::SNS::Topic").values().forEach(t ->
                assertEquals(List.of(key), referencedIds(t.path("Properties").path("KmsMasterKeyId"))));
        JsonNode keyProps = q.resources("AWS::KMS::Key").get(key).path("Properties");
        assertTrue(keyProps.path("EnableKeyRotation").asBoolean());
        assertTrue(keyProps.path("KeyPolicy").toString().contains("cloudwatch.amazonaws.com"));
        template.hasResourceProperties("AWS::SNS::Subscription", Map.of(
                "Protocol", "email", "Endpoint", "oncall@example.com",
                "TopicArn", Map.of("Ref", q.logicalId("AWS::SNS::Topic", "AlarmsNotifications"))));
        q.resources("AWS::SNS::TopicPolicy").values().forEach(p -> assertTrue(
                p.path("Properties").toString().contains("\"aws:SecureTransport\":\"false\""), "topic denies HTTP"));
    }

    @Test
    void dashboardShowsPredictHealthModelMetricsDriftAndRetrainDecisions() {
        String body = flatten(q.one("AWS::CloudWatch::Dashboard", "Dashboard").getValue()
                .path("Properties").path("DashboardBody"));
        for (String expected : List.of("Duration", "5xx", "F1Binary", "RocAuc", "Mae", "FeatureDriftPsiMax",
                "PredictionDriftPsi", "RowsScored", "RetrainStarted", "RetrainCoolingDown", "RetrainFailed")) {
            assertTrue(body.contains("\"" + expected + "\""), "dashboard shows " + expected);
        }
    }

    @Test
    void dashboardChartsEachQualityAlarmWithItsIntervalBoundsAndThresholdLine() throws Exception {
        JsonNode body = new ObjectMapper().readTree(flatten(q.one("AWS::CloudWatch::Dashboard", "Dashboard")
                .getValue().path("Properties").path("DashboardBody")));
        int charted = 0;
        for (ModelConfig model : config.models()) {
            for (AlarmRule rule : AlarmRules.forModel(model.watched())) {
                if (rule.category() != AlarmCategory.QUALITY || !rule.metric().isChartedOn(Chart.DASHBOARD)) {
                    continue;
                }
                String title = rule.metric().publishedName() + " and its interval: " + model.name();
                JsonNode graph = StreamSupport.stream(body.path("widgets").spliterator(), false)
                        .filter(w -> title.equals(w.path("properties").path("title").asText())).findFirst()
                        .orElseThrow(() -> new AssertionError("no graph " + title));
                Set<String> series = new TreeSet<>();
                graph.path("properties").path("metrics").forEach(m -> series.add(m.get(1).asText()));
                Set<String> expected = new TreeSet<>(Set.of(rule.metric().publishedName()));
                if (rule.metric().publishesBounds()) {
                    expected.add(MetricBound.LOWER.nameOf(rule.metric()));
                    expected.add(MetricBound.UPPER.nameOf(rule.metric()));
                }
                assertEquals(expected, series, title);
                JsonNode line = graph.path("properties").path("annotations").path("horizontal").get(0);
                assertEquals(rule.threshold(), line.path("value").asDouble(), title);
                assertEquals("alarm: " + rule.condition(), line.path("label").asText(), title);
                charted++;
            }
        }
        assertTrue(charted >= 2, "quality alarms charted: " + charted);
    }

    @Test
    void stackOutputsTheApiUrlBucketsAndStateMachine() {
        Set<String> outputs = new TreeSet<>();
        synth.json.path("Outputs").fieldNames().forEachRemaining(outputs::add);
        assertTrue(outputs.containsAll(Set.of("ApiUrl", "ModelsBucket", "DataBucket", "ReportsBucket", "AuditTable",
                "NotificationTopic", "ShardedEvaluationStateMachine", "DashboardName", "CaptureBucket",
                "CaptureStream")), outputs.toString());
    }

    private static String alarmId(String name) {
        return q.resources("AWS::CloudWatch::Alarm").entrySet().stream()
                .filter(e -> e.getValue().path("Properties").path("AlarmName").asText().equals(name))
                .map(Map.Entry::getKey).findFirst().orElseThrow(() -> new AssertionError("no alarm " + name));
    }

    private static JsonNode fn(String prefix) {
        return q.one("AWS::Lambda::Function", prefix).getValue().path("Properties");
    }

    private static JsonNode env(String prefix) {
        return fn(prefix).path("Environment").path("Variables");
    }

    private static void assertEnv(String prefix, Set<String> names) {
        Set<String> actual = new TreeSet<>();
        env(prefix).fieldNames().forEachRemaining(actual::add);
        assertEquals(new TreeSet<>(names), actual, prefix);
    }
}
