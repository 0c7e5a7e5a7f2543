package dev.vigil.infra;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.stepfunctions.Choice;
import software.amazon.awscdk.services.stepfunctions.Condition;
import software.amazon.awscdk.services.stepfunctions.DefinitionBody;
import software.amazon.awscdk.services.stepfunctions.DistributedMap;
import software.amazon.awscdk.services.stepfunctions.Fail;
import software.amazon.awscdk.services.stepfunctions.JsonPath;
import software.amazon.awscdk.services.stepfunctions.LogLevel;
import software.amazon.awscdk.services.stepfunctions.LogOptions;
import software.amazon.awscdk.services.stepfunctions.RetryProps;
import software.amazon.awscdk.services.stepfunctions.S3ObjectsItemReader;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.amazon.awscdk.services.stepfunctions.StateMachineType;
import software.amazon.awscdk.services.stepfunctions.TaskInput;
import software.amazon.awscdk.services.stepfunctions.tasks.LambdaInvoke;
import software.constructs.Construct;

/**
 * Evaluates a dataset too big for one invocation: a Step Functions Distributed Map runs evaluate once per S3 object
 * ("shard" mode), then evaluate merges the partial states into one report ("merge" mode).
 *
 * <h2>Contract with evaluate</h2>
 * <b>State machine input</b> — {@code model} and exactly one of {@code prefix} or {@code keys}; {@code version} is
 * optional (absent: the champion), other fields are passed through untouched as {@code request}:
 * <pre>{"model":"churn","version":"7","prefix":"labelled/churn/dt=2026-11-01/"}
 *{"model":"churn","keys":["labelled/churn/dt=2026-11-01/part-0000.csv.gz","labelled/churn/dt=2026-11-02/part-0000.csv"]}</pre>
 * With {@code prefix} the objects are listed (ListObjectsV2) in the data bucket; with {@code keys} they are taken as
 * given. Any other input fails the execution with error {@code Vigil.BadInput}.
 *
 * <p><b>Shard invocation</b> (one per object, in parallel, at most {@code sharding.maxConcurrency} at a time):
 * <pre>{"mode":"shard","runId":"&lt;execution name&gt;","request":{…the state machine input…},
 * "bucket":"&lt;data bucket&gt;","object":{"Key":"labelled/churn/dt=2026-11-01/part-0000.csv.gz",
 * "Etag":"\"…\"","Size":12345,"LastModified":"…","StorageClass":"STANDARD"}}</pre>
 * ({@code object} has only {@code Key} when the input listed {@code keys}.) The shard evaluates that one object
 * against the version in {@code request} (or the champion, which it must then name in its result), stores its
 * partial metric state in the reports bucket under {@code shards/<model>/<runId>/…} (expires after 7 days; evaluate
 * may write there) and returns a <em>small</em> JSON reference to it (a few hundred bytes at most: Step Functions
 * passes at most 256 KiB between states, so the merged list of shard results must fit in that — about a thousand
 * shards of 200 bytes; a run with more objects fails with States.DataLimitExceeded rather than silently dropping
 * any). A shard that throws fails the whole run (no tolerated failures).
 *
 * <p><b>Merge invocation</b> (once, after every shard succeeded):
 * <pre>{"mode":"merge","runId":"&lt;execution name&gt;","request":{…the state machine input…},
 * "states":[&lt;each shard's result, in item order&gt;]}</pre>
 * Merge checks that all states name the same model version, merges them exactly, and publishes metrics and the
 * report as a scheduled run would (run id = {@code runId}); its result is the execution's output.
 */
public final class ShardedEvaluation extends Construct {
    /** Error name of an execution whose input is not one of the two accepted shapes. */
    public static final String BAD_INPUT_ERROR = "Vigil.BadInput";

    private final StateMachine stateMachine;

