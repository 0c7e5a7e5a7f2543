package dev.vigil.infra;

import java.util.List;
import software.amazon.awscdk.services.cloudwatch.IAlarm;
import software.amazon.awscdk.services.codedeploy.AutoRollbackConfig;
import software.amazon.awscdk.services.codedeploy.LambdaDeploymentConfig;
import software.amazon.awscdk.services.codedeploy.LambdaDeploymentGroup;
import software.amazon.awscdk.services.lambda.Alias;
import software.constructs.Construct;

/**
 * Safe code deployment of predict: each new published version takes 10% of the {@code live} alias's traffic for
 * five minutes, then all of it; CodeDeploy rolls back when the predict 5xx-rate or p99-latency alarm fires.
 * Both alarms watch metrics AWS emits (API Gateway's 5xx/Count, Lambda's Duration) rather than the function's own,
 * so a broken version cannot pass the canary by failing to publish metrics.
 */
public final class PredictCanary extends Construct {
    private final LambdaDeploymentGroup deploymentGroup;

    public PredictCanary(Construct scope, String id, Alias live, List<? extends IAlarm> rollbackAlarms) {
        super(scope, id);
        deploymentGroup = LambdaDeploymentGroup.Builder.create(this, "Deployment")
                .alias(live)
                .deploymentConfig(LambdaDeploymentConfig.CANARY_10_PERCENT_5_MINUTES)
                .alarms(List.copyOf(rollbackAlarms))
                .autoRollback(AutoRollbackConfig.builder()
                        .failedDeployment(true).stoppedDeployment(true).deploymentInAlarm(true).build())
                .build();
        NagWaivers.waive(deploymentGroup, "AwsSolutions-IAM4", "CDK always attaches AWSCodeDeployRoleForLambdaLimited,"
                + " the AWS-maintained minimal policy for CodeDeploy's Lambda traffic shifting (update the alias, read"
                + " the alarms); a hand-written copy would drift from what CodeDeploy needs.",
                List.of("Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSCodeDeployRoleForLambdaLimited"));
    }

    public LambdaDeploymentGroup deploymentGroup() {
        return deploymentGroup;
    }
}
