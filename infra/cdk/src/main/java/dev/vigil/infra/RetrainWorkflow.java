package dev.vigil.infra;

import static dev.vigil.storage.StorageLayout.CAPTURE;
import static dev.vigil.storage.StorageLayout.GROUND_TRUTH;
import static dev.vigil.storage.StorageLayout.LABELLED;
import static dev.vigil.storage.StorageLayout.MODELS;
import static dev.vigil.storage.StorageLayout.REPORTS;
import static dev.vigil.storage.StorageLayout.RETRAIN;
import static dev.vigil.storage.StorageLayout.everything;

import dev.vigil.config.ModelConfig;
import dev.vigil.config.Monitoring;
import dev.vigil.config.TrainerConfig;
import dev.vigil.config.VigilConfig;
import dev.vigil.retrain.RetrainCompletedEvent;
import dev.vigil.retrain.WorkflowModels;
import dev.vigil.settings.Environment;
import dev.vigil.settings.VigilFunction;
import dev.vigil.settings.VigilSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.Tracing;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.stepfunctions.DefinitionBody;
import software.amazon.awscdk.services.stepfunctions.LogLevel;
import software.amazon.awscdk.services.stepfunctions.LogOptions;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.amazon.awscdk.services.stepfunctions.StateMachineType;
import software.constructs.Construct;

/**
 * Vigil's retraining workflow, the default retrain backend: a Step Functions state machine over the retrain
 * function ({@code functions/retrain}) and the evaluate function.
 *
 * <ol>
 *   <li><b>Train</b> (retrain, {@code step: train}): the execution's input is what the retrain-trigger starts it
 *   with ({@code ModelName}, {@code ChampionVersion}, {@code Alarm}, {@code Reason}, {@code IdempotencyKey}); the
 *   step reads the model's joined served traffic (or labelled days), splits it by time, searches the grid, registers
 *   the candidate with its baseline and provenance and writes the held-out rows to
 *   {@code retrain/<model>/<runId>/held-out/}. <b>Adopt</b> replaces it when the input names a
 *   {@code candidateVersion} a bring-your-own pipeline registered (with its {@code heldOutPrefix}).</li>
 *   <li><b>Validate</b>: evaluate scores the candidate and the champion on those rows, in parallel, as challengers
 *   (nothing their alarms watch is published).</li>
 *   <li><b>Decide</b> (retrain, {@code step: decide}): the shared promotion gate; a promotion is the registry's
 *   conditional write.</li>
 *   <li><b>Announce</b>: {@code RetrainCompleted} on the default bus (source {@value #EVENT_SOURCE}), which releases
 *   the retrain-trigger's lock, and one message on the notifications topic. A run that stopped (any task failure,
 *   caught) is recorded by the retrain function's fail step and announced the same way; the execution then fails
 *   with {@value #FAILED_ERROR}.</li>
 * </ol>
 */
public final class RetrainWorkflow extends Construct {
    /** Source of the RetrainCompleted events the workflow publishes: the one the completion rule matches. */
    public static final String EVENT_SOURCE = RetrainCompletedEvent.SOURCE;
    /** Error of an execution whose run failed and was recorded. */
    public static final String FAILED_ERROR = "Vigil.RetrainFailed";
    /** Handler of the retrain function. */
    public static final String HANDLER = "dev.vigil.retrain.workflow.RetrainWorkflowHandler::handleRequest";
    /** The definition's file, in this module's resources and at {@code infra/cdk/src/main/resources/} in the repo. */
    public static final String DEFINITION = "retrain-workflow.asl.json";
    /** Memory of the retrain function: the built-in trainer holds its rows in memory (about 2 vCPU-seconds). */
    static final int MEMORY_MB = 3008;
    /** Lambda's longest run: a training window must fit it. */
    static final software.amazon.awscdk.Duration TIMEOUT = software.amazon.awscdk.Duration.minutes(15);
    /** How many days of joined traffic a retrain trains on, ending at the model's label delay before now. */
    static final Duration TRAFFIC_TRAINING_LENGTH = Duration.ofDays(7);
    /** How many days of labelled partitions a retrain of a labelled model trains on. */
    static final int LABELLED_TRAINING_DAYS = 7;

