package dev.vigil.benchmarks;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import dev.vigil.lambda.InvocationContext;
import dev.vigil.predict.PredictHandler;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The fresh JVM {@link ColdStartProbe} launches: does what the Lambda runtime does on a cold start — construct
 * {@link PredictHandler} with its no-arg constructor (configuration from the environment, S3 fetch, ONNX load),
 * deserialise the event with the runtime's serialiser, invoke the handler once — and prints a marker line the moment
 * the first response exists, then its own timings. Runs on predict.jar's classpath plus the serialiser, nothing else.
 *
 * <p>Arguments: the event file, then optionally {@code --prime} to run the SnapStart priming hook
 * ({@code beforeCheckpoint}) after init and before the first request, as a restored snapshot would have, or
 * {@code --prime-request} to do that and also invoke the handler once with the event (what priming through a whole
 * request would add) before the timed request.
 */
public final class ColdStartChild {
    /** Printed when the first response has been returned; the probe timestamps this line. */
    static final String ANSWERED = "VIGIL-COLDSTART-ANSWERED";
    /** Prefix of the line with the child's own timings, as JSON. */
    static final String SPLIT = "VIGIL-COLDSTART-SPLIT ";

    private ColdStartChild() {}

    public static void main(String[] args) throws IOException {
        long mainMillis = System.currentTimeMillis();
        long mainNanos = System.nanoTime();
        String priming = args.length > 1 ? args[1] : "";

        PredictHandler handler = new PredictHandler();
        long initNanos = System.nanoTime();
        if (priming.startsWith("--prime")) {
            handler.beforeCheckpoint(null);
        }
        if (priming.equals("--prime-request")) {
            handler.handleRequest(read(args[0]), new InvocationContext("vigil-predict", "priming", 30_000, 1769));
        }
        long primedNanos = System.nanoTime();

        APIGatewayV2HTTPEvent event = read(args[0]);
        long deserializedNanos = System.nanoTime();
        APIGatewayV2HTTPResponse response =
                handler.handleRequest(event, new InvocationContext("vigil-predict", "cold-start", 30_000, 1769));
        long answeredNanos = System.nanoTime();
        System.out.println(ANSWERED + " " + response.getStatusCode());
        System.out.flush();

        long vmStartMillis = ManagementFactory.getRuntimeMXBean().getStartTime();
        System.out.println(SPLIT + "{\"status\":" + response.getStatusCode()
                + ",\"vmStartEpochMillis\":" + vmStartMillis
                + ",\"mainEpochMillis\":" + mainMillis
                + ",\"initMillis\":" + millis(initNanos - mainNanos)
                + ",\"primeMillis\":" + millis(primedNanos - initNanos)
                + ",\"deserializeMillis\":" + millis(deserializedNanos - primedNanos)
                + ",\"firstRequestMillis\":" + millis(answeredNanos - deserializedNanos) + "}");
        System.out.flush();
        System.exit(response.getStatusCode() == 200 ? 0 : 1);
    }

    private static APIGatewayV2HTTPEvent read(String file) throws IOException {
        PojoSerializer<APIGatewayV2HTTPEvent> serializer = LambdaEventSerializers.serializerFor(
                APIGatewayV2HTTPEvent.class, ColdStartChild.class.getClassLoader());
        try (InputStream in = Files.newInputStream(Path.of(file))) {
            return serializer.fromJson(in);
        }
    }

    private static double millis(long nanos) {
        return Math.round(nanos / 1e4) / 100.0;
    }
}
