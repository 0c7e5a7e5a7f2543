package dev.vigil.benchmarks;

import ai.onnxruntime.OrtException;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.vigil.lambda.InvocationContext;
import dev.vigil.predict.Body;
import dev.vigil.predict.PredictMetrics;
import dev.vigil.serving.InstanceReader;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * Why the heavy model's handler overhead is far above the small model's: times each stage of a small-model request
 * with warm caches and right after one heavy-model inference has streamed its 51 MB of weights through the caches,
 * as every request of a heavy-model container does. All stages are C2-compiled first. Arguments: rounds (default
 * 1500). Prints a Markdown table to stderr.
 */
public final class ColdCacheStages {
    private ColdCacheStages() {}

    public static void main(String[] args) throws OrtException {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 1500;
        DevNullStdout.install();
        Path events = SampleRequest.eventsDir();
        SampleRequest request = SampleRequest.create(events, BenchModel.SMALL, 1);
        APIGatewayV2HTTPEvent event = request.event();
        byte[] body = event.getBody().getBytes(StandardCharsets.UTF_8);
        FloatBuffer values = PredictFixture.directBuffer(request.values());
        FloatBuffer heavyValues = PredictFixture.directBuffer(
                SampleRequest.create(events, BenchModel.HEAVY, 1).values());
        PredictMetrics metrics = new PredictMetrics("Vigil");
        InstanceReader reader = new InstanceReader(BenchModel.SMALL.testModel().featureNames(), 1000);
        InvocationContext context = new InvocationContext("vigil-predict", "cold-cache-stages", 30_000, 1769);
        try (PredictFixture small = PredictFixture.create(BenchModel.SMALL);
                PredictFixture heavy = PredictFixture.create(BenchModel.HEAVY)) {
            Map<String, Runnable> stages = new LinkedHashMap<>();
            stages.put("bare OrtSession.run", () -> bare(small, values));
            stages.put("OnnxModel.predict (tensor, run, decode)", () -> small.onnxModel().predict(request.values(), 1));
            stages.put("InstanceReader.read (request body)", () -> reader.read(body));
            stages.put("PredictMetrics.served (Powertools EMF line)", () -> metrics.served("m", "v1", 1, 1.5, 1));
            stages.put("PowertoolsLogging.withLogging (empty body)", () -> PowertoolsLogging.withLogging(context,
                    () -> null));
            stages.put("APIGatewayV2HTTPResponse builder", () -> APIGatewayV2HTTPResponse.builder().withStatusCode(200)
                    .withHeaders(Map.of("content-type", "application/json")).withBody("{}").build());
            stages.put("PredictService.handle (whole service)", () -> small.service().handle("POST",
                    event.getRawPath(), "application/json", Body.of(body)));
            stages.put("PredictHandler.handleRequest (whole handler)", () -> small.handle(event, context));
            for (int i = 0; i < 200_000; i++) {
                stages.values().forEach(Runnable::run);
            }
            Map<String, long[]> warm = new LinkedHashMap<>();
            Map<String, long[]> cold = new LinkedHashMap<>();
            stages.keySet().forEach(k -> {
                warm.put(k, new long[rounds]);
                cold.put(k, new long[rounds]);
            });
            for (int i = 0; i < rounds; i++) {
                for (Map.Entry<String, Runnable> stage : stages.entrySet()) {
                    stage.getValue().run();
                    long start = System.nanoTime();
                    stage.getValue().run();
                    warm.get(stage.getKey())[i] = System.nanoTime() - start;
                    bare(heavy, heavyValues);
                    start = System.nanoTime();
                    stage.getValue().run();
                    cold.get(stage.getKey())[i] = System.nanoTime() - start;
                }
            }
            System.err.printf("| stage (small model, 1 instance) | warm p50 (µs)"
                    + " | after a heavy-model inference p50 (µs) |%n| --- | ---: | ---: |%n");
            for (String stage : stages.keySet()) {
                System.err.printf(Locale.ROOT, "| %s | %.1f | %.1f |%n", stage, median(warm.get(stage)),
                        median(cold.get(stage)));
            }
        }
    }

    private static void bare(PredictFixture fixture, FloatBuffer values) {
        try (var result = fixture.runBare(values, 1)) {
            result.get(0);
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }

    private static double median(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2] / 1000.0;
    }
}
