package dev.vigil.predict;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.util.Map;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * Lambda entry point for API Gateway HTTP API (payload 2.0) requests: adapts the event to {@link PredictService}
 * and its answer back to a response. The service (S3 client, loaded models) is built once per container, and
 * primed with one whole request per preloaded model before a SnapStart snapshot is taken; after a restore the
 * prediction ids are reseeded and champion pointers re-read.
 */
public final class PredictHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>, Resource {
    private static final Logger LOG = LoggerFactory.getLogger(PredictHandler.class);
    private static final Map<String, String> JSON = Map.of("content-type", "application/json");

    private final PredictService service;

    /** Called once by the Lambda runtime: configuration from the environment. */
    public PredictHandler() {
        this(PredictService.fromEnvironment(System.getenv()));
        Core.getGlobalContext().register(this);
    }

    public PredictHandler(PredictService service) {
        this.service = service;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return PowertoolsLogging.withLogging(context, () -> respond(event));
    }

    private APIGatewayV2HTTPResponse respond(APIGatewayV2HTTPEvent request) {
        APIGatewayV2HTTPEvent event = request == null ? new APIGatewayV2HTTPEvent() : request; // a bare invoke
        var http = event.getRequestContext() == null ? null : event.getRequestContext().getHttp();
        String method = http == null ? "GET" : http.getMethod();
        String path = event.getRawPath() != null ? event.getRawPath() : http == null ? null : http.getPath();
        HttpResult result = service.handle(method, path, header(event, "content-type"), body(event));
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(result.status())
                .withHeaders(JSON)
                .withBody(result.body())
                .build();
    }

    private static String header(APIGatewayV2HTTPEvent event, String name) {
        Map<String, String> headers = event.getHeaders();
        if (headers == null) {
            return null;
        }
        String v = headers.get(name); // HTTP API lower-cases header names
        if (v == null) {
            for (Map.Entry<String, String> e : headers.entrySet()) {
                if (name.equalsIgnoreCase(e.getKey())) {
                    return e.getValue();
                }
            }
        }
        return v;
    }

    private static Body body(APIGatewayV2HTTPEvent event) {
        String raw = event.getBody();
        if (raw == null) {
            return Body.EMPTY;
        }
        return event.getIsBase64Encoded() ? Body.base64(raw) : Body.text(raw);
    }

    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        int primed = service.prime((path, body) ->
                handleRequest(PrimingRequest.event(path, body), PrimingRequest.context()).getStatusCode());
        LOG.info("SnapStart priming sent {} whole request(s) through the handler before the snapshot", primed);
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        try {
            service.afterRestore();
        } catch (RuntimeException e) {
            LOG.error("after-restore work failed; serving anyway", e); // a throwing hook would end the restore
        }
    }
}
