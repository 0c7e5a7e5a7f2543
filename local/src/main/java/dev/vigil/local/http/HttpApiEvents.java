package dev.vigil.local.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent.RequestContext;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Turns one HTTP request into the event API Gateway's HTTP API (payload format 2.0, {@code $default} route) hands
 * Lambda: header names lower-cased and repeated values joined with commas, cookies moved to {@code cookies}, the raw
 * path and query string, query parameters decoded, the body as text with {@code isBase64Encoded} false, and a
 * request context carrying method, path, protocol, source IP and user agent.
 */
public final class HttpApiEvents {
    private static final DateTimeFormatter REQUEST_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);
    private static final String LOCAL_ACCOUNT = "000000000000";

    private HttpApiEvents() {}

    /**
     * The API Gateway HTTP API (payload 2.0) event for one request received by the local server.
     *
     * @param method HTTP method
     * @param uri the request URI as received
     * @param protocol e.g. {@code HTTP/1.1}
     * @param requestHeaders the request's headers as name-value pairs in the order received (a name may repeat)
     * @param sourceIp the client's address
     * @param body the request body (null for none)
     */
    public static APIGatewayV2HTTPEvent of(String method, URI uri, String protocol,
            Iterable<Map.Entry<String, String>> requestHeaders, String sourceIp, byte[] body) {
        Map<String, String> headers = new LinkedHashMap<>();
        List<String> cookies = new ArrayList<>();
        for (Map.Entry<String, String> header : requestHeaders) {
            String lower = header.getKey().toLowerCase(Locale.ROOT);
            if (lower.equals("cookie")) {
                cookies.addAll(List.of(header.getValue().split(";\\s*")));
            } else {
                headers.merge(lower, header.getValue(), (a, b) -> a + "," + b);
            }
        }
        String rawPath = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String rawQuery = uri.getRawQuery() == null ? "" : uri.getRawQuery();
        Instant now = Instant.now();
        String requestId = UUID.randomUUID().toString();
        RequestContext context = RequestContext.builder()
                .withAccountId(LOCAL_ACCOUNT)
                .withApiId("local")
                .withDomainName(headers.getOrDefault("host", "localhost"))
                .withDomainPrefix("localhost")
                .withHttp(RequestContext.Http.builder()
                        .withMethod(method.toUpperCase(Locale.ROOT))
                        .withPath(rawPath)
                        .withProtocol(protocol)
                        .withSourceIp(sourceIp)
                        .withUserAgent(headers.get("user-agent"))
                        .build())
                .withRequestId(requestId)
                .withRouteKey("$default")
                .withStage("$default")
                .withTime(REQUEST_TIME.format(now))
                .withTimeEpoch(now.toEpochMilli())
                .build();
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey("$default")
                .withRawPath(rawPath)
                .withRawQueryString(rawQuery)
                .withCookies(cookies.isEmpty() ? null : cookies)
                .withHeaders(headers)
                .withQueryStringParameters(rawQuery.isEmpty() ? null : queryParameters(rawQuery))
                .withBody(body == null || body.length == 0 ? null : new String(body, StandardCharsets.UTF_8))
                .withIsBase64Encoded(false)
                .withRequestContext(context)
                .build();
    }

    private static Map<String, String> queryParameters(String rawQuery) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String pair : rawQuery.split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            parameters.merge(name, value, (a, b) -> a + "," + b);
        }
        return parameters;
    }
}
