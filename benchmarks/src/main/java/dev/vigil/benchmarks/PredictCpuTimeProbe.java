package dev.vigil.benchmarks;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.vigil.lambda.InvocationContext;
import dev.vigil.predict.Body;
import dev.vigil.predict.CaptureConfig;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Predict's cost in CPU time rather than wall time, for a machine too loaded for {@link PredictHandlerBenchmark}'s
 * wall-clock samples: the small model ({@link PredictFixture}), one instance and 100, each layer (bare
 * {@code OrtSession.run}, {@code PredictService.handle}, the handler) timed with the calling thread's CPU clock in
 * blocks of {@value #BLOCK} calls that take turns, so time the thread spends preempted is not counted; the median
 * block per call is printed. Before that, the first requests from a fresh JVM (after one priming request, as
 * SnapStart's hook sends): the medians of requests 1-10, 11-100, ... and the whole process's CPU time over them
 * (compiler threads included), which is what a one-vCPU function pays while the JIT warms up.
 *
 * <p>Arguments: {@code [first-requests] [warm-blocks] [capture-off]}, default 20,000 and 400, capture at 100%.
 * Run one JVM per flag set, e.g.
 * {@code taskset -c 0 java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp ... PredictCpuTimeProbe}.
 */
public final class PredictCpuTimeProbe {
    static final int BLOCK = 50;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private PredictCpuTimeProbe() {}

    public static void main(String[] args) throws Exception {
        int first = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int blocks = args.length > 1 ? Integer.parseInt(args[1]) : 400;
        boolean captureOff = args.length > 2 && args[2].equals("capture-off");
        PredictHandlerBenchmark.requireEmfOnStdout();
        DevNullStdout.install();
        Context context = new InvocationContext("vigil-predict", "cpu-time", 30_000, 1769);
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        CaptureConfig capture = captureOff ? CaptureConfig.DEFAULT.withPolicy(PredictCaptureBenchmark.NOTHING_SAMPLED)
                : CaptureConfig.DEFAULT;
        try (PredictFixture fixture = PredictFixture.create(BenchModel.SMALL, capture)) {
            List<SampleRequest> samples = List.of(SampleRequest.create(SampleRequest.eventsDir(), BenchModel.SMALL,
                    1), SampleRequest.create(SampleRequest.eventsDir(), BenchModel.SMALL,
                            PredictHandlerBenchmark.BATCH));
            APIGatewayV2HTTPEvent firstEvent = samples.get(0).event();
            fixture.handle(firstEvent, context); // the priming request
            long[] micros = new long[first];
            long processStart = os.getProcessCpuTime();
            for (int i = 0; i < first; i++) {
                long start = THREADS.getCurrentThreadCpuTime();
                fixture.handle(firstEvent, context);
                micros[i] = (THREADS.getCurrentThreadCpuTime() - start) / 1_000;
            }
            long processMillis = (os.getProcessCpuTime() - processStart) / 1_000_000;
            StringBuilder line = new StringBuilder("first requests (1 instance), request-thread CPU p50 µs:");
            for (int from = 0, to = 10; from < first; from = to, to *= 10) {
                long[] decade = Arrays.copyOfRange(micros, from, Math.min(to, first));
                Arrays.sort(decade);
                line.append(String.format(Locale.ROOT, " %d-%d: %d;", from + 1, Math.min(to, first),
                        decade[decade.length / 2]));
            }
            System.err.println(line + String.format(Locale.ROOT, " process CPU for all %d: %d ms", first,
                    processMillis));
            for (SampleRequest sample : samples) {
                warm(fixture, sample, context, blocks);
            }
        }
    }

    private static void warm(PredictFixture fixture, SampleRequest sample, Context context, int blocks)
            throws Exception {
        APIGatewayV2HTTPEvent event = sample.event();
        byte[] body = event.getBody().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        FloatBuffer tensor = PredictFixture.directBuffer(sample.values());
        String path = event.getRawPath();
        double[][] perCall = new double[3][blocks];
        for (int b = -blocks / 4; b < blocks; b++) { // the first quarter warms up and is not kept
            for (int k = 0; k < 3; k++) {
                int layer = Math.floorMod(b + k, 3);
                long start = THREADS.getCurrentThreadCpuTime();
                for (int call = 0; call < BLOCK; call++) {
                    switch (layer) {
                        case 0 -> fixture.runBare(tensor, sample.instances()).close();
                        case 1 -> fixture.service().handle("POST", path, "application/json", Body.of(body));
                        default -> fixture.handle(event, context);
                    }
                }
                if (b >= 0) {
                    perCall[layer][b] = (THREADS.getCurrentThreadCpuTime() - start) / 1e3 / BLOCK;
                }
            }
        }
        double bare = median(perCall[0]);
        double service = median(perCall[1]);
        double handler = median(perCall[2]);
        System.err.printf(Locale.ROOT, "warm %d instance(s), CPU µs per call (median of %d blocks of %d): bare %.2f,"
                + " service %.2f, handler %.2f; handler - bare %.2f, handler / bare %.2f%n", sample.instances(),
                blocks, BLOCK, bare, service, handler, handler - bare, handler / bare);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
