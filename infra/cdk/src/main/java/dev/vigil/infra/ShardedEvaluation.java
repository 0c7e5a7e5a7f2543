package dev.vigil.infra;

import dev.vigil.storage.StorageLayout;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.stepfunctions.CatchProps;
import software.amazon.awscdk.services.stepfunctions.Chain;
import software.amazon.awscdk.services.stepfunctions.DefinitionBody;
import software.amazon.awscdk.services.stepfunctions.DistributedMap;
import software.amazon.awscdk.services.stepfunctions.Fail;
import software.amazon.awscdk.services.stepfunctions.JsonPath;
import software.amazon.awscdk.services.stepfunctions.LogLevel;
import software.amazon.awscdk.services.stepfunctions.LogOptions;
import software.amazon.awscdk.services.stepfunctions.Pass;
import software.amazon.awscdk.services.stepfunctions.ResultWriterV2;
import software.amazon.awscdk.services.stepfunctions.ResultWriterV2Props;
import software.amazon.awscdk.services.stepfunctions.S3JsonItemReader;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.amazon.awscdk.services.stepfunctions.StateMachineType;
import software.amazon.awscdk.services.stepfunctions.TaskInput;
import software.amazon.awscdk.services.stepfunctions.tasks.LambdaInvoke;
import software.constructs.Construct;

/**
 * Evaluates a dataset too big for one invocation, in evaluate's "planned" sharded form: evaluate plans the run once
 * (fixes the model version, applies the window, groups the objects into shards of about 256 MiB, at most 1,000 objects
 * and 200 KiB of JSON each, and writes the shard items to S3), a Step Functions Distributed Map reads those items and
 * runs evaluate once per shard, and evaluate merges the shards' partial states into one report. A run that fails
 * after it was planned is recorded by an abort.
 *
 * <h2>Contract with evaluate ({@code functions/evaluate/README.md}, samples in {@code events/evaluate/})</h2>
 * <b>State machine input</b>: the fields of a direct invoke of evaluate, e.g.
 * <pre>{"model":"churn","window":{"lastDays":30}}
 *{"model":"churn","version":"7","dataset":{"prefix":"labelled/churn/"},"window":{"everything":true},
 *  "shardBytes":134217728}
 *{"model":"churn","dataset":{"keys":["labelled/churn/dt=2026-11-01/part-0000.csv.gz"]}}</pre>
 * ({@code model} defaults to evaluate's {@code VIGIL_MODEL_NAME}, {@code window} to the last 7 days.) The execution
 * name is the run id, so it must match {@code [A-Za-z0-9][A-Za-z0-9._-]{0,79}} (generated names, UUIDs, do).
 *
 * <ol>
 *   <li><b>Plan</b>: evaluate gets the input with {@code "mode":"plan"} and {@code "runId":<execution name>} merged
 *   over it ({@code States.JsonMerge}; {@code plan.json}) and answers {@code {run, shardCount, objectCount,
 *   itemsBucket, itemsKey}}, the items file being {@code shards/<model>/<runId>/plan.json} in the reports bucket.
 *   Input it cannot understand ({@code java.lang.IllegalArgumentException}) ends the execution with
 *   {@value #BAD_INPUT_ERROR} and records nothing; any other failure (no champion, missing manifest) is recorded by
 *   an abort of the unplanned run: {@code {"mode":"abort","runId":<execution name>,"request":<input>,"error":…}}
 *   ({@code abort-unplanned.json}).</li>
 *   <li><b>Shards</b>: a Distributed Map whose ItemReader reads the JSON array at {@code itemsBucket}/{@code itemsKey}
 *   and passes each item to evaluate unchanged ({@code shard.json}), at most {@code sharding.maxConcurrency} at a
 *   time, no tolerated failures. Each item is at most 200 KiB of JSON (evaluate's plan bounds it under the 256 KiB a
 *   child execution may take). Each shard writes its partial state to {@code shards/<model>/<runId>/<shard>.json};
 *   the Map's ResultWriter sends the answers to {@code map-results/} in the reports bucket, so no 256 KiB limit on
 *   the number of shards, and puts only where they went at {@value #SHARD_RESULTS_PATH}.</li>
 *   <li><b>Merge</b>: {@code {"mode":"merge","run":…,"shardCount":…}} ({@code merge.json} without {@code states}):
 *   evaluate reads the shards from their fixed keys and reports like a scheduled run; its answer is the
 *   execution's output.</li>
 *   <li><b>Abort</b>: when the Map fails, or the merge fails for a reason other than a run it already recorded as
 *   failed ({@code dev.vigil.evaluate.EvaluationFailedException}): {@code {"mode":"abort","run":…,"error":{"Error",
 *   "Cause"}}} ({@code abort.json}), which publishes {@code EvaluationFailed} and a failed report. The execution
 *   then fails with {@value #FAILED_ERROR}.</li>
 * </ol>
 * Every Lambda task retries throttling and Lambda's transient errors ({@link LambdaTasks}). The state machine may
 * invoke evaluate, read {@code shards/*} and write {@code map-results/*} in the reports bucket; nothing else.
 */