    private final Function function;
    private final StateMachine stateMachine;

    public RetrainWorkflow(Construct scope, String id, VigilConfig config, FunctionJars jars, DataStores stores,
                           IBucket captureBucket, IFunction evaluate, VigilAlarms alarms) {
        super(scope, id);
        Topic notifications = alarms.notifications();
        function = retrainFunction(config, jars, stores, captureBucket);
        TrainerConfig trainer = config.retrain().trainer();
        Role trainingRole = trainer.kind() == TrainerConfig.Kind.SAGEMAKER ? trainingRole(trainer, stores) : null;
        LogGroup logs = LogGroup.Builder.create(this, "Logs")
                .retention(VigilFunctions.retention(config.logRetentionDays()))
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        stateMachine = StateMachine.Builder.create(this, "StateMachine")
                .comment("Vigil: retrain a model, validate the candidate against the champion, promote or reject it")
                .definitionBody(DefinitionBody.fromString(definition()))
                .definitionSubstitutions(substitutions(evaluate, notifications, trainer, trainingRole))
                .stateMachineType(StateMachineType.STANDARD)
                .tracingEnabled(true)
                .logs(LogOptions.builder().destination(logs).level(LogLevel.ALL).includeExecutionData(false).build())
                .build();
        function.grantInvoke(stateMachine);
        evaluate.grantInvoke(stateMachine);
        // Explicit, not grantPublish: that grants kms:GenerateDataKey*, and no statement of the stack has a wildcard.
        stateMachine.addToRolePolicy(PolicyStatement.Builder.create()
                .sid("NotifyRunFinished").effect(Effect.ALLOW).actions(List.of("sns:Publish"))
                .resources(List.of(notifications.getTopicArn())).build());
        if (notifications.getMasterKey() != null) {
            stateMachine.addToRolePolicy(PolicyStatement.Builder.create()
                    .sid("EncryptNotification").effect(Effect.ALLOW)
                    .actions(List.of("kms:GenerateDataKey", "kms:Decrypt"))
                    .resources(List.of(notifications.getMasterKey().getKeyArn())).build());
        }
        stateMachine.addToRolePolicy(PolicyStatement.Builder.create()
                .sid("AnnounceOnDefaultBus").effect(Effect.ALLOW).actions(List.of("events:PutEvents"))
                .resources(List.of(Stack.of(this).formatArn(ArnComponents.builder().service("events")
                        .resource("event-bus").resourceName("default").arnFormat(ArnFormat.SLASH_RESOURCE_NAME)
                        .build())))
                .conditions(Map.of("StringEquals", Map.of("events:source", List.of(EVENT_SOURCE))))
                .build());
        if (trainingRole != null) {
            allowTrainingJobs(trainingRole);
        }
        // After a promotion the workflow puts the alarm that started the run back to OK (the model's alarms only).
        List<String> modelAlarms = alarms.modelAlarms().values().stream().flatMap(List::stream)
                .map(a -> a.getAlarmArn()).toList();
        if (!modelAlarms.isEmpty()) {
            stateMachine.addToRolePolicy(PolicyStatement.Builder.create()
                    .sid("ResetTheAlarmThatStartedTheRun").effect(Effect.ALLOW)
                    .actions(List.of("cloudwatch:SetAlarmState")).resources(modelAlarms).build());
        }
        List<Object> waived = new ArrayList<>(List.of(NagWaivers.functionQualifiers(function),
                NagWaivers.functionQualifiers(evaluate), "Resource::*"));
        if (trainingRole != null) {
            waived.add(NagWaivers.matching("/^Resource::arn:<AWS::Partition>:sagemaker:<AWS::Region>:"
                    + "<AWS::AccountId>:training-job\\/vigil-\\*$/g"));
        }
        NagWaivers.waive(stateMachine, "AwsSolutions-IAM5", "The state machine invokes the retrain and evaluate"
                + " functions by qualified ARN (<fn>:* covers their versions), runs training jobs it names vigil-<uuid>"
                + " (with the SageMaker trainer), and the vended-log delivery and X-Ray actions CDK adds for logging"
                + " and tracing have no resource-level permissions (Resource::*).", waived);
    }

