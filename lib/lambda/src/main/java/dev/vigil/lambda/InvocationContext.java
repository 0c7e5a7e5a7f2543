package dev.vigil.lambda;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The invocation context for a handler call Vigil makes itself rather than the Lambda runtime (SnapStart priming,
 * the local runner, tests, benchmarks): a request id, the function's name, and the time left before its timeout.
 * Its logger writes to stdout, where Lambda's own logs go.
 */
public final class InvocationContext implements Context {
    private static final String ACCOUNT = "000000000000";

    private final String function;
    private final String requestId;
    private final long deadlineMillis;
    private final int memoryMb;

    /**
     * @param requestId the id logs and metrics carry; {@code null} for a fresh random one
     */
    public InvocationContext(String function, String requestId, long timeoutMillis, int memoryMb) {
        this.function = function;
        this.requestId = requestId == null ? UUID.randomUUID().toString() : requestId;
        this.deadlineMillis = System.currentTimeMillis() + timeoutMillis;
        this.memoryMb = memoryMb;
    }

    /** A context with a fresh request id, a minute to run and 1769 MB (one vCPU). */
    public static InvocationContext of(String function) {
        return new InvocationContext(function, null, 60_000, 1769);
    }

    @Override
    public String getAwsRequestId() {
        return requestId;
    }

    @Override
    public String getLogGroupName() {
        return "/aws/lambda/" + function;
    }

    @Override
    public String getLogStreamName() {
        return "vigil/[$LATEST]" + requestId.substring(0, Math.min(8, requestId.length()));
    }

    @Override
    public String getFunctionName() {
        return function;
    }

    @Override
    public String getFunctionVersion() {
        return "$LATEST";
    }

    @Override
    public String getInvokedFunctionArn() {
        return "arn:aws:lambda:local:" + ACCOUNT + ":function:" + function;
    }

    @Override
    public CognitoIdentity getIdentity() {
        return null;
    }

    @Override
    public ClientContext getClientContext() {
        return null;
    }

    @Override
    public int getRemainingTimeInMillis() {
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE, deadlineMillis - System.currentTimeMillis()));
    }

    @Override
    public int getMemoryLimitInMB() {
        return memoryMb;
    }

    @Override
    public LambdaLogger getLogger() {
        return new LambdaLogger() {
            @Override
            public void log(String message) {
                System.out.print(message);
            }

            @Override
            public void log(byte[] message) {
                System.out.print(new String(message, StandardCharsets.UTF_8));
            }
        };
    }
}
