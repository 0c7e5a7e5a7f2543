package dev.vigil.predict;

import dev.vigil.capture.PredictionCapture;
import dev.vigil.capture.ServedBy;
import dev.vigil.onnx.Predictions;
import dev.vigil.serving.ApiException;
import dev.vigil.serving.ChampionCache;
import dev.vigil.serving.ErrorKind;
import dev.vigil.serving.ParsedRequest;
import dev.vigil.serving.PredictionIds;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The predict function without Lambda: routes a request, reads instances, runs the champion model and shapes the
 * JSON answer, with an id per prediction (the caller's, or a UUIDv7 from {@link PredictionIds}). After a 200 answer
 * the sampled predictions are captured ({@link PredictionCapture}); capture never changes the answer. Anything a
 * caller sends is answered with a status and a JSON body, never an exception.
 */
public final class PredictService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PredictService.class);

    private final ChampionCache<ServedModel> champions;
    private final PredictConfig config;
    private final PredictMetrics metrics;
    private final PredictionIds ids;
    private final PredictionCapture capture;
    private final Clock clock;
    private final LabelsService labels;
    private volatile boolean priming;

    PredictService(ChampionCache<ServedModel> champions, PredictConfig config, PredictMetrics metrics,
            PredictionIds ids, PredictionCapture capture, Clock clock, LabelsService labels) {
        this.champions = champions;
        this.config = config;
        this.metrics = metrics;
        this.ids = ids;
        this.capture = capture;
        this.clock = clock;
        this.labels = labels;
    }

    /** Builds the service from Lambda environment variables (see {@link PredictConfig}). */
    public static PredictService fromEnvironment(Map<String, String> env) {
        return PredictServiceFactory.create(PredictConfig.fromEnvironment(env), LabelsConfig.fromEnvironment(env));
    }

    /** Answers one request; never throws. */
    public HttpResult handle(String method, String path, String contentType, Body body) {
        long start = System.nanoTime();
        Route route = null;
        try {
            route = Route.parse(method, path);
            HttpResult result = switch (route.kind()) {
                case HEALTH -> HttpResult.ok("{\"status\":\"ok\"}", null, 0);
                case METADATA -> metadata(route.model());
                case PREDICT -> predict(route.model(), contentType, body);
                case LABELS -> labels.accept(route.model(), jsonBody(contentType, body));
            };
            if (route.kind() == Route.Kind.PREDICT) {
                metrics.served(route.model(), result.modelVersion(), result.instances(),
                        (System.nanoTime() - start) / 1e6, result.captured());
            }
            return result;
        } catch (ApiException e) {
            return failed(route, e);
        } catch (RuntimeException | Error e) {
            LOG.error("predict failed unexpectedly on {} {}", method, path, e);
            return failed(route, new ApiException(ErrorKind.INTERNAL, "internal error; the request id is in the logs"));
        }
    }

    private HttpResult failed(Route route, ApiException e) {
        String model = route == null ? null : route.model();
        LOG.warn("rejected request: kind={} status={} model={} message={}",
                e.kind().code(), e.status(), model, e.getMessage());
        if (route != null && route.kind() == Route.Kind.LABELS) {
            metrics.labelsFailed(model, e.kind().code());
        } else {
            metrics.failed(model, e.kind().code());
        }
        return HttpResult.error(e);
    }

    private HttpResult predict(String model, String contentType, Body body) {
        byte[] bytes = jsonBody(contentType, body);
        try (ChampionCache.Lease<ServedModel> lease = champions.lease(model)) {
            ServedModel served = lease.model();
            ParsedRequest request = served.reader().read(bytes);
            Predictions predictions = served.predict(request);
            String[] predictionIds = request.idsOrGenerated(ids);
            String requestId = request.requestIdOrGenerated(ids);
            String json = served.answerJson(predictions, predictionIds, request.ids(), requestId);
            int captured = priming ? 0 : capture.capture(new ServedBy(model, lease.version(),
                    served.manifest().features(), requestId, clock.instant()), predictionIds, request.values(),
                    request.texts(), row -> served.capturedOutput(predictions, row));
            return HttpResult.ok(json, lease.version(), request.rows(), captured);
        }
    }

    /** The body's bytes, when it is JSON (or untyped) and within the size limit. */
    private byte[] jsonBody(String contentType, Body body) {
        requireJson(contentType);
        if (body.approximateBytes() > config.maxBodyBytes()) {
            throw tooLarge();
        }
        byte[] bytes = body.bytes().get();
        if (bytes.length > config.maxBodyBytes()) {
            throw tooLarge();
        }
        return bytes;
    }

    private HttpResult metadata(String model) {
        try (ChampionCache.Lease<ServedModel> lease = champions.lease(model)) {
            return HttpResult.ok(lease.model().metadataJson(), lease.version(), 0);
        }
    }

    private ApiException tooLarge() {
        return new ApiException(ErrorKind.BODY_TOO_LARGE,
                "request body is larger than " + config.maxBodyBytes() + " bytes; send fewer instances (or labels)"
                        + " per request");
    }

    private static void requireJson(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return; // lenient: a body without a content type is read as JSON
        }
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!type.equals("application/json") && !type.endsWith("+json")) {
            throw new ApiException(ErrorKind.UNSUPPORTED_MEDIA_TYPE,
                    "content-type " + ApiException.excerpt(type) + " is not supported; send application/json");
        }
    }

    /** Sends one request through whatever front the caller primes (the service itself, or the Lambda handler). */
    @FunctionalInterface
    public interface PrimingInvoker {
        /** Sends {@code POST path} with a JSON {@code body}; returns the HTTP status answered. */
        int post(String path, byte[] body);
    }

    /** Primes through the service alone; see {@link #prime(PrimingInvoker)}. */
    int prime() {
        return prime((path, body) -> handle("POST", path, "application/json", Body.of(body)).status());
    }

    /**
     * Sends one whole prediction request (one all-zero instance) per preloaded model through {@code invoker}, so
     * class loading, JIT-critical paths, the JSON reader and writer, the EMF serialisers and ONNX Runtime's first-run
     * allocations happen before a SnapStart snapshot rather than on the first user request. While priming, metrics
     * count {@code SnapStartPriming} instead of latency and instances, so priming does not pollute request metrics.
     *
     * @return how many models answered 200
     */
    int prime(PrimingInvoker invoker) {
        int primed = 0;
        metrics.priming(true);
        priming = true;
        try {
            for (String model : config.preloadModels()) {
                try {
                    byte[] body = primingBody(model);
                    if (body != null && invoker.post("/v1/models/" + model + ":predict", body) == 200) {
                        primed++;
                    }
                } catch (RuntimeException e) {
                    LOG.warn("could not prime model {}: {}", model, e.getMessage());
                }
            }
        } finally {
            metrics.priming(false);
            priming = false;
        }
        return primed;
    }

    private byte[] primingBody(String model) {
        try (ChampionCache.Lease<ServedModel> lease = champions.lease(model)) {
            int width = lease.model().reader().features().size();
            StringBuilder json = new StringBuilder("{\"instances\":[[");
            for (int i = 0; i < width; i++) {
                json.append(i == 0 ? "0" : ",0");
            }
            return json.append("]]}").toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        } catch (ApiException e) {
            LOG.warn("could not prime model {}: {}", model, e.getMessage());
            return null;
        }
    }

    /**
     * After a SnapStart restore: re-read champion pointers on the next request (the snapshot may be old), reseed the
     * id generator (every container restored from one snapshot holds the same seed) and read the capture key again
     * in the background. Never throws: the runtime ends a restore whose hook throws.
     */
    void afterRestore() {
        try {
            ids.reseed();
        } catch (RuntimeException e) {
            LOG.error("could not reseed prediction ids after a restore", e);
        }
        try {
            champions.expireAll();
        } catch (RuntimeException e) {
            LOG.error("could not expire champion pointers after a restore", e);
        }
        capture.refreshKeyInBackground();
    }

    @Override
    public void close() {
        try {
            capture.close();
        } finally {
            champions.close();
        }
    }
}