    /**
     * The state machine's definition, {@value #DEFINITION} (a resource of this module, so tests run the very same
     * ASL in an emulator), with {@code ${...}} placeholders for the ARNs the stack substitutes.
     */
    public static String definition() {
        try (InputStream in = RetrainWorkflow.class.getResourceAsStream("/" + DEFINITION)) {
            if (in == null) {
                throw new IllegalStateException(DEFINITION + " is missing from the CDK app's resources");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + DEFINITION, e);
        }
    }

    private Function retrainFunction(VigilConfig config, FunctionJars jars, DataStores stores, IBucket capture) {
        Role role = Role.Builder.create(this, "Role")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description("Vigil retrain: trains and registers candidates, decides their promotion")
                .build();
        LogGroup logs = LogGroup.Builder.create(this, "FunctionLogs")
                .retention(VigilFunctions.retention(config.logRetentionDays()))
                .removalPolicy(RemovalPolicy.DESTROY).build();
        role.addToPolicy(statement("WriteOwnLogs", List.of("logs:CreateLogStream", "logs:PutLogEvents"),
                List.of(logs.getLogGroupArn())));
        role.addToPolicy(statement("XRay", List.of("xray:PutTraceSegments", "xray:PutTelemetryRecords"),
                List.of("*")));
        // The registry: read versions and pointers, write new versions and the champion pointer.
        role.addToPolicy(statement("RegistryReadWrite", List.of("s3:GetObject", "s3:PutObject"),
                List.of(stores.models().arnForObjects(everything(MODELS)))));
        role.addToPolicy(statement("ListRegistryAndData", List.of("s3:ListBucket"),
                List.of(stores.models().getBucketArn(), stores.data().getBucketArn(),
                        stores.reports().getBucketArn())));
        List<String> readData = new ArrayList<>(List.of(stores.data().arnForObjects(everything(LABELLED)),
                stores.data().arnForObjects(everything(GROUND_TRUTH)),
                stores.data().arnForObjects(everything(RETRAIN))));
        role.addToPolicy(statement("ReadTrainingData", List.of("s3:GetObject"), readData));
        role.addToPolicy(statement("WriteHeldOutRows", List.of("s3:PutObject"),
                List.of(stores.data().arnForObjects(everything(RETRAIN)))));
        role.addToPolicy(statement("ReportsReadWrite", List.of("s3:GetObject", "s3:PutObject"),
                List.of(stores.reports().arnForObjects(everything(REPORTS)))));
        List<String> waived = new ArrayList<>(List.of(
                NagWaivers.bucketObjects(stores.models(), everything(MODELS)),
                NagWaivers.bucketObjects(stores.data(), everything(LABELLED)),
                NagWaivers.bucketObjects(stores.data(), everything(GROUND_TRUTH)),
                NagWaivers.bucketObjects(stores.data(), everything(RETRAIN)),
                NagWaivers.bucketObjects(stores.reports(), everything(REPORTS)), "Resource::*"));
        Environment.Builder env = Environment.builder(VigilFunction.RETRAIN)
                .set(VigilSettings.METRICS_NAMESPACE, config.metricsNamespace())
                .set(VigilSettings.POWERTOOLS_METRICS_NAMESPACE, config.metricsNamespace())
                .set(VigilSettings.SERVICE_NAME, VigilFunction.RETRAIN.serviceName())
                .set(VigilSettings.MODELS_BUCKET, stores.models().getBucketName())
                .set(VigilSettings.DATA_BUCKET, stores.data().getBucketName())
                .set(VigilSettings.REPORTS_BUCKET, stores.reports().getBucketName())
                .set(VigilSettings.RETRAIN_MODELS, workflowModels(config.models()))
                .set(VigilSettings.JVM_OPTIONS, "-XX:+TieredCompilation");
        if (capture != null) {
            env.set(VigilSettings.CAPTURE_BUCKET, capture.getBucketName());
            role.addToPolicy(statement("ReadCapture", List.of("s3:GetObject"),
                    List.of(capture.arnForObjects(everything(CAPTURE)))));
            role.addToPolicy(statement("ListCapture", List.of("s3:ListBucket"), List.of(capture.getBucketArn())));
            waived.add(NagWaivers.bucketObjects(capture, everything(CAPTURE)));
        }
        List<IBucket> buckets = List.of(stores.models(), stores.data(), stores.reports());
        for (int b = 0; b < buckets.size(); b++) {
            IBucket bucket = buckets.get(b);
            if (bucket.getEncryptionKey() != null) {
                role.addToPolicy(statement("UseBucketKey" + b, List.of("kms:Decrypt", "kms:GenerateDataKey"),
                        List.of(bucket.getEncryptionKey().getKeyArn())));
            }
        }
        if (capture != null && capture.getEncryptionKey() != null) {
            role.addToPolicy(statement("DecryptCapture", List.of("kms:Decrypt"),
                    List.of(capture.getEncryptionKey().getKeyArn())));
        }
        NagWaivers.waive(role, "AwsSolutions-IAM5", "Object wildcards are the key prefixes the retrain function"
                + " reads or writes (models/, labelled/, ground-truth/, retrain/, reports/, capture/: keys carry model"
                + " names, versions and run ids not known at deploy time); Resource::* only for X-Ray, which has no"
                + " resource-level permissions.", waived);
        Function fn = Function.Builder.create(this, "Function")
                .description("Vigil retrain: the retraining workflow's train, adopt, decide and fail steps")
                .runtime(Runtime.JAVA_21).architecture(Architecture.ARM_64)
                .handler(HANDLER).code(Code.fromAsset(jars.retrain().toString()))
                .memorySize(MEMORY_MB).timeout(TIMEOUT)
                .role(role).logGroup(logs)
                .tracing(Tracing.ACTIVE)
                .environment(env.variables())
                .build();
        NagWaivers.waive(fn, "AwsSolutions-L1", "The team targets Java 21 bytecode and the issue fixes the java21"
                + " runtime; moving to java25 is a deliberate upgrade, not a synth-time default.", List.of());
        return fn;
    }

