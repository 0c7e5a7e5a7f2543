package dev.vigil.predict;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The synthetic API Gateway request and invocation context the SnapStart priming hook sends through the handler. */
final class PrimingRequest {
    static final Context CONTEXT = new PrimingContext();

    private PrimingRequest() {}

    static APIGatewayV2HTTPEvent event(String path, byte[] body) {
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey("POST /v1/models/{model}")
                .withRawPath(path)
                .withHeaders(Map.of("content-type", "application/json"))
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withRequestId("snapstart-priming")
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod("POST").withPath(path).build())
                        .build())
                .withBody(new String(body, StandardCharsets.UTF_8))
                .withIsBase64Encoded(false)
                .build();
    }

    /** An invocation context naming the function from the environment and the request id "snapstart-priming". */
    private static final class PrimingContext implements Context {
        private static final String FUNCTION = System.getenv().getOrDefault("AWS_LAMBDA_FUNCTION_NAME", "vigil-predict");

        @Override public String getAwsRequestId() { return "snapstart-priming"; }
        @Override public String getLogGroupName() { return "/aws/lambda/" + FUNCTION; }
        @Override public String getLogStreamName() { return "snapstart-priming"; }
        @Override public String getFunctionName() { return FUNCTION; }
        @Override public String getFunctionVersion() {
            return System.getenv().getOrDefault("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        }
        @Override public String getInvokedFunctionArn() { return null; }
        @Override public CognitoIdentity getIdentity() { return null; }
        @Override public ClientContext getClientContext() { return null; }
        @Override public int getRemainingTimeInMillis() { return 10_000; }
        @Override public int getMemoryLimitInMB() {
            return Integer.parseInt(System.getenv().getOrDefault("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1769"));
        }
        @Override public LambdaLogger getLogger() {
            return new LambdaLogger() {
                @Override public void log(String message) { System.out.print(message); }
                @Override public void log(byte[] message) { System.out.print(new String(message, StandardCharsets.UTF_8)); }
            };
        }
    }
}
