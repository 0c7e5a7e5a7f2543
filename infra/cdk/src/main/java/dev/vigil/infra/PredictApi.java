package dev.vigil.infra;

import dev.vigil.config.AuthConfig;
import dev.vigil.config.VigilConfig;
import java.util.List;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.aws_apigatewayv2_authorizers.HttpIamAuthorizer;
import software.amazon.awscdk.aws_apigatewayv2_authorizers.HttpJwtAuthorizer;
import software.amazon.awscdk.aws_apigatewayv2_authorizers.HttpJwtAuthorizerProps;
import software.amazon.awscdk.aws_apigatewayv2_integrations.HttpLambdaIntegration;
import software.amazon.awscdk.aws_apigatewayv2_integrations.HttpLambdaIntegrationProps;
import software.amazon.awscdk.services.apigateway.AccessLogFormat;
import software.amazon.awscdk.services.apigatewayv2.AddRoutesOptions;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;
import software.amazon.awscdk.services.apigatewayv2.HttpMethod;
import software.amazon.awscdk.services.apigatewayv2.HttpStage;
import software.amazon.awscdk.services.apigatewayv2.IAccessLogDestination;
import software.amazon.awscdk.services.apigatewayv2.IAccessLogSettings;
import software.amazon.awscdk.services.apigatewayv2.IHttpRouteAuthorizer;
import software.amazon.awscdk.services.apigatewayv2.LogGroupLogDestination;
import software.amazon.awscdk.services.apigatewayv2.PayloadFormatVersion;
import software.amazon.awscdk.services.apigatewayv2.ThrottleSettings;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

/**
 * The HTTP API in front of predict's {@code live} alias: IAM (SigV4) authorization on every route by default, a JWT
 * authorizer when configured, stage throttling and JSON access logs.
 *
 * <p>Routes: {@code POST /v1/models/{model}} (predict), {@code GET /v1/models/{model}} (metadata), {@code GET /health}.
 * The predict URL is {@code POST /v1/models/<name>:predict}, but an HTTP API path variable must be a whole path segment
 * (AWS documents variables only as whole segments, as {@code {proxy+}} or {@code {name}}), so
 * {@code {model}:predict} cannot be a route key. The route takes the whole segment instead: the handler receives
 * {@code pathParameters.model = "<name>:predict"} and must answer 404 when the segment does not end in
 * {@code :predict}. One segment is narrower than {@code {proxy+}}: {@code POST /v1/models/a/b} never reaches the
 * function.
 */
public final class PredictApi extends Construct {
    /** Route path of predict (POST, {@code <name>:predict}) and metadata (GET, {@code <name>}). */
    public static final String MODEL_PATH = "/v1/models/{model}";
    /** Route path of the health check. */
    public static final String HEALTH_PATH = "/health";

    private final HttpApi api;
    private final HttpStage stage;

    public PredictApi(Construct scope, String id, VigilConfig config, IFunction predictLive, int logRetentionDays) {
        super(scope, id);
        api = HttpApi.Builder.create(this, "Api")
                .description("Vigil: predictions from the champion ONNX model")
                .createDefaultStage(false)
                .defaultAuthorizer(authorizer(config.auth()))
                .build();
        LogGroup accessLogs = LogGroup.Builder.create(this, "AccessLogs")
                .retention(VigilFunctions.retention(logRetentionDays))
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        IAccessLogDestination destination = new LogGroupLogDestination(accessLogs);
        AccessLogFormat format = AccessLogFormat.custom("{\"requestId\":\"$context.requestId\","
                + "\"ip\":\"$context.identity.sourceIp\",\"caller\":\"$context.identity.userArn\","
                + "\"requestTime\":\"$context.requestTime\",\"routeKey\":\"$context.routeKey\","
                + "\"path\":\"$context.path\",\"status\":\"$context.status\","
                + "\"responseLength\":\"$context.responseLength\","
                + "\"integrationStatus\":\"$context.integration.status\","
                + "\"integrationLatency\":\"$context.integration.latency\","
                + "\"integrationError\":\"$context.integrationErrorMessage\","
                + "\"authorizerError\":\"$context.authorizer.error\"}");
        stage = HttpStage.Builder.create(this, "DefaultStage")
                .httpApi(api)
                .stageName("$default")
                .autoDeploy(true)
                .throttle(ThrottleSettings.builder()
                        .rateLimit(config.api().rateLimit())
                        .burstLimit(config.api().burstLimit())
                        .build())
                .accessLogSettings(new IAccessLogSettings() {
                    @Override
                    public IAccessLogDestination getDestination() {
                        return destination;
                    }

                    @Override
                    public AccessLogFormat getFormat() {
                        return format;
                    }
                })
                .build();

        HttpLambdaIntegration integration = new HttpLambdaIntegration("Predict", predictLive,
                HttpLambdaIntegrationProps.builder().payloadFormatVersion(PayloadFormatVersion.VERSION_2_0).build());
        api.addRoutes(AddRoutesOptions.builder().path(MODEL_PATH)
                .methods(List.of(HttpMethod.POST, HttpMethod.GET)).integration(integration).build());
        api.addRoutes(AddRoutesOptions.builder().path(HEALTH_PATH)
                .methods(List.of(HttpMethod.GET)).integration(integration).build());
    }

    private static IHttpRouteAuthorizer authorizer(AuthConfig auth) {
        if (auth.mode() == AuthConfig.Mode.JWT) {
            return new HttpJwtAuthorizer("Jwt", auth.issuer(),
                    HttpJwtAuthorizerProps.builder().jwtAudience(auth.audience()).build());
        }
        return new HttpIamAuthorizer();
    }

    public HttpApi api() {
        return api;
    }

    public HttpStage stage() {
        return stage;
    }
}