    /** What each configured model trains on, as the retrain function reads it. */
    static WorkflowModels workflowModels(List<ModelConfig> models) {
        Map<String, WorkflowModels.Model> out = new LinkedHashMap<>();
        for (ModelConfig m : models) {
            boolean traffic = m.monitoring() == Monitoring.TRAFFIC;
            out.put(m.name(), new WorkflowModels.Model(
                    traffic ? WorkflowModels.Source.TRAFFIC : WorkflowModels.Source.LABELLED,
                    TRAFFIC_TRAINING_LENGTH, m.traffic().labelDelay(), LABELLED_TRAINING_DAYS, m.thresholds()));
        }
        return new WorkflowModels(out);
    }

    private Map<String, String> substitutions(IFunction evaluate, Topic notifications, TrainerConfig trainer,
            Role trainingRole) {
        Map<String, String> values = new java.util.LinkedHashMap<>();
        values.put("RetrainFunctionArn", function.getFunctionArn());
        values.put("EvaluateFunctionArn", evaluate.getFunctionArn());
        values.put("NotificationTopicArn", notifications.getTopicArn());
        values.put("EventSource", EVENT_SOURCE);
        values.put("Trainer", trainer.kind().id());
        boolean sagemaker = trainingRole != null;
        values.put("TrainingImage", sagemaker ? trainer.image() : "none");
        values.put("TrainingRoleArn", sagemaker ? trainingRole.getRoleArn() : "none");
        values.put("TrainingInstanceType", sagemaker ? trainer.instanceType() : "none");
        values.put("TrainingMaxRuntimeSeconds", Long.toString(trainer.maxRuntime().toSeconds()));
        return values;
    }

