package dev.vigil.infra;

import static dev.vigil.storage.StorageLayout.CAPTURE;
import static dev.vigil.storage.StorageLayout.EVERY_CHAMPION;
import static dev.vigil.storage.StorageLayout.GROUND_TRUTH;
import static dev.vigil.storage.StorageLayout.LABELLED;
import static dev.vigil.storage.StorageLayout.MODELS;
import static dev.vigil.storage.StorageLayout.REPORTS;
import static dev.vigil.storage.StorageLayout.SHARDS;
import static dev.vigil.storage.StorageLayout.everything;

import dev.vigil.capture.CapturePolicy;
import dev.vigil.config.ModelConfig;
import dev.vigil.config.VigilConfig;
import dev.vigil.retrain.RetrainBackend;
import dev.vigil.settings.Environment;
import dev.vigil.settings.VigilFunction;
import dev.vigil.settings.VigilSettings;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.lambda.Tracing;
import software.amazon.awscdk.services.lambda.destinations.SqsDestination;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/**
 * The three Lambda functions, each with its own role holding only what it uses, its own log group, X-Ray tracing,
 * java21 on arm64 (Graviton: about 20% cheaper per GB-second, and the jars ship only linux-aarch64 natives).
 * Predict runs behind the {@code live} alias of a SnapStart-published version; evaluate and retrain-trigger send
 * invocations that fail every retry to their own dead-letter queue. Each function's environment is built from the
 * settings catalog ({@link VigilSettings}), so it holds only variables the function reads, in the form it reads them.
 */
public final class VigilFunctions extends Construct {
    /** Predict's {@code JAVA_TOOL_OPTIONS}: C1 then C2, replacing the runtime's {@code -XX:TieredStopAtLevel=1}. */
    static final String PREDICT_JVM_OPTIONS = "-XX:+TieredCompilation";
    /** Handler of predict.jar. */
    public static final String PREDICT_HANDLER = "dev.vigil.predict.PredictHandler::handleRequest";
    /** Handler of evaluate.jar. */
    public static final String EVALUATE_HANDLER = "dev.vigil.evaluate.EvaluateHandler::handleRequest";
    /** Handler of retrain-trigger.jar. */
    public static final String RETRAIN_HANDLER = "dev.vigil.retrain.trigger.RetrainTriggerHandler::handleRequest";
    /** Name of predict's alias that API Gateway calls and CodeDeploy shifts. */
    public static final String LIVE_ALIAS = "live";

    /**
     * 2048 MB: Lambda gives CPU in proportion to memory (1769 MB = one vCPU), ONNX inference is CPU-bound, and the
     * JVM heap plus ONNX Runtime's native arena must hold two models while a new champion is swapped in.
     */
    static final int PREDICT_MEMORY_MB = 2048;
    /**
     * 15 s: a prediction takes milliseconds, but the request that finds a new champion on its TTL check downloads
     * and verifies it; 15 s covers a few hundred MB from S3 and stays under API Gateway's 30 s integration limit.
     */
    static final Duration PREDICT_TIMEOUT = Duration.seconds(15);
    /**
     * 3008 MB: scoring is CPU-bound and streams in batches, so memory buys CPU (about 1.7 vCPU) rather than room;
     * the heap stays bounded by the batch size and the metric state.
     */
    static final int EVALUATE_MEMORY_MB = 3008;
    /** 15 min, Lambda's maximum: one scheduled run streams a whole window; bigger datasets go through shards. */
    static final Duration EVALUATE_TIMEOUT = Duration.minutes(15);
    /** 1024 MB: only SDK calls, but a JVM starts noticeably faster with the CPU that comes with 1 GB. */
    static final int RETRAIN_MEMORY_MB = 1024;
    /** 60 s: a few DynamoDB writes plus backend calls retried with backoff (up to about 30 s) before giving up. */
    static final Duration RETRAIN_TIMEOUT = Duration.seconds(60);

    /** Predict's capture policy when the stack does not capture: no prediction of any model is sampled. */
    static final CapturePolicy CAPTURE_NOTHING = CapturePolicy.of(Map.of(CapturePolicy.EVERY_OTHER_MODEL,
            new CapturePolicy.ModelPolicy(0.0, List.of(), List.of())));

    private final Function predict;
    private final LogGroup predictLogs;
    private final Alias predictLive;
    private final Function evaluate;
    private final Function retrainTrigger;
    private final Queue evaluateFailures;
    private final Queue retrainFailures;

