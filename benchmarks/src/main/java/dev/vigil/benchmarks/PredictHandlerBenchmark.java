package dev.vigil.benchmarks;

import static java.nio.charset.StandardCharsets.UTF_8;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.vigil.lambda.InvocationContext;
import dev.vigil.predict.Body;
import dev.vigil.predict.CaptureConfig;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * Warm predict latency: the production handler, from the {@code APIGatewayV2HTTPEvent} the Lambda runtime
 * deserialised to the {@code APIGatewayV2HTTPResponse} it returns (Powertools logging and EMF metrics included, EMF
 * written to a {@code /dev/null} stdout), against a bare {@code OrtSession.run} of the same values on a session over
 * the same bytes, for one instance and for a batch of 100. Run through {@link BenchmarkReport}, which pairs them.
 *
 * <p>The {@code interleaved*} benchmarks run, in short blocks that take turns within each invocation, the bare call,
 * Vigil's ONNX wrapper, the service without Lambda and the handler, timing every call (see
 * {@link InterleavedSamples}): a drifting machine load cannot bias one against another, and the steps between them
 * say which stage costs what. Blocks, not single calls, because the heavy model's 51 MB of weights exceed the L3
 * cache: a call right after another session's run would find less of its weights cached than one after its own, as
 * in the separate benchmarks and in a Lambda container serving one model.
 *
 * <p>The fork needs {@code AWS_EMF_ENVIRONMENT=Local} in its environment (JMH forks inherit the launcher's), so EMF
 * writes to stdout as it does in Lambda instead of probing for a CloudWatch agent.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class PredictHandlerBenchmark {
    /** Batch size of the batch benchmarks. */
    public static final int BATCH = 100;
    /** The layers the interleaved benchmarks time, innermost first. */
    public static final List<String> LAYERS = List.of("bare", "onnxModel", "service", "handler");
    /** Calls per layer and block; the first of each block, which follows another layer, is not recorded. */
    static final int BLOCK = 16;
    /** Small-model requests that compile the shared Java path before a slow model is measured. */
    static final int SHARED_WARMUP_REQUESTS = 200_000;

    @Param({"small", "heavy"})
    public String model;

    /**
     * {@code on}: capture at 100% (the default policy); {@code off}: the policy that samples nothing, so the path the
     * batch target names (read, tensor, run, decode, answer, EMF) is measured without capture's records.
     */
    @Param({"on"})
    public String capture;

    private PredictFixture fixture;
    private Context context;
    private Request one;
    private Request batch;
    private boolean measuring;
    private int round;
    private long stdoutBytesAtStart;
    private long stdoutWritesAtStart;

    /** One request in every form a layer takes it. */
    private record Request(APIGatewayV2HTTPEvent event, byte[] body, float[] values, FloatBuffer tensorValues,
            int rows, InterleavedSamples samples) {
        static Request of(SampleRequest sample) {
            APIGatewayV2HTTPEvent event = sample.event();
            return new Request(event, event.getBody().getBytes(UTF_8), sample.values(),
                    PredictFixture.directBuffer(sample.values()), sample.instances(), new InterleavedSamples(LAYERS));
        }
    }

    @Setup(Level.Trial)
    public void setUp() throws OrtException {
        requireEmfOnStdout();
        DevNullStdout.install();
        BenchModel benchModel = BenchModel.of(model);
        Path events = SampleRequest.eventsDir();
        one = Request.of(SampleRequest.create(events, benchModel, 1));
        batch = Request.of(SampleRequest.create(events, benchModel, BATCH));
        context = new InvocationContext("vigil-predict", "bench-" + model, 30_000, 1769);
        if (benchModel != BenchModel.SMALL) {
            warmSharedCode(events);
        }
        fixture = PredictFixture.create(benchModel, switch (capture) {
            case "on" -> CaptureConfig.DEFAULT;
            case "off" -> CaptureConfig.DEFAULT.withPolicy(PredictCaptureBenchmark.NOTHING_SAMPLED);
            default -> throw new IllegalArgumentException("capture is on or off, not " + capture);
        });
        for (Request r : List.of(one, batch)) {
            double difference = fixture.largestDifference(fixture.handle(r.event(), context), r.tensorValues(),
                    r.rows());
            if (difference > 1e-6) {
                throw new IllegalStateException("handler and bare call disagree by " + difference);
            }
        }
        stdoutBytesAtStart = DevNullStdout.bytes();
        stdoutWritesAtStart = DevNullStdout.writes();
    }

    /**
     * Runs {@value #SHARED_WARMUP_REQUESTS} small-model requests through a handler of their own, so the Java path all
     * models share (Powertools, EMF, Jackson, Vigil's reader and writer) is fully compiled before a slow model's
     * warm-up starts, as in a container that has served a while: at ~650 requests/s the heavy model alone would
     * leave it partly interpreted through JMH's few seconds of warm-up.
     */
    private void warmSharedCode(Path events) {
        APIGatewayV2HTTPEvent request = SampleRequest.create(events, BenchModel.SMALL, 1).event();
        try (PredictFixture small = PredictFixture.create(BenchModel.SMALL)) {
            for (int i = 0; i < SHARED_WARMUP_REQUESTS; i++) {
                small.handle(request, context);
            }
        }
    }

    @Setup(Level.Iteration)
    public void startIteration(IterationParams iteration) {
        measuring = iteration.getType() == IterationType.MEASUREMENT;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        String name = capture.equals("on") ? model : model + "-capture-" + capture;
        one.samples().writeMedians(name + "-interleavedOneInstance");
        batch.samples().writeMedians(name + "-interleavedBatch100");
        System.err.printf("%n[%s] stdout (EMF metrics, logs) during the trial: %,d bytes in %,d writes%n", model,
                DevNullStdout.bytes() - stdoutBytesAtStart, DevNullStdout.writes() - stdoutWritesAtStart);
        fixture.close();
    }

    @Benchmark
    public APIGatewayV2HTTPResponse handlerOneInstance() {
        return fixture.handle(one.event(), context);
    }

    @Benchmark
    public void bareOneInstance(Blackhole blackhole) throws OrtException {
        runBare(one, blackhole);
    }

    @Benchmark
    public APIGatewayV2HTTPResponse handlerBatch100() {
        return fixture.handle(batch.event(), context);
    }

    @Benchmark
    public void bareBatch100(Blackhole blackhole) throws OrtException {
        runBare(batch, blackhole);
    }

    /** JMH's score is the whole round; the report reads each layer's median from the file written at tear-down. */
    @Benchmark
    public void interleavedOneInstance(Blackhole blackhole) throws OrtException {
        interleave(one, blackhole);
    }

    @Benchmark
    public void interleavedBatch100(Blackhole blackhole) throws OrtException {
        interleave(batch, blackhole);
    }

    private void runBare(Request r, Blackhole blackhole) throws OrtException {
        try (OrtSession.Result result = fixture.runBare(r.tensorValues(), r.rows())) {
            blackhole.consume(result.get(0));
        }
    }

    /** Runs a block of each layer, starting from a different layer each round. */
    private void interleave(Request r, Blackhole blackhole) throws OrtException {
        round++;
        for (int i = 0; i < LAYERS.size(); i++) {
            int layer = (round + i) % LAYERS.size();
            for (int call = 0; call < BLOCK; call++) {
                long start = System.nanoTime();
                switch (layer) {
                    case 0 -> runBare(r, blackhole);
                    case 1 -> blackhole.consume(fixture.onnxModel().predict(r.values(), r.rows()));
                    case 2 -> blackhole.consume(fixture.service().handle("POST", r.event().getRawPath(),
                            "application/json", Body.of(r.body())));
                    default -> blackhole.consume(fixture.handle(r.event(), context));
                }
                long duration = System.nanoTime() - start;
                if (measuring && call > 0) {
                    r.samples().add(layer, duration);
                }
            }
        }
    }

    static void requireEmfOnStdout() {
        if (!"Local".equals(System.getenv("AWS_EMF_ENVIRONMENT"))) {
            throw new IllegalStateException("AWS_EMF_ENVIRONMENT=Local must be set for the benchmark JVM (JMH forks"
                    + " inherit it): without it EMF probes for a CloudWatch agent instead of writing to stdout as in"
                    + " Lambda. Run it through ./vigil mvn ... -Pbench (see docs/performance.md).");
        }
    }
}
