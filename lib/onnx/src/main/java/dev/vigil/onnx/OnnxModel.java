package dev.vigil.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import dev.vigil.model.ModelManifest;
import dev.vigil.registry.ModelRejectedException;
import dev.vigil.registry.VerifiedArtifact;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * One model version loaded into ONNX Runtime, decoding its outputs as its manifest says. Loading checks that the
 * graph agrees with the manifest (one float input {@code [N, F]} with F = the manifest's feature count, outputs that
 * can be read for its task and labels). Safe for concurrent {@code predict} calls; {@link #close()} waits for calls
 * in flight, then releases the native session.
 *
 * <p>A graph exported with a fixed batch size (e.g. {@code [1, F]}, torch.onnx without dynamic axes) is run in
 * chunks of that size, the last chunk padded with zero rows whose outputs are discarded.
 */
public final class OnnxModel implements AutoCloseable {
    /**
     * The process-wide environment; sessions log at ERROR so ONNX Runtime's notices do not interleave with JSON logs.
     */
    private static final OrtEnvironment ENVIRONMENT = OrtEnvironment.getEnvironment();
    private static final ThreadLocal<FloatBuffer> INPUT_BUFFER = new ThreadLocal<>();

    private final ModelManifest manifest;
    private final OrtSession.SessionOptions options;
    private final OrtSession session;
    private final GraphSignature signature;
    private final OutputDecoder decoder;
    private final String inputName;
    private final int features;
    private final int fixedBatch;
    private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private boolean closed;

    private OnnxModel(ModelManifest manifest, OrtSession.SessionOptions options, OrtSession session,
            GraphSignature signature, OutputDecoder decoder, ValueSpec input) {
        this.manifest = manifest;
        this.options = options;
        this.session = session;
        this.signature = signature;
        this.decoder = decoder;
        this.inputName = input.name();
        this.features = manifest.features().size();
        this.fixedBatch = input.dim(0) > 0 ? (int) input.dim(0) : 0;
    }

    /** Loads an artifact the registry has checked against its manifest, with {@link SessionSettings#DEFAULT}. */
    public static OnnxModel load(VerifiedArtifact artifact) {
        return load(artifact.manifest(), artifact.bytes(), SessionSettings.DEFAULT);
    }

    /** Loads an artifact the registry has checked against its manifest. */
    public static OnnxModel load(VerifiedArtifact artifact, SessionSettings settings) {
        return load(artifact.manifest(), artifact.bytes(), settings);
    }

    /** Loads with {@link SessionSettings#DEFAULT}. */
    public static OnnxModel load(ModelManifest manifest, byte[] onnx) {
        return load(manifest, onnx, SessionSettings.DEFAULT);
    }

    /**
     * Loads {@code onnx} into a new session and checks it against {@code manifest}.
     *
     * @throws ModelRejectedException when ONNX Runtime cannot load the bytes or the graph disagrees with the
     *     manifest; the message names the model version and both sides of the disagreement
     */
    public static OnnxModel load(ModelManifest manifest, byte[] onnx, SessionSettings settings) {
        Objects.requireNonNull(manifest, "manifest");
        Objects.requireNonNull(onnx, "onnx");
        requireUniqueLabels(manifest);
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        OrtSession session = null;
        try {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            options.setIntraOpNumThreads(settings.intraOpThreads());
            options.setInterOpNumThreads(1);
            options.setSessionLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
            session = ENVIRONMENT.createSession(onnx, options);
            GraphSignature signature = GraphSignature.of(session.getInputInfo(), session.getOutputInfo());
            ValueSpec input = checkInput(manifest, signature);
            OutputDecoder decoder = OutputDecoder.forModel(manifest, signature);
            return new OnnxModel(manifest, options, session, signature, decoder, input);
        } catch (OrtException | RuntimeException e) {
            release(session);
            options.close();
            if (e instanceof ModelRejectedException rejected) {
                throw rejected;
            }
            throw new ModelRejectedException(manifest.ref() + ": ONNX Runtime cannot load the model: "
                    + e.getMessage(), e);
        }
    }

    public ModelManifest manifest() {
        return manifest;
    }

    /** The graph's inputs and outputs as ONNX Runtime reports them. */
    public GraphSignature signature() {
        return signature;
    }

    /** Columns each row must have (the manifest's feature count). */
    public int featureCount() {
        return features;
    }

    /**
     * Predicts one row per element of {@code rows}, each holding the manifest's features in order.
     *
     * @throws IllegalArgumentException when a row has the wrong number of values
     * @throws InferenceException when the model fails to run or its outputs disagree with the manifest
     * @throws IllegalStateException after {@link #close()}
     */
    public Predictions predict(float[][] rows) {
        Objects.requireNonNull(rows, "rows");
        float[] flat = new float[Math.multiplyExact(rows.length, features)];
        for (int r = 0; r < rows.length; r++) {
            if (rows[r] == null || rows[r].length != features) {
                throw new IllegalArgumentException("row " + r + " has " + (rows[r] == null ? 0 : rows[r].length)
                        + " values; " + manifest.ref() + " takes " + features + " features " + manifest.features());
            }
            System.arraycopy(rows[r], 0, flat, r * features, features);
        }
        return predict(flat, rows.length);
    }

    /**
     * Predicts {@code n} rows stored row-major in the first {@code n * F} values of {@code rows} (no per-row
     * arrays; the array may be a reused, larger buffer).
     *
     * @throws IllegalArgumentException when {@code rows} holds fewer than {@code n * F} values
     * @throws InferenceException when the model fails to run or its outputs disagree with the manifest
     * @throws IllegalStateException after {@link #close()}
     */
    public Predictions predict(float[] rows, int n) {
        Objects.requireNonNull(rows, "rows");
        if (n < 0 || rows.length < (long) n * features) {
            throw new IllegalArgumentException(n + " rows of " + features + " features need " + (long) n * features
                    + " values, got " + rows.length);
        }
        lifecycle.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException(manifest.ref() + " is closed");
            }
            return run(rows, n);
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    private Predictions run(float[] rows, int n) {
        Predictions.Builder out = new Predictions.Builder(manifest.task(), manifest.labels(), n);
        int chunk = fixedBatch > 0 ? fixedBatch : Math.max(n, 1);
        for (int start = 0; start < n; start += chunk) {
            int count = Math.min(chunk, n - start);
            int fed = fixedBatch > 0 ? fixedBatch : count;
            FloatBuffer input = inputBuffer(fed * features);
            input.put(rows, start * features, count * features);
            while (input.hasRemaining()) {
                input.put(0f);
            }
            input.flip();
            try (OnnxTensor tensor = OnnxTensor.createTensor(ENVIRONMENT, input, new long[] {fed, features});
                    OrtSession.Result result = session.run(Map.of(inputName, tensor), decoder.outputNames())) {
                decoder.decode(result, count, out, start);
            } catch (OrtException e) {
                throw new InferenceException(manifest.ref(), "ONNX Runtime failed: " + e.getMessage(), e);
            }
        }
        return out.build();
    }

    /** A direct, native-order buffer reused per thread, so ONNX Runtime reads the rows without another copy. */
    private static FloatBuffer inputBuffer(int floats) {
        FloatBuffer buffer = INPUT_BUFFER.get();
        if (buffer == null || buffer.capacity() < floats) {
            int capacity = Math.max(floats, buffer == null ? 256 : buffer.capacity() * 2);
            buffer = ByteBuffer.allocateDirect(capacity * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
            INPUT_BUFFER.set(buffer);
        }
        buffer.clear().limit(floats);
        return buffer;
    }

    public boolean isClosed() {
        lifecycle.readLock().lock();
        try {
            return closed;
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    /** Waits for predictions in flight, then releases the native session. Idempotent. */
    @Override
    public void close() {
        lifecycle.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            release(session);
            options.close();
        } finally {
            lifecycle.writeLock().unlock();
        }
    }

    @Override
    public String toString() {
        return "OnnxModel[" + manifest.ref() + ", " + manifest.task() + ", " + features + " features]";
    }

    private static ValueSpec checkInput(ModelManifest manifest, GraphSignature signature) {
        int features = manifest.features().size();
        if (signature.inputs().size() != 1) {
            throw new ModelRejectedException(manifest.ref() + ": the graph has " + signature.inputs().size()
                    + " inputs " + signature.inputs().stream().map(ValueSpec::name).toList()
                    + "; Vigil feeds exactly one float tensor [N, " + features + "]");
        }
        ValueSpec input = signature.inputs().get(0);
        if (!input.isTensor() || !"FLOAT".equals(input.elementType()) || input.rank() != 2) {
            throw new ModelRejectedException(manifest.ref() + ": input '" + input.name() + "' is "
                    + input.describe() + "; Vigil feeds a float tensor [N, " + features + "]");
        }
        long columns = input.dim(1);
        if (columns != ValueSpec.DYNAMIC && columns != features) {
            throw new ModelRejectedException(manifest.ref() + ": input '" + input.name() + "' has " + columns
                    + " columns but the manifest lists " + features + " features " + manifest.features());
        }
        return input;
    }

    private static void requireUniqueLabels(ModelManifest manifest) {
        if (manifest.labels().stream().distinct().count() != manifest.labels().size()) {
            throw new ModelRejectedException(manifest.ref() + ": manifest labels must be unique: " + manifest.labels());
        }
    }

    private static void release(OrtSession session) {
        if (session == null) {
            return;
        }
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed to release a session", e);
        }
    }
}
