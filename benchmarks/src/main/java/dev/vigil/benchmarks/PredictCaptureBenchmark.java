package dev.vigil.benchmarks;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.vigil.capture.CapturePolicy;
import dev.vigil.capture.CaptureRecord;
import dev.vigil.lambda.InvocationContext;
import dev.vigil.predict.CaptureConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
 * What capturing every prediction adds to a warm predict request: two production handlers over the small model in one
 * fork, built by {@code PredictServiceFactory} with a {@code StdoutCaptureSink} — one whose capture policy samples
 * every prediction (the default), one whose policy samples none ({@code {"*": {"sample": 0}}}, the way to turn
 * capture off). Run through {@link CaptureOverheadReport}.
 *
 * <p>{@code interleaved} takes turns between the two in blocks of {@value #BLOCK} calls and times every call, so load
 * drifting on a shared machine slows both alike; {@code captureOn}/{@code captureOff} are the same handlers as separate
 * benchmarks. {@code stdout} says where stdout goes: {@code devnull} (the write(2) is made, terminal and log I/O are
 * not measured) or {@code file} (appended to a file in the page cache, emptied each iteration).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class PredictCaptureBenchmark {
    /** The two handlers the interleaved benchmark times, in the order of its samples. */
    public static final List<String> VARIANTS = List.of("captureOff", "captureOn");
    /** Calls per handler and block; the first of each block, which follows the other handler, is not recorded. */
    static final int BLOCK = 16;
    /** The capture policy that samples no prediction of any model. */
    static final CapturePolicy NOTHING_SAMPLED = CapturePolicy.of(Map.of(CapturePolicy.EVERY_OTHER_MODEL,
            new CapturePolicy.ModelPolicy(0.0, List.of(), List.of())));

    @Param({"devnull", "file"})
    public String stdout;

    private PredictFixture captureOff;
    private PredictFixture captureOn;
    private APIGatewayV2HTTPEvent event;
    private Context context;
    private InterleavedSamples samples;
    private boolean measuring;
    private int round;
    private long stdoutBytesAtStart;
    private long stdoutWritesAtStart;

    @Setup(Level.Trial)
    public void setUp() {
        PredictHandlerBenchmark.requireEmfOnStdout();
        if (stdout.equals("file")) {
            DevNullStdout.installFile(Path.of(System.getProperty("java.io.tmpdir"), "vigil-bench-stdout-"
                    + ProcessHandle.current().pid() + ".log").toString());
        } else {
            DevNullStdout.install();
        }
        captureOn = PredictFixture.create(BenchModel.SMALL, CaptureConfig.DEFAULT);
        captureOff = PredictFixture.create(BenchModel.SMALL, CaptureConfig.DEFAULT.withPolicy(NOTHING_SAMPLED));
        event = SampleRequest.create(SampleRequest.eventsDir(), BenchModel.SMALL, 1).event();
        context = new InvocationContext("vigil-predict", "bench-capture", 30_000, 1769);
        requireCaptureLines();
        samples = new InterleavedSamples(VARIANTS);
        stdoutBytesAtStart = DevNullStdout.bytes();
        stdoutWritesAtStart = DevNullStdout.writes();
    }

    /**
     * Proves the two handlers differ by capture only: both answer 200, the capturing one writes one
     * {@value CaptureRecord#SCHEMA} line to stdout per request, the other none.
     */
    private void requireCaptureLines() {
        PrintStream previous = System.out;
        try {
            for (PredictFixture f : List.of(captureOn, captureOff)) {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
                APIGatewayV2HTTPResponse response = f.handle(event, context);
                System.out.flush();
                long lines = bytes.toString(StandardCharsets.UTF_8).lines()
                        .filter(l -> l.contains("\"schema\":\"" + CaptureRecord.SCHEMA + "\"")).count();
                long expected = f == captureOn ? 1 : 0;
                if (response.getStatusCode() != 200 || lines != expected) {
                    throw new IllegalStateException("expected " + expected + " capture line and a 200, got " + lines
                            + " and " + response.getStatusCode() + ": " + bytes.toString(StandardCharsets.UTF_8));
                }
            }
        } finally {
            System.setOut(previous);
        }
    }

    @Setup(Level.Iteration)
    public void startIteration(IterationParams iteration) {
        measuring = iteration.getType() == IterationType.MEASUREMENT;
        DevNullStdout.truncateFile();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        samples.writeMedians("capture-" + stdout);
        System.err.printf("%n[capture, stdout %s] stdout during the trial: %,d bytes in %,d writes%n", stdout,
                DevNullStdout.bytes() - stdoutBytesAtStart, DevNullStdout.writes() - stdoutWritesAtStart);
        DevNullStdout.truncateFile();
        captureOn.close();
        captureOff.close();
    }

    @Benchmark
    public APIGatewayV2HTTPResponse captureOn() {
        return captureOn.handle(event, context);
    }

    @Benchmark
    public APIGatewayV2HTTPResponse captureOff() {
        return captureOff.handle(event, context);
    }

    /** JMH's score is the whole round; the report reads each handler's median from the file written at tear-down. */
    @Benchmark
    public void interleaved(Blackhole blackhole) {
        round++;
        for (int i = 0; i < VARIANTS.size(); i++) {
            int variant = (round + i) % VARIANTS.size();
            PredictFixture f = variant == 0 ? captureOff : captureOn;
            for (int call = 0; call < BLOCK; call++) {
                long start = System.nanoTime();
                blackhole.consume(f.handle(event, context));
                long duration = System.nanoTime() - start;
                if (measuring && call > 0) {
                    samples.add(variant, duration);
                }
            }
        }
    }
}