    /**
     * The three functions; with {@code capture} (null when the stack does not capture), predict's log group is
     * encrypted with the capture key and kept {@code capture.logRetentionDays}, and evaluate may read the capture.
     */
    public VigilFunctions(Construct scope, String id, VigilConfig config, FunctionJars jars, DataStores stores,
                          TrafficCapture capture) {
        super(scope, id);
        RetentionDays retention = retention(config.logRetentionDays());
        String namespace = config.metricsNamespace();

        Role predictRole = role("PredictRole",
                "Vigil predict: reads models and champion pointers, writes labels the labels route accepts");
        readObjects(predictRole, stores.models(), everything(MODELS));
        // The labels route stores each accepted batch create-only; predict reads no label and no captured record.
        predictRole.addToPolicy(PolicyStatement.Builder.create()
                .sid("WriteArrivedLabels").effect(Effect.ALLOW).actions(List.of("s3:PutObject"))
                .resources(List.of(stores.data().arnForObjects(everything(GROUND_TRUTH))))
                .build());
        // Predict's log group holds every capture line until the subscription delivers it: encrypted with the
        // capture key (CloudWatch Logs uses it; predict's role gets no use of it) and kept only a few days.
        predictLogs = capture == null ? logGroup("PredictLogs", predictRole, retention, null)
                : logGroup("PredictLogs", predictRole, retention(config.capture().logRetentionDays()), capture.key());
        Environment.Builder predictEnv = environment(VigilFunction.PREDICT, namespace)
                .set(VigilSettings.MODELS_BUCKET, stores.models().getBucketName())
                .set(VigilSettings.DATA_BUCKET, stores.data().getBucketName())
                .set(VigilSettings.CHAMPION_TTL_SECONDS, config.predict().championTtlSeconds())
                .set(VigilSettings.MAX_INSTANCES, config.predict().maxInstances())
                .set(VigilSettings.MAX_BODY_BYTES, config.predict().maxBodyBytes())
                // Full tiered compilation, not Lambda's C1-only default (docs/decisions.md, "Predict's JIT flags").
                .set(VigilSettings.JVM_OPTIONS, PREDICT_JVM_OPTIONS)
                // Loaded at init, so SnapStart's priming runs one inference per model before the snapshot.
                .set(VigilSettings.PRELOAD_MODELS, config.models().stream().map(ModelConfig::name).toList());
        if (capture == null) {
            predictEnv.set(VigilSettings.CAPTURE_POLICY, CAPTURE_NOTHING);
        } else {
            predictEnv.set(VigilSettings.CAPTURE_BUCKETS, config.capture().buckets());
            Map<String, CapturePolicy.ModelPolicy> policies = new LinkedHashMap<>();
            config.models().forEach(m -> policies.put(m.name(), m.capture().policy()));
            predictEnv.set(VigilSettings.CAPTURE_POLICY, CapturePolicy.of(policies));
            if (policies.values().stream().anyMatch(p -> !p.pseudonymise().isEmpty())) {
                // The pseudonymisation key: generated, never in code or environment (predict gets its ARN and reads
                // it at init and on refresh). Not rotated: a new key would change every pseudonym, so joins and
                // drift across the rotation would break; Secrets Manager keeps the versions.
                Secret key = Secret.Builder.create(this, "CaptureHmacKey")
                        .description("Vigil capture: the key predict pseudonymises captured features with")
                        .generateSecretString(SecretStringGenerator.builder().passwordLength(64)
                                .excludePunctuation(true).includeSpace(false).build())
                        .removalPolicy(RemovalPolicy.RETAIN)
                        .build();
                key.grantRead(predictRole);
                predictEnv.set(VigilSettings.CAPTURE_KEY_SECRET, key.getSecretArn());
                NagWaivers.waive(key, "AwsSolutions-SMG4", "Rotating the pseudonymisation key would change every"
                        + " pseudonym and break joins and drift across the rotation; the versions are kept", List.of());
            }
        }
        predict = Function.Builder.create(this, "Predict")
                .description("Vigil predict: serves the champion ONNX model behind the HTTP API")
                .runtime(Runtime.JAVA_21).architecture(Architecture.ARM_64)
                .handler(PREDICT_HANDLER).code(Code.fromAsset(jars.predict().toString()))
                .memorySize(PREDICT_MEMORY_MB).timeout(PREDICT_TIMEOUT)
                .role(predictRole).logGroup(predictLogs)
                .tracing(Tracing.ACTIVE)
                .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
                .environment(predictEnv.variables())
                .build();
        predictLive = Alias.Builder.create(this, "PredictLive")
                .aliasName(LIVE_ALIAS).version(predict.getCurrentVersion())
                .description("What API Gateway calls; CodeDeploy shifts it to new versions as a canary")
                .build();
        xrayAndLogWaiver(predictRole, List.of(NagWaivers.bucketObjects(stores.models(), everything(MODELS)),
                NagWaivers.bucketObjects(stores.data(), everything(GROUND_TRUTH))));
        Annotations.of(predict).acknowledgeWarning("@aws-cdk/aws-lambda:snapStartRequirePublish",
                "Every deployment publishes a version (currentVersion) and points the live alias at it.");

        evaluateFailures = deadLetterQueue("EvaluateFailures");
        Role evaluateRole = role("EvaluateRole", "Vigil evaluate: reads models and labelled data, writes reports");
        readObjects(evaluateRole, stores.models(), everything(MODELS));
        if (capture == null) {
            readObjects(evaluateRole, stores.data(), everything(LABELLED));
        } else {
            // Traffic runs join captured predictions with the labels that arrived later.
            readObjects(evaluateRole, stores.data(), everything(LABELLED), everything(GROUND_TRUTH));
            readObjects(evaluateRole, capture.bucket(), everything(CAPTURE));
            evaluateRole.addToPolicy(PolicyStatement.Builder.create()
                    .sid("DecryptCapture").effect(Effect.ALLOW).actions(List.of("kms:Decrypt"))
                    .resources(List.of(capture.key().getKeyArn()))
                    .build());
        }
        readObjects(evaluateRole, stores.reports(), everything(REPORTS), everything(SHARDS));
        evaluateRole.addToPolicy(PolicyStatement.Builder.create()
                .sid("WriteReportsAndShardStates").effect(Effect.ALLOW).actions(List.of("s3:PutObject"))
                .resources(List.of(stores.reports().arnForObjects(everything(REPORTS)),
                        stores.reports().arnForObjects(everything(SHARDS))))
                .build());
        Environment.Builder evaluateEnvBuilder = environment(VigilFunction.EVALUATE, namespace)
                .set(VigilSettings.MODELS_BUCKET, stores.models().getBucketName())
                .set(VigilSettings.DATA_BUCKET, stores.data().getBucketName())
                .set(VigilSettings.REPORTS_BUCKET, stores.reports().getBucketName())
                .set(VigilSettings.MODEL_NAME, config.defaultModel().name())
                .set(VigilSettings.CONFIDENCE_LEVEL, config.confidenceLevel())
                .set(VigilSettings.QUALITY_ALARMS, config.qualityAlarms())
                // Lambda's default stops at C1 for quick starts; a scheduled batch run is throughput-bound, and C2
                // joins served traffic about 2.7 times faster (docs/performance.md, traffic join figures).
                .set(VigilSettings.JVM_OPTIONS, "-XX:+TieredCompilation");
        if (capture != null) {
            evaluateEnvBuilder.set(VigilSettings.CAPTURE_BUCKET, capture.bucket().getBucketName())
                    .set(VigilSettings.CAPTURE_BUCKETS, config.capture().buckets());
        }
        Map<String, String> evaluateEnv = evaluateEnvBuilder.variables();
        var evaluateBuilder = Function.Builder.create(this, "Evaluate")
                .description("Vigil evaluate: scores the serving model against labelled data, publishes metrics")
                .runtime(Runtime.JAVA_21).architecture(Architecture.ARM_64)
                .handler(EVALUATE_HANDLER).code(Code.fromAsset(jars.evaluate().toString()))
                .memorySize(EVALUATE_MEMORY_MB).timeout(EVALUATE_TIMEOUT)
                .role(evaluateRole).logGroup(logGroup("EvaluateLogs", evaluateRole, retention, null))
                .tracing(Tracing.ACTIVE)
                // No retries: a failed run is already recorded (report, index, EvaluationFailed), and a retry would
                // be a new run failing the same way. A failed scheduled invocation goes straight to the DLQ.
                .retryAttempts(0).onFailure(new SqsDestination(evaluateFailures))
                .environment(evaluateEnv);
        if (config.reservedConcurrency().enabled()) {
            evaluateBuilder.reservedConcurrentExecutions(config.reservedConcurrency().evaluate());
        }
        evaluate = evaluateBuilder.build();
        List<String> evaluateObjects = new ArrayList<>(List.of(
                NagWaivers.bucketObjects(stores.models(), everything(MODELS)),
                NagWaivers.bucketObjects(stores.data(), everything(LABELLED)),
                NagWaivers.bucketObjects(stores.reports(), everything(REPORTS)),
                NagWaivers.bucketObjects(stores.reports(), everything(SHARDS))));
        if (capture != null) {
            evaluateObjects.add(NagWaivers.bucketObjects(stores.data(), everything(GROUND_TRUTH)));
            evaluateObjects.add(NagWaivers.bucketObjects(capture.bucket(), everything(CAPTURE)));
        }
        xrayAndLogWaiver(evaluateRole, evaluateObjects);

        retrainFailures = deadLetterQueue("RetrainTriggerFailures");
        Role retrainRole = role("RetrainTriggerRole",
                "Vigil retrain-trigger: records decisions, starts one retrain, rolls back a champion");
        retrainRole.addToPolicy(PolicyStatement.Builder.create()
                .sid("IdempotencyRecords").effect(Effect.ALLOW)
                .actions(List.of("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"))
                .resources(List.of(stores.idempotency().getTableArn()))
                .build());
        retrainRole.addToPolicy(PolicyStatement.Builder.create()
                .sid("AuditDecisions").effect(Effect.ALLOW)
                .actions(List.of("dynamodb:PutItem", "dynamodb:Query"))
                .resources(List.of(stores.audit().getTableArn()))
                .build());
        // A quality alarm inside the watch window rolls the champion back: the registry reads the pointer and the
        // previous version's manifest and artifact (to check its digests), and conditionally rewrites the pointer,
        // the only object this role may write.
        readObjects(retrainRole, stores.models(), everything(MODELS));
        retrainRole.addToPolicy(PolicyStatement.Builder.create()
                .sid("RollBackChampionPointers").effect(Effect.ALLOW).actions(List.of("s3:PutObject"))
                .resources(List.of(stores.models().arnForObjects(EVERY_CHAMPION)))
                .build());
        PolicyStatement start = startRetrainStatement(config);
        if (start != null) {
            retrainRole.addToPolicy(start);
        }
        Map<String, String> retrainEnv = environment(VigilFunction.RETRAIN_TRIGGER, namespace)
                .set(VigilSettings.AUDIT_TABLE, stores.audit().getTableName())
                .set(VigilSettings.IDEMPOTENCY_TABLE, stores.idempotency().getTableName())
                .set(VigilSettings.RETRAIN_BACKEND, config.retrain().backend())
                .setIfPresent(VigilSettings.RETRAIN_TARGET, config.retrain().target())
                .set(VigilSettings.RETRAIN_COOLDOWN, config.retrain().cooldown())
                .set(VigilSettings.ROLLBACK_WINDOW, config.retrain().rollbackWindow())
                .set(VigilSettings.MODELS_BUCKET, stores.models().getBucketName())
                .set(VigilSettings.DATA_BUCKET, stores.data().getBucketName())
                .variables();
        var retrainBuilder = Function.Builder.create(this, "RetrainTrigger")
                .description("Vigil retrain-trigger: turns a quality or drift alarm into exactly one retraining run")
                .runtime(Runtime.JAVA_21).architecture(Architecture.ARM_64)
                .handler(RETRAIN_HANDLER).code(Code.fromAsset(jars.retrainTrigger().toString()))
                .memorySize(RETRAIN_MEMORY_MB).timeout(RETRAIN_TIMEOUT)
                .role(retrainRole).logGroup(logGroup("RetrainTriggerLogs", retrainRole, retention, null))
                .tracing(Tracing.ACTIVE)
                .retryAttempts(2).onFailure(new SqsDestination(retrainFailures))
                .environment(retrainEnv);
        if (config.reservedConcurrency().enabled()) {
            retrainBuilder.reservedConcurrentExecutions(config.reservedConcurrency().retrainTrigger());
        }
        retrainTrigger = retrainBuilder.build();
        xrayAndLogWaiver(retrainRole, List.of(NagWaivers.bucketObjects(stores.models(), everything(MODELS)),
                NagWaivers.bucketObjects(stores.models(), EVERY_CHAMPION)));

        for (var function : List.of(predict, evaluate, retrainTrigger)) {
            NagWaivers.waive(function, "AwsSolutions-L1", "The team targets Java 21 bytecode and the issue fixes the"
                    + " java21 runtime; moving to java25 is a deliberate upgrade, not a synth-time default.",
                    List.of());
        }
    }

