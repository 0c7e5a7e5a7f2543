package dev.vigil.predict;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.vigil.lambda.InvocationContext;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The synthetic API Gateway request and invocation context the SnapStart priming hook sends through the handler. */
final class PrimingRequest {
    /** Named from the environment Lambda sets; the request id says what the invocation was. */
    static Context context() {
        Map<String, String> env = System.getenv();
        return new InvocationContext(env.getOrDefault("AWS_LAMBDA_FUNCTION_NAME", "vigil-predict"), "snapstart-priming",
                10_000, Integer.parseInt(env.getOrDefault("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1769")));
    }

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
}
