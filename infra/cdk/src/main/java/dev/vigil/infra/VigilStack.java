package dev.vigil.infra;

import dev.vigil.config.VigilConfig;
import dev.vigil.settings.VigilSettings;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.constructs.Construct;

/** Everything one Vigil deployment creates, in one CloudFormation stack. */
public final class VigilStack extends Stack {
    private final DataStores stores;
    private final TrafficCapture capture;
    private final VigilFunctions functions;
    private final PredictApi api;
    private final EvaluationSchedules schedules;
    private final VigilAlarms alarms;
    private final PredictCanary canary;
    private final ShardedEvaluation shardedEvaluation;
    private final VigilDashboard dashboard;
    private final RetrainCompletions retrainCompletions;
    private final RetrainWorkflow retrainWorkflow;

    public VigilStack(Construct scope, String id, StackProps props, VigilConfig config, FunctionJars jars) {
        super(scope, id, props);
        stores = new DataStores(this, "DataStores", config.reportRetentionDays());
        capture = config.capture().enabled() ? new TrafficCapture(this, "TrafficCapture", config.capture(),
                stores.accessLogs(), config.logRetentionDays()) : null;
        functions = new VigilFunctions(this, "Functions", config, jars, stores, capture);
        if (capture != null) {
            capture.subscribe(functions.predictLogs());
        }
        api = new PredictApi(this, "PredictApi", config, functions.predictLive(), config.logRetentionDays());
        schedules = new EvaluationSchedules(this, "Schedules", config.models(), functions.evaluate(),
                functions.evaluateFailures());
        alarms = new VigilAlarms(this, "Alarms", config, functions, api, capture);
        functions.announceRollbacksOn(alarms.notifications());
        canary = new PredictCanary(this, "PredictCanary", config, jars, functions, stores, alarms.rollbackAlarms());
        shardedEvaluation = new ShardedEvaluation(this, "ShardedEvaluation", functions.evaluate(), stores,
                config.sharding().maxConcurrency(), config.logRetentionDays());
        ExecutionAlarms.watch(shardedEvaluation.stateMachine(), "ShardedEvaluation", alarms);
        dashboard = new VigilDashboard(this, "Dashboard", config, functions, api, alarms);
        retrainWorkflow = new RetrainWorkflow(this, "RetrainWorkflow", config, jars, stores,
                capture == null ? null : capture.bucket(), functions.evaluate(), alarms);
        ExecutionAlarms.watch(retrainWorkflow.stateMachine(), "RetrainWorkflow", alarms);
        String retrainTarget = config.retrain().target();
        if (config.retrain().builtInWorkflow()) {
            retrainTarget = retrainWorkflow.stateMachine().getStateMachineArn();
            functions.retrainTrigger().addEnvironment(VigilSettings.RETRAIN_TARGET.name(), retrainTarget);
            retrainWorkflow.stateMachine().grantStartExecution(functions.retrainTrigger());
        }
        retrainCompletions = new RetrainCompletions(this, "RetrainCompletions", config.retrain(), retrainTarget,
                functions.retrainTrigger(), functions.retrainFailures());

        output("ApiUrl", api.stage().getUrl(), "Base URL of the predict API (SigV4-signed unless auth.mode is jwt)");
        output("ModelsBucket", stores.models().getBucketName(), "Model artifacts, manifests and champion pointers");
        output("DataBucket", stores.data().getBucketName(), "Labelled data: labelled/<model>/dt=YYYY-MM-DD/");
        output("ReportsBucket", stores.reports().getBucketName(), "Evaluation reports: reports/<model>/runs/");
        output("AuditTable", stores.audit().getTableName(), "Retrain decisions per model");
        output("NotificationTopic", alarms.notifications().getTopicArn(), "Every alarm transition");
        output("ShardedEvaluationStateMachine", shardedEvaluation.stateMachine().getStateMachineArn(),
                "Start with {\"model\":...,\"window\":...} to evaluate a large dataset in shards");
        output("RetrainStateMachine", retrainWorkflow.stateMachine().getStateMachineArn(),
                "Vigil's retraining workflow; start {\"model\":...,\"candidateVersion\":...,\"heldOutPrefix\":...} to"
                        + " validate a candidate your own pipeline registered");
        output("DashboardName", dashboard.dashboard().getDashboardName(), "CloudWatch dashboard");
        if (capture != null) {
            output("CaptureBucket", capture.bucket().getBucketName(),
                    "Captured predictions: capture/<model>/dt=YYYY-MM-DD/hour=HH/b=BB/");
            output("CaptureStream", capture.stream().getRef(), "Firehose stream delivering predict's capture lines");
        }
    }

    private void output(String id, String value, String description) {
        CfnOutput.Builder.create(this, id).value(value).description(description).build();
    }

    public DataStores stores() {
        return stores;
    }

    /** The capture path; null when {@code capture.enabled} is false. */
    public TrafficCapture capture() {
        return capture;
    }

    public VigilFunctions functions() {
        return functions;
    }

    public PredictApi api() {
        return api;
    }

    public EvaluationSchedules schedules() {
        return schedules;
    }

    public VigilAlarms alarms() {
        return alarms;
    }

    public PredictCanary canary() {
        return canary;
    }

    public RetrainWorkflow retrainWorkflow() {
        return retrainWorkflow;
    }

    public ShardedEvaluation shardedEvaluation() {
        return shardedEvaluation;
    }

    public RetrainCompletions retrainCompletions() {
        return retrainCompletions;
    }
}
