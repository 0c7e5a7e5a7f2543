package dev.vigil.infra;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.stepfunctions.JitterType;
import software.amazon.awscdk.services.stepfunctions.RetryProps;
import software.amazon.awscdk.services.stepfunctions.TaskInput;
import software.amazon.awscdk.services.stepfunctions.tasks.LambdaInvoke;
import software.constructs.Construct;

/**
 * The one way Vigil's state machines invoke a Lambda function: a {@link LambdaInvoke} task that retries Lambda's
 * throttling and transient service errors ({@link #TRANSIENT_ERRORS}) with exponential backoff and full jitter, and
 * nothing else (a function's own errors are the workflow's to catch). Start from {@link #invoke}.
 */
public final class LambdaTasks {
    /**
     * The Lambda errors retried on every task: throttling ({@code TooManyRequestsException}), Lambda's own faults
     * ({@code ServiceException}, {@code AWSLambdaException}) and the Step Functions client's
     * ({@code SdkClientException}, {@code ClientExecutionTimeoutException}).
     */
    public static final List<String> TRANSIENT_ERRORS = List.of("Lambda.TooManyRequestsException",
            "Lambda.ServiceException", "Lambda.AWSLambdaException", "Lambda.SdkClientException",
            "Lambda.ClientExecutionTimeoutException");
    /** Wait before the first retry; each later wait doubles, up to {@link #MAX_DELAY}, each drawn with full jitter. */
    public static final Duration FIRST_RETRY = Duration.seconds(2);
    public static final double BACKOFF_RATE = 2;
    /** Attempts after the first: waits of up to 2, 4, 8, 16, 32, 60, 60 and 60 s, about five minutes in all. */
    public static final int MAX_ATTEMPTS = 8;
    public static final Duration MAX_DELAY = Duration.seconds(60);

    private LambdaTasks() {}

    /** The retry every Lambda task carries. */
    public static RetryProps transientErrorRetry() {
        return RetryProps.builder()
                .errors(TRANSIENT_ERRORS)
                .interval(FIRST_RETRY)
                .backoffRate(BACKOFF_RATE)
                .maxAttempts(MAX_ATTEMPTS)
                .maxDelay(MAX_DELAY)
                .jitterStrategy(JitterType.FULL)
                .build();
    }

    /** A task with id {@code id} in {@code scope} that invokes {@code function}; set what else it needs, then build. */
    public static Builder invoke(Construct scope, String id, IFunction function) {
        return new Builder(scope, id, function);
    }

    /**
     * Builds one Lambda task. By default the payload is the state's input and the result is the function's answer
     * alone (the task names the function's ARN as its resource).
     */
    public static final class Builder {
        private final LambdaInvoke.Builder task;
        private boolean answerOnly = true;

        private Builder(Construct scope, String id, IFunction function) {
            task = LambdaInvoke.Builder.create(scope, id).lambdaFunction(function).retryOnServiceExceptions(false);
        }

        public Builder comment(String comment) {
            task.comment(comment);
            return this;
        }

        /** What the function is sent; default the state's input. */
        public Builder payload(TaskInput payload) {
            task.payload(payload);
            return this;
        }

        /**
         * Keeps the whole {@code lambda:invoke} result ({@code Payload}, {@code StatusCode}...), for a payload only an
         * intrinsic function can compute; default false (the answer alone).
         */
        public Builder wholeInvokeResult() {
            answerOnly = false;
            return this;
        }

        public Builder resultSelector(Map<String, ?> selector) {
            task.resultSelector(selector);
            return this;
        }

        /** Where the result goes in the state, e.g. {@code JsonPath.DISCARD} to keep the input unchanged. */
        public Builder resultPath(String path) {
            task.resultPath(path);
            return this;
        }

        public Builder outputPath(String path) {
            task.outputPath(path);
            return this;
        }

        /** The task, with {@link #transientErrorRetry()}. */
        public LambdaInvoke build() {
            LambdaInvoke invoke = task.payloadResponseOnly(answerOnly).build();
            invoke.addRetry(transientErrorRetry());
            return invoke;
        }
    }
}
