package dev.vigil.infra;

import dev.vigil.config.ModelConfig;
import dev.vigil.config.VigilConfig;
import dev.vigil.settings.Environment;
import dev.vigil.settings.VigilFunction;
import dev.vigil.settings.VigilSettings;
import java.util.List;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.cloudwatch.IAlarm;
import software.amazon.awscdk.services.codedeploy.AutoRollbackConfig;
import software.amazon.awscdk.services.codedeploy.LambdaDeploymentConfig;
import software.amazon.awscdk.services.codedeploy.LambdaDeploymentGroup;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.Tracing;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

/**
 * Safe code deployment of predict: each new published version first passes a pre-traffic check, then takes 10% of
 * the {@code live} alias's traffic for five minutes, then all of it; CodeDeploy rolls back when the check fails or
 * the predict 5xx-rate or p99-latency alarm fires. Both alarms watch metrics AWS emits (API Gateway's 5xx/Count,
 * Lambda's Duration) rather than the function's own, so a broken version cannot pass the canary by failing to
 * publish metrics.
 *
 * <p>The check is the {@code BeforeAllowTraffic} hook {@code PreTrafficCheck}, a second handler of predict.jar
 * ({@value #PRE_TRAFFIC_HANDLER}): it reads the target version from the deployment, asks that version for
 * {@code GET /health}, the first configured model's metadata and one prediction (the sample events of
 * {@code events/predict/}), and reports Succeeded or Failed. Its role may invoke only predict's versions, read
 * only this deployment group's deployments and this application's revisions, and report only to this group.
 */
public final class PredictCanary extends Construct {
    /** Handler of the pre-traffic check in predict.jar. */
    public static final String PRE_TRAFFIC_HANDLER = "dev.vigil.predict.pretraffic.PreTrafficHandler::handleRequest";
    /** 1024 MB: SDK calls only, but the JVM starts noticeably faster with the CPU that comes with 1 GB. */
    static final int PRE_TRAFFIC_MEMORY_MB = 1024;
    /**
     * 2 min: three invocations of predict, each within its 15 s timeout (the first may restore a snapshot and read
     * the champion), plus four CodeDeploy calls; CodeDeploy waits up to an hour for the status.
     */
    static final Duration PRE_TRAFFIC_TIMEOUT = Duration.minutes(2);

    private final LambdaDeploymentGroup deploymentGroup;
    private final Function preTrafficCheck;

    /** The canary of {@code functions}' predict alias, checked before traffic with predict's own jar. */
    public PredictCanary(Construct scope, String id, VigilConfig config, FunctionJars jars, VigilFunctions functions,
                         DataStores stores, List<? extends IAlarm> rollbackAlarms) {
        super(scope, id);
        Function predict = functions.predict();
        Alias live = functions.predictLive();
        preTrafficCheck = preTrafficCheck(config, jars, stores);

        deploymentGroup = LambdaDeploymentGroup.Builder.create(this, "Deployment")
                .alias(live)
                .deploymentConfig(LambdaDeploymentConfig.CANARY_10_PERCENT_5_MINUTES)
                .preHook(preTrafficCheck)
                .alarms(List.copyOf(rollbackAlarms))
                .autoRollback(AutoRollbackConfig.builder()
                        .failedDeployment(true).stoppedDeployment(true).deploymentInAlarm(true).build())
                .build();
        NagWaivers.waive(deploymentGroup, "AwsSolutions-IAM4", "CDK always attaches AWSCodeDeployRoleForLambdaLimited,"
                + " the AWS-maintained minimal policy for CodeDeploy's Lambda traffic shifting (update the alias, read"
                + " the alarms); a hand-written copy would drift from what CodeDeploy needs.",
                List.of("Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSCodeDeployRoleForLambdaLimited"));
        NagWaivers.waive(deploymentGroup, "AwsSolutions-IAM5", "CDK's grant for CodeDeploy to run the pre-traffic"
                + " check covers the check's function ARN and its qualifiers (<check ARN>:*); only that function.",
                List.of(NagWaivers.functionQualifiers(preTrafficCheck)));

        // The hook learns the target version from the deployment (so it always asks the version CodeDeploy is
        // about to shift to) and may invoke only predict's qualified ARNs. preHook() already lets it report
        // (codedeploy:PutLifecycleEventHookExecutionStatus on this deployment group).
        preTrafficCheck.addToRolePolicy(PolicyStatement.Builder.create()
                .sid("InvokePredictVersions").effect(Effect.ALLOW).actions(List.of("lambda:InvokeFunction"))
                .resources(List.of(predict.getFunctionArn() + ":*"))
                .build());
        preTrafficCheck.addToRolePolicy(PolicyStatement.Builder.create()
                .sid("ReadThisGroupsDeployments").effect(Effect.ALLOW).actions(List.of("codedeploy:GetDeployment"))
                .resources(List.of(deploymentGroup.getDeploymentGroupArn()))
                .build());
        preTrafficCheck.addToRolePolicy(PolicyStatement.Builder.create()
                .sid("ReadThisApplicationsRevisions").effect(Effect.ALLOW)
                .actions(List.of("codedeploy:GetApplicationRevision"))
                .resources(List.of(deploymentGroup.getApplication().getApplicationArn()))
                .build());
        NagWaivers.waive(preTrafficCheck.getRole(), "AwsSolutions-IAM5", "Invoke on <predict ARN>:* only: the"
                + " versions CodeDeploy deploys are published at deploy time and the check reads the target from"
                + " the deployment, so it cannot name the version in advance; Resource::* only for"
                + " xray:PutTraceSegments and xray:PutTelemetryRecords, which have no resource-level permissions.",
                List.of(NagWaivers.functionQualifiers(predict), "Resource::*"));
        NagWaivers.waive(preTrafficCheck, "AwsSolutions-L1", "Predict's jar, so predict's runtime: the team targets"
                + " Java 21 bytecode and the issue fixes the java21 runtime.", List.of());
    }

