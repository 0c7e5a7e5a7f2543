package dev.vigil.benchmarks;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
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
 * ({@code beforeCheckpoint}) after init and before the first request, as a restored snapshot would have.
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
        boolean prime = args.length > 1 && args[1].equals("--prime");

        PredictHandler handler = new PredictHandler();
        long initNanos = System.nanoTime();
        if (prime) {
            handler.beforeCheckpoint(null);
        }
        long primedNanos = System.nanoTime();

        PojoSerializer<APIGatewayV2HTTPEvent> serializer =
                LambdaEventSerializers.serializerFor(APIGatewayV2HTTPEvent.class, ColdStartChild.class.getClassLoader());
        APIGatewayV2HTTPEvent event;
        try (InputStream in = Files.newInputStream(Path.of(args[0]))) {
            event = serializer.fromJson(in);
        }
        long deserializedNanos = System.nanoTime();
        APIGatewayV2HTTPResponse response = handler.handleRequest(event, new InvocationContext("cold-start"));
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

    private static double millis(long nanos) {
        return Math.round(nanos / 1e4) / 100.0;
    }
}
