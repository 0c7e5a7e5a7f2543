package dev.vigil.benchmarks;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.vigil.onnx.OnnxModel;
import dev.vigil.onnx.Predictions;
import dev.vigil.onnx.SessionSettings;
import dev.vigil.testkit.onnx.TestModel;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Map;
import java.util.Set;

/**
 * Scores rows already in memory in batches, two ways: a bare {@link OrtSession#run} per batch (the session options
 * Vigil uses, the outputs Vigil's decoder reads, the output read back), and Vigil's {@link OnnxModel#predict} wrapper
 * (tensor, run, decode). The floor evaluate's end-to-end rate is compared with.
 */
final class BareBatchScorer implements AutoCloseable {
    private static final OrtEnvironment ENVIRONMENT = OrtEnvironment.getEnvironment();

    private final int features;
    private final OrtSession.SessionOptions options;
    private final OrtSession session;
    private final String inputName;
    private final Set<String> outputs;
    private final OnnxModel model;
    private double sink;

    BareBatchScorer(EvaluateBenchModel benchModel) throws OrtException {
        TestModel<?> m = benchModel.testModel();
        this.features = m.featureCount();
        this.options = PredictFixture.sessionOptions(SessionSettings.DEFAULT);
        this.session = ENVIRONMENT.createSession(m.bytes(), options);
        this.inputName = session.getInputNames().iterator().next();
        this.outputs = PredictFixture.decodedOutputs(m);
        this.model = OnnxModel.load(m.manifest(benchModel.modelName(), EvaluateDeployment.VERSION), m.bytes(),
                SessionSettings.DEFAULT);
    }

    /** Seconds to score all {@code rows} of {@code values} through {@code OrtSession.run}, {@code batch} at a time. */
    double bare(float[] values, int rows, int batch) throws OrtException {
        FloatBuffer input = ByteBuffer.allocateDirect(batch * features * Float.BYTES).order(ByteOrder.nativeOrder())
                .asFloatBuffer();
        long start = System.nanoTime();
        for (int r = 0; r < rows; r += batch) {
            int n = Math.min(batch, rows - r);
            input.clear();
            input.put(values, r * features, n * features).flip();
            try (OnnxTensor tensor = OnnxTensor.createTensor(ENVIRONMENT, input, new long[] {n, features});
                    OrtSession.Result result = session.run(Map.of(inputName, tensor), outputs)) {
                FloatBuffer out = ((OnnxTensor) result.get(0)).getFloatBuffer();
                sink += out.get(out.limit() - 1);
            }
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /** Seconds to score all {@code rows} through {@link OnnxModel#predict(float[], int)}, {@code batch} at a time. */
    double wrapper(float[] values, int rows, int batch) {
        float[] buffer = new float[batch * features];
        long start = System.nanoTime();
        for (int r = 0; r < rows; r += batch) {
            int n = Math.min(batch, rows - r);
            System.arraycopy(values, r * features, buffer, 0, n * features);
            Predictions p = model.predict(buffer, n);
            sink += p.score(n - 1);
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /** Keeps the outputs observable, so no scoring can be optimised away. */
    double sink() {
        return sink;
    }

    @Override
    public void close() throws OrtException {
        model.close();
        session.close();
        options.close();
    }
}