    private Function preTrafficCheck(VigilConfig config, FunctionJars jars, DataStores stores) {
        Role role = Role.Builder.create(this, "PreTrafficCheckRole")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description("Vigil predict pre-traffic check: invokes the version being deployed, reports to"
                        + " CodeDeploy")
                .build();
        LogGroup logs = LogGroup.Builder.create(this, "PreTrafficCheckLogs")
                .retention(VigilFunctions.retention(config.logRetentionDays()))
                .removalPolicy(RemovalPolicy.DESTROY).build();
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("WriteOwnLogs").effect(Effect.ALLOW)
                .actions(List.of("logs:CreateLogStream", "logs:PutLogEvents"))
                .resources(List.of(logs.getLogGroupArn()))
                .build());
        String namespace = config.metricsNamespace();
        // The check reads predict's configuration (PredictConfig): the models bucket only because that configuration
        // requires it (the role has no S3 access); the first preloaded model is the one it asks for.
        var environment = Environment.builder(VigilFunction.PREDICT)
                .set(VigilSettings.MODELS_BUCKET, stores.models().getBucketName())
                .set(VigilSettings.PRELOAD_MODELS, config.models().stream().map(ModelConfig::name).toList())
                .set(VigilSettings.METRICS_NAMESPACE, namespace)
                .set(VigilSettings.POWERTOOLS_METRICS_NAMESPACE, namespace)
                .set(VigilSettings.SERVICE_NAME, VigilFunction.PREDICT.serviceName() + "-pre-traffic")
                .variables();
        return Function.Builder.create(this, "PreTrafficCheck")
                .description("Vigil predict pre-traffic check: health, metadata and one prediction of the new"
                        + " version before CodeDeploy shifts traffic to it")
                .runtime(Runtime.JAVA_21).architecture(Architecture.ARM_64)
                .handler(PRE_TRAFFIC_HANDLER).code(Code.fromAsset(jars.predict().toString()))
                .memorySize(PRE_TRAFFIC_MEMORY_MB).timeout(PRE_TRAFFIC_TIMEOUT)
                .role(role).logGroup(logs)
                .tracing(Tracing.ACTIVE)
                .environment(environment)
                .build();
    }

    public LambdaDeploymentGroup deploymentGroup() {
        return deploymentGroup;
    }

    /** The {@code BeforeAllowTraffic} hook of the deployment group. */
    public Function preTrafficCheck() {
        return preTrafficCheck;
    }
}