    /**
     * Lets the retrain-trigger announce rollbacks on {@code topic} (the alarms' notifications topic, created after
     * the functions): {@code VIGIL_NOTIFICATIONS_TOPIC}, publish on that topic only, and the two uses of its key
     * that publishing to an encrypted topic takes (as CloudWatch gets them).
     */
    public void announceRollbacksOn(Topic topic) {
        Environment.builder(VigilFunction.RETRAIN_TRIGGER).set(VigilSettings.NOTIFICATIONS_TOPIC, topic.getTopicArn())
                .variables().forEach(retrainTrigger::addEnvironment);
        retrainTrigger.addToRolePolicy(PolicyStatement.Builder.create()
                .sid("AnnounceRollbacks").effect(Effect.ALLOW).actions(List.of("sns:Publish"))
                .resources(List.of(topic.getTopicArn()))
                .build());
        if (topic.getMasterKey() != null) {
            retrainTrigger.addToRolePolicy(PolicyStatement.Builder.create()
                    .sid("EncryptRollbackAnnouncements").effect(Effect.ALLOW)
                    .actions(List.of("kms:Decrypt", "kms:GenerateDataKey"))
                    .resources(List.of(topic.getMasterKey().getKeyArn()))
                    .build());
        }
    }

    private Role role(String id, String description) {
        return Role.Builder.create(this, id)
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description(description)
                .build();
    }

