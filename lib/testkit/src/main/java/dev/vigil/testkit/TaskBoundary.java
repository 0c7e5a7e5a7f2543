package dev.vigil.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where moto's Step Functions interpreter sends its service calls when moto runs with {@code MOTO_PORT} set to this
 * boundary's port: Lambda {@code Invoke} calls are answered by handlers running in this JVM (moto's own Lambda
 * needs Docker), every other call is passed to moto unchanged. So a state machine definition runs in moto's
 * interpreter with the real handlers as its Lambda tasks. Loopback only.
 */
public final class TaskBoundary implements AutoCloseable {
    private static final Pattern INVOKE = Pattern.compile("/2015-03-31/functions/([^/]+)/invocations");
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "content-length", "host", "transfer-encoding",
            "expect", "upgrade");

    private static final Pattern COLON = Pattern.compile(":");

    private final HttpServer server;
    private final HttpClient client = HttpClient.newHttpClient();
    private final Map<String, UnaryOperator<byte[]>> handlers = new ConcurrentHashMap<>();
    private final List<String> invoked = new CopyOnWriteArrayList<>();
    private volatile URI target;
    private volatile URI stepFunctions;

    private TaskBoundary() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        } catch (IOException e) {
            throw new UncheckedIOException("no loopback port for the task boundary", e);
        }
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "vigil-task-boundary");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", this::handle);
    }

    /** A boundary on a free loopback port; {@link #forwardingTo} says where the calls it does not answer go. */
    public static TaskBoundary start() {
        TaskBoundary boundary = new TaskBoundary();
        boundary.server.start();
        return boundary;
    }

    /** Where calls that are not Lambda invocations go. */
    public TaskBoundary forwardingTo(URI motoEndpoint) {
        this.target = motoEndpoint;
        return this;
    }

    /**
     * Where Step Functions API calls ({@code X-Amz-Target: AWSStepFunctions.*}) go, so that clients of this boundary
     * (a retrain-trigger starting executions) reach the interpreter of the moment while their other calls reach the
     * data emulator.
     */
    public TaskBoundary stepFunctionsTo(URI interpreter) {
        this.stepFunctions = interpreter;
        return this;
    }

    /** This boundary's endpoint, for SDK clients that should reach what it routes to. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port());
    }

    /** The port to give moto as {@code MOTO_PORT}. */
    public int port() {
        return server.getAddress().getPort();
    }

    /**
     * Serves invocations of the function named {@code functionName} (the last part of its ARN, qualifier dropped)
     * with {@code handler}: payload in, response out. A handler that throws answers as Lambda does for a function
     * error: {@code X-Amz-Function-Error: Unhandled} and {@code {errorType, errorMessage}}.
     */
    public TaskBoundary serve(String functionName, UnaryOperator<byte[]> handler) {
        handlers.put(functionName, handler);
        return this;
    }

    /** The functions invoked so far, in order. */
    public List<String> invoked() {
        return List.copyOf(invoked);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            Matcher m = INVOKE.matcher(exchange.getRequestURI().getPath());
            if (m.matches() && "POST".equals(exchange.getRequestMethod())) {
                invoke(exchange, functionName(m.group(1)), body);
            } else {
                forward(exchange, body);
            }
        }
    }

    private static String functionName(String pathPart) {
        String name = URLDecoder.decode(pathPart, StandardCharsets.UTF_8);
        if (name.startsWith("arn:")) {
            String[] parts = COLON.split(name, -1);
            name = parts.length > 6 ? parts[6] : name;
        }
        int colon = name.indexOf(':');
        return colon < 0 ? name : name.substring(0, colon);
    }

    private void invoke(HttpExchange exchange, String function, byte[] payload) throws IOException {
        invoked.add(function);
        UnaryOperator<byte[]> handler = handlers.get(function);
        byte[] response;
        if (handler == null) {
            response = ("{\"errorType\":\"ResourceNotFoundException\",\"errorMessage\":\"no handler for " + function
                    + " in this test\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("X-Amz-Function-Error", "Unhandled");
        } else {
            try {
                response = handler.apply(payload);
            } catch (RuntimeException e) {
                String message = String.valueOf(e.getMessage()).replace("\\", "\\\\").replace("\"", "\\\"");
                response = ("{\"errorType\":\"" + e.getClass().getName() + "\",\"errorMessage\":\"" + message
                        + "\"}").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("X-Amz-Function-Error", "Unhandled");
            }
        }
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.getResponseHeaders().add("X-Amz-Executed-Version", "$LATEST");
        exchange.sendResponseHeaders(200, response.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(response);
        }
    }

    private void forward(HttpExchange exchange, byte[] body) throws IOException {
        String amzTarget = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        URI base = amzTarget != null && amzTarget.startsWith("AWSStepFunctions.") && stepFunctions != null
                ? stepFunctions : target;
        if (base == null) {
            exchange.sendResponseHeaders(503, -1);
            return;
        }
        URI uri = base.resolve(exchange.getRequestURI().toString());
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(v -> request.header(name, v));
            }
        });
        HttpResponse<byte[]> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.sendResponseHeaders(503, -1);
            return;
        }
        response.headers().map().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                values.forEach(v -> exchange.getResponseHeaders().add(name, v));
            }
        });
        byte[] out = response.body();
        exchange.sendResponseHeaders(response.statusCode(), out.length == 0 ? -1 : out.length);
        if (out.length > 0) {
            try (OutputStream o = exchange.getResponseBody()) {
                o.write(out);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