public final class ShardedEvaluation extends Construct {
    /** Error of an execution whose input evaluate could not understand; nothing was recorded. */
    public static final String BAD_INPUT_ERROR = "Vigil.BadInput";
    /** Error of an execution whose run failed and was recorded as failed. */
    public static final String FAILED_ERROR = "Vigil.EvaluationFailed";
    /** Lambda error name of a bad evaluate event (the Java runtime reports the exception's class name). */
    static final String BAD_EVENT_EXCEPTION = "java.lang.IllegalArgumentException";
    /** Lambda error name of a run that evaluate itself recorded as failed before raising. */
    static final String RECORDED_FAILURE_EXCEPTION = "dev.vigil.evaluate.EvaluationFailedException";
    /** Where the Map puts its result: the ResultWriter's manifest location, for operators; merge does not read it. */
    static final String SHARD_RESULTS_PATH = "$.shardResults";

    private final StateMachine stateMachine;

    public ShardedEvaluation(Construct scope, String id, IFunction evaluate, DataStores stores, int maxConcurrency,
                             int logRetentionDays) {
        super(scope, id);
        Fail failed = Fail.Builder.create(this, "RunFailed")
                .error(FAILED_ERROR)
                .causePath(JsonPath.stringAt("$.error.Cause"))
                .build();
        Fail badInput = Fail.Builder.create(this, "RejectInput")
                .error(BAD_INPUT_ERROR)
                .causePath(JsonPath.stringAt("$.error.Cause"))
                .build();

        Pass prepare = Pass.Builder.create(this, "PrepareRun")
                .comment("what the plan adds to the input: the mode, and the execution name as run id")
                .parameters(Map.of(
                        "input", JsonPath.objectAt("$"),
                        "fixed", Map.of("mode", "plan", "runId", JsonPath.getExecutionName())))
                .build();
        // The merged object is computed by an intrinsic, which only a field ("Payload.$") can hold, so the plan goes
        // through the lambda:invoke integration and keeps only the function's answer (OutputPath $.Payload).
        LambdaInvoke plan = LambdaTasks.invoke(this, "Plan", evaluate)
                .comment("evaluate in plan mode: fix the version, write the shard items")
                .payload(TaskInput.fromJsonPathAt("States.JsonMerge($.input, $.fixed, false)"))
                .wholeInvokeResult()
                .outputPath("$.Payload")
                .build();
        LambdaInvoke abortUnplanned = LambdaTasks.invoke(this, "AbortUnplannedRun", evaluate)
                .comment("evaluate in abort mode: record the failed run")
                .payload(TaskInput.fromObject(Map.of(
                        "mode", "abort",
                        "runId", JsonPath.getExecutionName(),
                        "request", JsonPath.objectAt("$$.Execution.Input"),
                        "error", JsonPath.objectAt("$.error"))))
                .resultPath(JsonPath.DISCARD)
                .build();
        LambdaInvoke abortPlanned = LambdaTasks.invoke(this, "AbortRun", evaluate)
                .comment("evaluate in abort mode: record the failed run")
                .payload(TaskInput.fromObject(Map.of(
                        "mode", "abort",
                        "run", JsonPath.objectAt("$.run"),
                        "error", JsonPath.objectAt("$.error"))))
                .resultPath(JsonPath.DISCARD)
                .build();
        // The aborts' answers are dropped (ResultPath null), so the execution fails with the original error's cause.
        abortUnplanned.next(failed);
        abortPlanned.next(failed);

        // The ResultWriter keeps the children's answers out of the state (Step Functions would otherwise gather
        // them into the Map's 256 KiB result); the Map's own result is then only where they were written.
        DistributedMap shards = DistributedMap.Builder.create(this, "Shards")
                .comment("one evaluate invocation per shard item of the plan")
                .itemReader(S3JsonItemReader.Builder.create()
                        .bucketNamePath(JsonPath.stringAt("$.itemsBucket"))
                        .key(JsonPath.stringAt("$.itemsKey"))
                        .build())
                .resultWriterV2(new MapResultsWriter(stores.reports()))
                .maxConcurrency(maxConcurrency)
                .toleratedFailurePercentage(0)
                .resultPath(SHARD_RESULTS_PATH)
                .build();
        shards.itemProcessor(LambdaTasks.invoke(this, "EvaluateShard", evaluate)
                .comment("evaluate in shard mode: one shard item to one partial state")
                .build());
        LambdaInvoke merge = LambdaTasks.invoke(this, "MergeShards", evaluate)
                .comment("evaluate in merge mode: the shards' states to one report")
                .payload(TaskInput.fromObject(Map.of(
                        "mode", "merge",
                        "run", JsonPath.objectAt("$.run"),
                        "shardCount", JsonPath.numberAt("$.shardCount"))))
                .build();

        plan.addCatch(badInput, catching(BAD_EVENT_EXCEPTION));
        plan.addCatch(abortUnplanned, catching("States.ALL"));
        shards.addCatch(abortPlanned, catching("States.ALL"));
        merge.addCatch(failed, catching(RECORDED_FAILURE_EXCEPTION));
        merge.addCatch(abortPlanned, catching("States.ALL"));

        LogGroup logs = LogGroup.Builder.create(this, "Logs")
                .retention(VigilFunctions.retention(logRetentionDays))
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        stateMachine = StateMachine.Builder.create(this, "StateMachine")
                .comment("Vigil: plan a large evaluation, score its shards in a Distributed Map, merge one report")
                .definitionBody(DefinitionBody.fromChainable(Chain.start(prepare).next(plan).next(shards).next(merge)))
                .stateMachineType(StateMachineType.STANDARD)
                .tracingEnabled(true)
                .timeout(Duration.hours(12))
                .logs(LogOptions.builder().destination(logs).level(LogLevel.ALL).includeExecutionData(false).build())
                .build();
        // The ItemReader names its bucket by path (the plan's itemsBucket), so CDK grants nothing for it: the items
        // file is always under shards/ in the reports bucket, and that is all the state machine may read.
        stateMachine.addToRolePolicy(PolicyStatement.Builder.create()
                .sid("ReadShardItems").effect(Effect.ALLOW).actions(List.of("s3:GetObject"))
                .resources(List.of(stores.reports().arnForObjects(StorageLayout.everything(StorageLayout.SHARDS))))
                .build());
        NagWaivers.waive(stateMachine, "AwsSolutions-IAM5", "The state machine invokes evaluate by qualified ARN"
                + " (<fn>:* covers its versions), reads the shard items evaluate's plan writes under shards/ (keys"
                + " carry the model and run id), writes the Map's result files under map-results/ (keys carry the"
                + " map run id), a Distributed Map starts and stops child executions of this same"
                + " state machine (execution ARNs are generated per run), and the vended-log delivery and X-Ray"
                + " actions CDK adds for logging and tracing have no resource-level permissions (Resource::*).",
                List.of(NagWaivers.functionQualifiers(evaluate), "Resource::*",
                        NagWaivers.bucketObjects(stores.reports(), StorageLayout.everything(StorageLayout.SHARDS)),
                        NagWaivers.bucketObjects(stores.reports(),
                                StorageLayout.everything(StorageLayout.MAP_RESULTS)),
                        NagWaivers.matching("/^Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>"
                                + ":execution:.*:\\*$/g")));
    }

    /**
     * The Map's ResultWriter: {@code map-results/} in the reports bucket, and the grant to write there only (CDK's
     * own grant would cover every object of the bucket).
     */
    private static final class MapResultsWriter extends ResultWriterV2 {
        private final IBucket bucket;

        MapResultsWriter(IBucket bucket) {
            super(ResultWriterV2Props.builder().bucket(bucket).prefix(StorageLayout.MAP_RESULTS).build());
            this.bucket = bucket;
        }

        @Override
        public List<PolicyStatement> providePolicyStatements() {
            return List.of(PolicyStatement.Builder.create()
                    .sid("WriteMapResults").effect(Effect.ALLOW)
                    .actions(List.of("s3:PutObject", "s3:GetObject", "s3:ListMultipartUploadParts",
                            "s3:AbortMultipartUpload"))
                    .resources(List.of(bucket.arnForObjects(StorageLayout.everything(StorageLayout.MAP_RESULTS))))
                    .build());
        }
    }

    private static CatchProps catching(String error) {
        return CatchProps.builder().errors(List.of(error)).resultPath("$.error").build();
    }

    public StateMachine stateMachine() {
        return stateMachine;
    }
}
