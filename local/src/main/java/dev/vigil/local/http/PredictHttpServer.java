package dev.vigil.local.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The predict API on localhost: every request becomes an API Gateway HTTP API v2 event ({@link HttpApiEvents}) for the
 * predict handler, and its response goes back as status, headers and body, so routes and answers are the deployed
 * ones. Requests are served by a bounded pool ({@code threads} workers, a queue of {@value #QUEUE} connections; when
 * both are full the accepting thread serves the request itself, which slows accepting rather than dropping work).
 * Bodies are read up to the handler's limit plus one byte, enough for it to answer 413. A handler that throws (the
 * predict handler never does) gets API Gateway's answer to a failed integration: 502.
 */
public final class PredictHttpServer implements AutoCloseable {
    static final int QUEUE = 64;

    private final HttpServer server;
    private final ThreadPoolExecutor pool;
    private final Function<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler;
    private final int maxBodyBytes;

    private PredictHttpServer(HttpServer server, ThreadPoolExecutor pool,
            Function<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler, int maxBodyBytes) {
        this.server = server;
        this.pool = pool;
        this.handler = handler;
        this.maxBodyBytes = maxBodyBytes;
    }

    /**
     * Fails now when {@code host:port} is taken, so a command can refuse before it changes anything.
     *
     * @throws PortInUseException when the port is taken
     */
    public static void requireFree(String host, int port) {
        if (port == 0) {
            return;
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(host, port));
        } catch (BindException e) {
            throw new PortInUseException(host, port, e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    /**
     * Listens on {@code host:port} (port 0 picks a free one).
     *
     * @param handler the predict function (one event in, one response out)
     * @throws PortInUseException when the port is taken
     */
    public static PredictHttpServer start(String host, int port, int threads, int maxBodyBytes,
            Function<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), QUEUE);
        } catch (BindException e) {
            throw new PortInUseException(host, port, e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        AtomicInteger ids = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(QUEUE), r -> {
                    Thread t = new Thread(r, "vigil-http-" + ids.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.CallerRunsPolicy());
        PredictHttpServer predict = new PredictHttpServer(server, pool, handler, maxBodyBytes);
        server.createContext("/", predict::serve);
        server.setExecutor(pool);
        server.start();
        return predict;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://host:port}. */
    public URI baseUri() {
        InetSocketAddress address = server.getAddress();
        String host = address.getAddress().isAnyLocalAddress() ? "localhost" : address.getHostString();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort());
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = readBody(exchange.getRequestBody());
            APIGatewayV2HTTPEvent event = HttpApiEvents.of(exchange.getRequestMethod(), exchange.getRequestURI(),
                    exchange.getProtocol(), exchange.getRequestHeaders(),
                    exchange.getRemoteAddress().getAddress().getHostAddress(), body);
            APIGatewayV2HTTPResponse response;
            try {
                response = handler.apply(event);
            } catch (RuntimeException e) {
                response = APIGatewayV2HTTPResponse.builder().withStatusCode(502)
                        .withHeaders(Map.of("content-type", "application/json"))
                        .withBody("{\"message\":\"Internal Server Error\"}").build();
            }
            byte[] out = response.getBody() == null ? new byte[0]
                    : response.getIsBase64Encoded() ? Base64.getDecoder().decode(response.getBody())
                    : response.getBody().getBytes(StandardCharsets.UTF_8);
            Map<String, String> headers = response.getHeaders();
            if (headers != null) {
                headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
            }
            boolean noBody = out.length == 0 || "HEAD".equalsIgnoreCase(exchange.getRequestMethod());
            exchange.sendResponseHeaders(response.getStatusCode(), noBody ? -1 : out.length);
            if (!noBody) {
                try (OutputStream os = exchange.getResponseBody()) {
                    os.write(out);
                }
            }
        }
    }

    private byte[] readBody(InputStream in) throws IOException {
        byte[] body = in.readNBytes(maxBodyBytes + 1);
        in.transferTo(OutputStream.nullOutputStream());
        return body;
    }

    /** Stops accepting, gives requests in progress a second to finish, and stops the pool. */
    @Override
    public void close() {
        server.stop(1);
        pool.shutdownNow();
    }
}
