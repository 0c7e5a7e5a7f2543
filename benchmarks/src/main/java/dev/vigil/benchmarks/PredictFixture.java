package dev.vigil.benchmarks;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.json.Json;
import dev.vigil.onnx.OnnxModel;
import dev.vigil.onnx.OnnxModelVerifier;
import dev.vigil.onnx.SessionSettings;
import dev.vigil.predict.CaptureConfig;
import dev.vigil.predict.PredictConfig;
import dev.vigil.predict.PredictHandler;
import dev.vigil.predict.PredictService;
import dev.vigil.predict.PredictServiceFactory;
import dev.vigil.registry.ModelRegistry;
import dev.vigil.storage.LocalBlobStore;
import dev.vigil.testkit.onnx.TestModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * One benchmark model served over the same ONNX bytes by the production {@link PredictHandler} (models in a
 * {@link LocalBlobStore} under a temp directory, production defaults otherwise), and by a bare {@link OrtSession}
 * with the session options Vigil uses, fed a tensor of the same values and asked for the outputs the handler's
 * decoder asks for; plus the layers in between ({@link OnnxModel}, {@link PredictService}) for a stage breakdown.
 */
public final class PredictFixture implements AutoCloseable {
    private static final OrtEnvironment ENVIRONMENT = OrtEnvironment.getEnvironment();

    private final BenchModel model;
    private final Path root;
    private final PredictService service;
    private final PredictHandler handler;
    private final OrtSession.SessionOptions options;
    private final OrtSession session;
    private final String inputName;
    private final Set<String> outputNames;
    private final OnnxModel onnxModel;

    private PredictFixture(BenchModel model, Path root, PredictService service, OrtSession.SessionOptions options,
            OrtSession session) throws OrtException {
        this.model = model;
        this.root = root;
        this.service = service;
        this.handler = new PredictHandler(service);
        this.options = options;
        this.session = session;
        this.inputName = session.getInputNames().iterator().next();
        this.outputNames = decodedOutputs(model.testModel());
        this.onnxModel = OnnxModel.load(model.testModel().manifest(model.modelName(), BenchModel.VERSION),
                model.testModel().bytes(), SessionSettings.DEFAULT);
    }

    /** Registers and promotes {@code model} in a fresh local store and builds both paths, capture as by default. */
    public static PredictFixture create(BenchModel model) {
        return create(model, CaptureConfig.DEFAULT);
    }

    /**
     * Registers and promotes {@code model} in a fresh local store and builds both paths, the service capturing to
     * stdout as {@code capture} says (as {@code PredictServiceFactory} wires it in Lambda, without a key).
     */
    public static PredictFixture create(BenchModel model, CaptureConfig capture) {
        TestModel<?> testModel = model.testModel();
        Path root = null;
        OrtSession.SessionOptions options = null;
        try {
            root = Files.createTempDirectory("vigil-bench-");
            LocalBlobStore store = new LocalBlobStore(root);
            ModelRegistry registry = new ModelRegistry(store, new OnnxModelVerifier());
            registry.register(model.draft(), testModel.bytes());
            registry.promote(model.modelName(), BenchModel.VERSION, "benchmark");
            PredictConfig config = new PredictConfig("local", "Vigil", Duration.ofSeconds(60), 1000, 1 << 20,
                    List.of(model.modelName()), SessionSettings.DEFAULT).withCapture(capture);
            PredictService service = PredictServiceFactory.create(store, config);
            options = sessionOptions(SessionSettings.DEFAULT);
            OrtSession session = ENVIRONMENT.createSession(testModel.bytes(), options);
            return new PredictFixture(model, root, service, options, session);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (OrtException e) {
            if (options != null) {
                options.close();
            }
            throw new IllegalStateException("ONNX Runtime cannot load " + model, e);
        }
    }

    /** The options {@code OnnxModel.load} sets (optimisation ALL, sequential, one inter-op thread, log at ERROR). */
    static OrtSession.SessionOptions sessionOptions(SessionSettings settings) throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
        options.setIntraOpNumThreads(settings.intraOpThreads());
        options.setInterOpNumThreads(1);
        options.setSessionLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
        return options;
    }

    /**
     * The outputs Vigil's decoder requests: the scores output only, since binary classifiers take their label from
     * the decision threshold and the benchmark models have no other outputs that are read.
     */
    static Set<String> decodedOutputs(TestModel<?> model) {
        String scores = model.output().scoresOutput();
        return Set.of(scores != null ? scores : "probabilities");
    }

    public BenchModel model() {
        return model;
    }

    public PredictHandler handler() {
        return handler;
    }

    public PredictService service() {
        return service;
    }

    /** The whole warm path: event in, response out, Powertools logging and EMF metrics included. */
    public APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event, Context context) {
        return handler.handleRequest(event, context);
    }

    /** Vigil's model wrapper over the same bytes (tensor, run, decode): the stage between bare and service. */
    public OnnxModel onnxModel() {
        return onnxModel;
    }

    /** A direct, native-order buffer holding {@code values}: ONNX Runtime reads it in place. */
    public static FloatBuffer directBuffer(float[] values) {
        FloatBuffer buffer = ByteBuffer.allocateDirect(values.length * Float.BYTES).order(ByteOrder.nativeOrder())
                .asFloatBuffer();
        buffer.put(values).flip();
        return buffer;
    }

    /**
     * The bare call: a tensor over {@code input} ({@code rows} × features, created per call as the handler does)
     * and one {@code OrtSession.run}; the caller reads the result before it is closed.
     */
    public OrtSession.Result runBare(FloatBuffer input, int rows) throws OrtException {
        try (OnnxTensor tensor = OnnxTensor.createTensor(ENVIRONMENT, input, new long[] {rows, model.features()})) {
            return session.run(Map.of(inputName, tensor), outputNames);
        }
    }

    /**
     * The largest difference between a probability the handler answered and the bare call's output for the same
     * rows; proves both paths run the same model on the same values.
     *
     * @throws IllegalStateException when the answer is not a 200 with one prediction per row
     */
    public double largestDifference(APIGatewayV2HTTPResponse response, FloatBuffer input, int rows)
            throws OrtException {
        if (response.getStatusCode() != 200) {
            throw new IllegalStateException("the handler answered " + response.getStatusCode() + ": "
                    + response.getBody());
        }
        JsonNode predictions;
        try {
            predictions = Json.MAPPER.readTree(response.getBody()).get("predictions");
        } catch (IOException e) {
            throw new IllegalStateException("the handler answered a body that is not JSON: " + response.getBody(), e);
        }
        if (predictions == null || predictions.size() != rows) {
            throw new IllegalStateException("expected " + rows + " predictions, got " + response.getBody());
        }
        List<String> labels = model.testModel().labels();
        double largest = 0;
        try (OrtSession.Result result = runBare(input, rows)) {
            float[][] bare = (float[][]) result.get(0).getValue();
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < labels.size(); c++) {
                    double answered = predictions.get(r).get("probabilities").get(labels.get(c)).asDouble();
                    largest = Math.max(largest, Math.abs(answered - bare[r][c]));
                }
            }
        }
        return largest;
    }

    @Override
    public void close() {
        service.close();
        onnxModel.close();
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        } finally {
            options.close();
            deleteTree(root);
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp directory left behind is not worth failing a benchmark for
        }
    }
}