    /**
     * The role a training job runs as: it reads the run's channels and writes its output under {@code retrain/} of
     * the data bucket, pulls the configured image, and writes its logs and metrics.
     */
    private Role trainingRole(TrainerConfig trainer, DataStores stores) {
        Role role = Role.Builder.create(this, "TrainingJobRole")
                .assumedBy(new ServicePrincipal("sagemaker.amazonaws.com"))
                .description("Vigil retraining: a SageMaker training job reads its channels, writes model.tar.gz")
                .build();
        Stack stack = Stack.of(this);
        role.addToPolicy(statement("ReadChannels", List.of("s3:GetObject"),
                List.of(stores.data().arnForObjects(everything(RETRAIN)))));
        role.addToPolicy(statement("WriteModel", List.of("s3:PutObject"),
                List.of(stores.data().arnForObjects(everything(RETRAIN)))));
        role.addToPolicy(PolicyStatement.Builder.create().sid("ListChannels").effect(Effect.ALLOW)
                .actions(List.of("s3:ListBucket")).resources(List.of(stores.data().getBucketArn()))
                .conditions(Map.of("StringLike", Map.of("s3:prefix", List.of(everything(RETRAIN))))).build());
        String repository = trainer.repositoryArn(stack.getPartition());
        if (repository != null) {
            role.addToPolicy(statement("PullImage", List.of("ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer",
                    "ecr:BatchCheckLayerAvailability"), List.of(repository)));
        }
        role.addToPolicy(statement("EcrToken", List.of("ecr:GetAuthorizationToken"), List.of("*")));
        role.addToPolicy(statement("JobLogs", List.of("logs:CreateLogGroup", "logs:CreateLogStream",
                "logs:PutLogEvents", "logs:DescribeLogStreams"), List.of(stack.formatArn(ArnComponents.builder()
                        .service("logs").resource("log-group").resourceName("/aws/sagemaker/TrainingJobs:*")
                        .arnFormat(ArnFormat.COLON_RESOURCE_NAME).build()))));
        role.addToPolicy(PolicyStatement.Builder.create().sid("JobMetrics").effect(Effect.ALLOW)
                .actions(List.of("cloudwatch:PutMetricData")).resources(List.of("*"))
                .conditions(Map.of("StringLike", Map.of("cloudwatch:namespace", List.of("/aws/sagemaker/*"))))
                .build());
        NagWaivers.waive(role, "AwsSolutions-IAM5", "A training job reads and writes only under retrain/ of the data"
                + " bucket (run ids are generated per run), writes only the /aws/sagemaker/TrainingJobs log group's"
                + " streams, and ecr:GetAuthorizationToken and cloudwatch:PutMetricData (namespace /aws/sagemaker/*)"
                + " have no resource-level permissions.", List.of(
                        NagWaivers.bucketObjects(stores.data(), everything(RETRAIN)), "Resource::*",
                        NagWaivers.matching("/^Resource::arn:<AWS::Partition>:logs:<AWS::Region>:<AWS::AccountId>"
                                + ":log-group:\\/aws\\/sagemaker\\/TrainingJobs:\\*$/g")));
        return role;
    }

    /** What Step Functions' createTrainingJob.sync needs: the job, its managed event rule, and passing the role. */
    private void allowTrainingJobs(Role trainingRole) {
        Stack stack = Stack.of(this);
        stateMachine.addToRolePolicy(statement("RunTrainingJobs", List.of("sagemaker:CreateTrainingJob",
                "sagemaker:DescribeTrainingJob", "sagemaker:StopTrainingJob", "sagemaker:AddTags"),
                List.of(stack.formatArn(ArnComponents.builder().service("sagemaker").resource("training-job")
                        .resourceName("vigil-*").arnFormat(ArnFormat.SLASH_RESOURCE_NAME).build()))));
        stateMachine.addToRolePolicy(statement("SyncTrainingJobs", List.of("events:PutTargets", "events:PutRule",
                "events:DescribeRule"), List.of(stack.formatArn(ArnComponents.builder().service("events")
                        .resource("rule").resourceName("StepFunctionsGetEventsForSageMakerTrainingJobsRule")
                        .arnFormat(ArnFormat.SLASH_RESOURCE_NAME).build()))));
        stateMachine.addToRolePolicy(PolicyStatement.Builder.create().sid("PassTrainingRole").effect(Effect.ALLOW)
                .actions(List.of("iam:PassRole")).resources(List.of(trainingRole.getRoleArn()))
                .conditions(Map.of("StringEquals", Map.of("iam:PassedToService", "sagemaker.amazonaws.com")))
                .build());
    }

    private static PolicyStatement statement(String sid, List<String> actions, List<String> resources) {
        return PolicyStatement.Builder.create().sid(sid).effect(Effect.ALLOW).actions(actions).resources(resources)
                .build();
    }

    /** The retrain function. */
    public Function function() {
        return function;
    }

    /** The state machine. */
    public StateMachine stateMachine() {
        return stateMachine;
    }
}