    private LogGroup logGroup(String id, Role role, RetentionDays retention, IKey encryptionKey) {
        LogGroup group = LogGroup.Builder.create(this, id).retention(retention).encryptionKey(encryptionKey)
                .removalPolicy(RemovalPolicy.DESTROY).build();
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("WriteOwnLogs").effect(Effect.ALLOW)
                .actions(List.of("logs:CreateLogStream", "logs:PutLogEvents"))
                .resources(List.of(group.getLogGroupArn()))
                .build());
        return group;
    }

    /**
     * GetObject on the given key patterns, and ListBucket so that a missing key under them answers 404, not 403.
     *
     * <p>S3 answers a GET or HEAD of a missing key with 404 only when the caller may {@code s3:ListBucket} the
     * bucket, judged in the context of that GET, which carries no {@code s3:prefix} key. A plain
     * {@code StringLike s3:prefix} condition is false there, so every missing key would be a 403 (AccessDenied):
     * predict and evaluate would fail where they expect "not there yet" (no {@code models/<name>/champion.json}
     * before the first promotion, no {@code reports/<name>/index.json} before the first run).
     * {@code StringLikeIfExists} holds when the key is absent, so GETs of missing keys under these patterns get
     * their 404, while a real listing, which names a prefix, stays confined to the patterns. (Should S3 instead
     * put the requested key in {@code s3:prefix}, the patterns match every key these functions may read, so the
     * 404 holds either way.) A listing without a prefix (s3:prefix absent) would also pass, which in these buckets
     * shows only key names under prefixes the role already reads.
     */
    private static void readObjects(Role role, IBucket bucket, String... keyPatterns) {
        role.addToPolicy(PolicyStatement.Builder.create()
                .effect(Effect.ALLOW).actions(List.of("s3:GetObject"))
                .resources(Arrays.stream(keyPatterns).map(bucket::arnForObjects).toList())
                .build());
        role.addToPolicy(PolicyStatement.Builder.create()
                .effect(Effect.ALLOW).actions(List.of("s3:ListBucket"))
                .resources(List.of(bucket.getBucketArn()))
                .conditions(Map.of("StringLikeIfExists", Map.of("s3:prefix", List.of(keyPatterns))))
                .build());
    }

    private PolicyStatement startRetrainStatement(VigilConfig config) {
        RetrainBackend backend = config.retrain().backend();
        String target = config.retrain().target();
        Stack stack = Stack.of(this);
        return switch (backend) {
            case DRY_RUN -> null;
            case SAGEMAKER -> statement("StartConfiguredPipeline", "sagemaker:StartPipelineExecution",
                    stack.formatArn(ArnComponents.builder().service("sagemaker").resource("pipeline")
                            // SageMaker lower-cases resource names in ARNs.
                            .resourceName(target.toLowerCase(Locale.ROOT))
                            .arnFormat(ArnFormat.SLASH_RESOURCE_NAME).build()));
            // The built-in workflow is created after the functions; VigilStack grants its start.
            case STEP_FUNCTIONS -> target == null ? null
                    : statement("StartConfiguredStateMachine", "states:StartExecution", target);
            case EVENTBRIDGE -> statement("PutEventsOnConfiguredBus", "events:PutEvents",
                    target.startsWith("arn:") ? target
                            : stack.formatArn(ArnComponents.builder().service("events").resource("event-bus")
                                    .resourceName(target).arnFormat(ArnFormat.SLASH_RESOURCE_NAME).build()));
        };
    }

    private static PolicyStatement statement(String sid, String action, String resource) {
        return PolicyStatement.Builder.create().sid(sid).effect(Effect.ALLOW)
                .actions(List.of(action)).resources(List.of(resource)).build();
    }

    private Queue deadLetterQueue(String id) {
        Queue queue = Queue.Builder.create(this, id)
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .retentionPeriod(Duration.days(14))
                .build();
        NagWaivers.waive(queue, "AwsSolutions-SQS3", "This queue is itself the dead-letter destination of failed async"
                + " invocations; a dead-letter queue for it would only move the same messages again.", List.of());
        return queue;
    }

    /** X-Ray accepts no resource ARNs; object wildcards are the key prefixes the function owns. */
    private static void xrayAndLogWaiver(Role role, List<String> objectWildcards) {
        List<String> appliesTo = new ArrayList<>(objectWildcards);
        appliesTo.add("Resource::*");
        NagWaivers.waive(role, "AwsSolutions-IAM5", "Resource::* only for xray:PutTraceSegments and"
                + " xray:PutTelemetryRecords, which have no resource-level permissions (metrics go out as EMF log"
                + " lines, so no cloudwatch:PutMetricData); object wildcards are the key prefixes this function reads"
                + " or writes (" + String.join(", ", everything(MODELS), everything(LABELLED), everything(REPORTS),
                everything(SHARDS), everything(GROUND_TRUTH), everything(CAPTURE)) + "), since keys carry model names"
                + " and versions not known at deploy time.", appliesTo);
    }

    /** The variables every function gets: its metrics namespace (for Vigil and Powertools) and its service name. */
    private static Environment.Builder environment(VigilFunction function, String namespace) {
        return Environment.builder(function)
                .set(VigilSettings.METRICS_NAMESPACE, namespace)
                .set(VigilSettings.POWERTOOLS_METRICS_NAMESPACE, namespace)
                .set(VigilSettings.SERVICE_NAME, function.serviceName());
    }

    /** The CDK constant for a retention CloudWatch Logs accepts (the config validated it). */
    static RetentionDays retention(int days) {
        return switch (days) {
            case 1 -> RetentionDays.ONE_DAY;
            case 3 -> RetentionDays.THREE_DAYS;
            case 5 -> RetentionDays.FIVE_DAYS;
            case 7 -> RetentionDays.ONE_WEEK;
            case 14 -> RetentionDays.TWO_WEEKS;
            case 30 -> RetentionDays.ONE_MONTH;
            case 60 -> RetentionDays.TWO_MONTHS;
            case 90 -> RetentionDays.THREE_MONTHS;
            case 120 -> RetentionDays.FOUR_MONTHS;
            case 150 -> RetentionDays.FIVE_MONTHS;
            case 180 -> RetentionDays.SIX_MONTHS;
            case 365 -> RetentionDays.ONE_YEAR;
            case 400 -> RetentionDays.THIRTEEN_MONTHS;
            case 545 -> RetentionDays.EIGHTEEN_MONTHS;
            case 731 -> RetentionDays.TWO_YEARS;
            case 1096 -> RetentionDays.THREE_YEARS;
            case 1827 -> RetentionDays.FIVE_YEARS;
            case 2192 -> RetentionDays.SIX_YEARS;
            case 2557 -> RetentionDays.SEVEN_YEARS;
            case 2922 -> RetentionDays.EIGHT_YEARS;
            case 3288 -> RetentionDays.NINE_YEARS;
            case 3653 -> RetentionDays.TEN_YEARS;
            default -> throw new IllegalArgumentException("CloudWatch Logs has no retention of " + days + " days");
        };
    }

    public Function predict() {
        return predict;
    }

    /** Predict's log group, which also holds its capture lines. */
    public LogGroup predictLogs() {
        return predictLogs;
    }

    public Alias predictLive() {
        return predictLive;
    }

    public Function evaluate() {
        return evaluate;
    }

    public Function retrainTrigger() {
        return retrainTrigger;
    }

    public Queue evaluateFailures() {
        return evaluateFailures;
    }

    public Queue retrainFailures() {
        return retrainFailures;
    }
}