    public ShardedEvaluation(Construct scope, String id, IFunction evaluate, DataStores stores, int maxConcurrency,
                             int logRetentionDays) {
        super(scope, id);
        Fail badInput = Fail.Builder.create(this, "RejectInput")
                .error(BAD_INPUT_ERROR)
                .cause("Input needs \"model\" and either \"prefix\" (an S3 prefix in the data bucket) or \"keys\"")
                .build();
        LambdaInvoke merge = LambdaInvoke.Builder.create(this, "MergeShards")
                .comment("evaluate in merge mode: partial states to one report")
                .lambdaFunction(evaluate)
                .payload(TaskInput.fromObject(Map.of(
                        "mode", "merge",
                        "runId", JsonPath.getExecutionName(),
                        "request", JsonPath.objectAt("$$.Execution.Input"),
                        "states", JsonPath.listAt("$.states"))))
                .payloadResponseOnly(true)
                .build();

        DistributedMap fromListing = shardMap("ShardsFromPrefix", maxConcurrency,
                JsonPath.objectAt("$$.Map.Item.Value"), stores)
                .itemReader(S3ObjectsItemReader.Builder.create()
                        .bucket(stores.data())
                        .prefix(JsonPath.stringAt("$.prefix"))
                        .build())
                .build();
        DistributedMap fromKeys = shardMap("ShardsFromKeys", maxConcurrency,
                Map.of("Key", JsonPath.stringAt("$$.Map.Item.Value")), stores)
                .itemsPath("$.keys")
                .build();
        fromListing.itemProcessor(shardTask("EvaluateListedShard", evaluate));
        fromKeys.itemProcessor(shardTask("EvaluateKeyedShard", evaluate));
        fromListing.next(merge);
        fromKeys.next(merge);

        Choice route = Choice.Builder.create(this, "RouteInput").build()
                .when(Condition.not(Condition.isPresent("$.model")), badInput)
                .when(Condition.and(Condition.isPresent("$.keys"), Condition.isNotPresent("$.prefix")), fromKeys)
                .when(Condition.and(Condition.isPresent("$.prefix"), Condition.isNotPresent("$.keys")), fromListing)
                .otherwise(badInput);

        LogGroup logs = LogGroup.Builder.create(this, "Logs")
                .retention(VigilFunctions.retention(logRetentionDays))
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        stateMachine = StateMachine.Builder.create(this, "StateMachine")
                .comment("Vigil: evaluate a large dataset in shards and merge them into one report")
                .definitionBody(DefinitionBody.fromChainable(route))
                .stateMachineType(StateMachineType.STANDARD)
                .tracingEnabled(true)
                .timeout(Duration.hours(12))
                .logs(LogOptions.builder().destination(logs).level(LogLevel.ALL).includeExecutionData(false).build())
                .build();
        NagWaivers.waive(stateMachine, "AwsSolutions-IAM5", "The state machine invokes evaluate by qualified ARN"
                + " (<fn>:* covers its versions), a Distributed Map starts and stops child executions of this same"
                + " state machine (execution ARNs are generated per run), and the vended-log delivery and X-Ray"
                + " actions CDK adds for logging and tracing have no resource-level permissions (Resource::*).",
                List.of(NagWaivers.functionQualifiers(evaluate), "Resource::*",
                        NagWaivers.matching("/^Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>"
                                + ":execution:.*:\\*$/g")));
    }

    /** A Distributed Map whose item selector builds the shard invocation; {@code object} differs per input shape. */
    private DistributedMap.Builder shardMap(String id, int maxConcurrency, Object object, DataStores stores) {
        return DistributedMap.Builder.create(this, id)
                .maxConcurrency(maxConcurrency)
                .toleratedFailurePercentage(0)
                .resultPath("$.states")
                .itemSelector(Map.of(
                        "mode", "shard",
                        "runId", JsonPath.getExecutionName(),
                        "request", JsonPath.objectAt("$$.Execution.Input"),
                        "bucket", stores.data().getBucketName(),
                        "object", object));
    }

    private LambdaInvoke shardTask(String id, IFunction evaluate) {
        LambdaInvoke task = LambdaInvoke.Builder.create(this, id)
                .comment("evaluate in shard mode: one object to one partial state")
                .lambdaFunction(evaluate)
                .payloadResponseOnly(true)
                .build();
        task.addRetry(RetryProps.builder()
                .errors(List.of("Lambda.TooManyRequestsException"))
                .interval(Duration.seconds(2)).backoffRate(2).maxAttempts(6).build());
        return task;
    }

    public StateMachine stateMachine() {
        return stateMachine;
    }
}
