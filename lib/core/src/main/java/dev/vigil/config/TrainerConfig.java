package dev.vigil.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What fits a candidate in the retraining workflow ({@code retrain.trainer}): the built-in trainer in the retrain
 * function (default), or a SageMaker training job with the user's image, run through Step Functions'
 * {@code createTrainingJob.sync}, which reads the run's {@code train} and {@code validation} channels (labelled CSV
 * with a header) and must write the candidate to {@code /opt/ml/model/model.onnx}.
 *
 * @param kind {@code builtin} or {@code sagemaker}
 * @param image the training image's ECR URI ({@code ACCOUNT.dkr.ecr.REGION.amazonaws.com/REPO:TAG}); sagemaker only
 * @param instanceType the training instance ({@code ml.m5.large} by default)
 * @param maxRuntime the longest the job may run ({@code PT1H} by default, at most 5 days)
 */
public record TrainerConfig(Kind kind, String image, String instanceType, Duration maxRuntime) {
    static final Pattern ECR_IMAGE = Pattern.compile("(\\d{12})\\.dkr\\.ecr\\.([a-z0-9-]+)\\.amazonaws\\.com/"
            + "([a-z0-9._/-]+)(:[A-Za-z0-9._-]+|@sha256:[0-9a-f]{64})");
    private static final Pattern INSTANCE = Pattern.compile("ml\\.[a-z0-9]+\\.[a-z0-9]+");

    /** Which trainer. */
    public enum Kind {
        @JsonProperty("builtin") BUILTIN,
        @JsonProperty("sagemaker") SAGEMAKER;

        /** The word the workflow's definition routes on. */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public TrainerConfig {
        kind = kind == null ? Kind.BUILTIN : kind;
        instanceType = instanceType == null ? "ml.m5.large" : instanceType.strip();
        maxRuntime = maxRuntime == null ? Duration.ofHours(1) : maxRuntime;
    }

    static TrainerConfig defaults() {
        return new TrainerConfig(null, null, null, null);
    }

    /** The ARN of the image's ECR repository, for the job role's pull permission; null without a valid image. */
    public String repositoryArn(String partition) {
        var m = image == null ? null : ECR_IMAGE.matcher(image);
        return m != null && m.matches()
                ? "arn:" + partition + ":ecr:" + m.group(2) + ":" + m.group(1) + ":repository/" + m.group(3) : null;
    }

    List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (kind == Kind.BUILTIN) {
            if (image != null) {
                problems.add("retrain.trainer.image is only for the sagemaker trainer");
            }
            return problems;
        }
        if (image == null || !ECR_IMAGE.matcher(image).matches()) {
            problems.add("retrain.trainer.image must be the training image's ECR URI, such as"
                    + " 123456789012.dkr.ecr.us-east-1.amazonaws.com/churn-trainer:1: " + image);
        }
        if (!INSTANCE.matcher(instanceType).matches()) {
            problems.add("retrain.trainer.instanceType must be a SageMaker instance type such as ml.m5.large: "
                    + instanceType);
        }
        if (maxRuntime.toSeconds() < 60 || maxRuntime.compareTo(Duration.ofDays(5)) > 0) {
            problems.add("retrain.trainer.maxRuntime must be from PT1M to P5D: " + maxRuntime);
        }
        return problems;
    }
}
