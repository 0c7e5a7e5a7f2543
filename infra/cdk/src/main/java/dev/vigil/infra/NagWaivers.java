package dev.vigil.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.github.cdklabs.cdknag.RegexAppliesTo;
import java.util.List;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.s3.IBucket;
import software.constructs.IConstruct;

/** The cdk-nag findings Vigil accepts, each applied to one construct with its reason. */
final class NagWaivers {
    private NagWaivers() {}

    /** Waives {@code rule} on {@code construct} and its children, for the listed findings only when given. */
    static void waive(IConstruct construct, String rule, String reason, List<?> appliesTo) {
        var suppression = NagPackSuppression.builder().id(rule).reason(reason);
        if (!appliesTo.isEmpty()) {
            suppression.appliesTo(List.copyOf(appliesTo));
        }
        NagSuppressions.addResourceSuppressions(construct, List.of(suppression.build()), true);
    }

    /** A finding pattern (ECMA-262 regex) for findings whose text embeds CloudFormation intrinsics. */
    static RegexAppliesTo matching(String regex) {
        return RegexAppliesTo.builder().regex(regex).build();
    }

    /** How cdk-nag names an object-ARN wildcard of {@code bucket} under {@code keyPattern}, e.g. "models/*". */
    static String bucketObjects(IBucket bucket, String keyPattern) {
        CfnElement resource = (CfnElement) bucket.getNode().getDefaultChild();
        return "Resource::<" + Stack.of(bucket).getLogicalId(resource) + ".Arn>/" + keyPattern;
    }

    /** How cdk-nag names the versions/aliases wildcard of a function ARN ({@code <Fn.Arn>:*}). */
    static String functionQualifiers(IConstruct function) {
        CfnElement resource = (CfnElement) function.getNode().getDefaultChild();
        return "Resource::<" + Stack.of(function).getLogicalId(resource) + ".Arn>:*";
    }
}
