package dev.vigil.benchmarks;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.json.Json;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * A predict request for a benchmark model: the sample event {@code events/predict/predict-one-positional.json} with
 * its path, body and content-length rewritten for the model, and the float values the body decodes to (what a bare
 * ONNX Runtime call is fed). Deterministic for a model and an instance count.
 *
 * @param eventJson the API Gateway HTTP API (payload 2.0) event as Lambda delivers it
 * @param values row-major instance values, exactly as the handler parses them from the body
 */
public record SampleRequest(BenchModel model, int instances, byte[] eventJson, float[] values) {
    /** The sample event every benchmark request is derived from. */
    public static final String TEMPLATE = "predict-one-positional.json";

    private static final PojoSerializer<APIGatewayV2HTTPEvent> SERIALIZER =
            LambdaEventSerializers.serializerFor(APIGatewayV2HTTPEvent.class, SampleRequest.class.getClassLoader());

    /** Builds the request from the template in {@code eventsDir}, with values of three decimals like real features. */
    public static SampleRequest create(Path eventsDir, BenchModel model, int instances) {
        int width = model.features();
        SplittableRandom random = new SplittableRandom(42L * width + instances);
        float[] values = new float[instances * width];
        StringBuilder body = new StringBuilder(instances * width * 8 + 16).append("{\"instances\": [");
        for (int r = 0; r < instances; r++) {
            body.append(r == 0 ? "[" : ", [");
            for (int c = 0; c < width; c++) {
                String text = String.format(java.util.Locale.ROOT, "%.3f", random.nextGaussian() * 2.0);
                values[r * width + c] = (float) Double.parseDouble(text);
                body.append(c == 0 ? "" : ", ").append(text);
            }
            body.append(']');
        }
        body.append("]}");
        try {
            ObjectNode event = (ObjectNode) Json.MAPPER.readTree(eventsDir.resolve(TEMPLATE).toFile());
            String path = "/v1/models/" + model.modelName() + ":predict";
            event.put("rawPath", path);
            ((ObjectNode) event.get("requestContext").get("http")).put("path", path);
            if (event.get("pathParameters") instanceof ObjectNode parameters) {
                parameters.put("model", model.modelName() + ":predict");
            }
            ((ObjectNode) event.get("headers")).put("content-length",
                    Integer.toString(body.toString().getBytes(StandardCharsets.UTF_8).length));
            event.put("body", body.toString());
            return new SampleRequest(model, instances, Json.MAPPER.writerWithDefaultPrettyPrinter()
                    .writeValueAsBytes(event), values);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the sample event " + eventsDir.resolve(TEMPLATE), e);
        }
    }

    /** The event as the Lambda Java runtime hands it to a handler (its own deserialiser, not Vigil's mapper). */
    public APIGatewayV2HTTPEvent event() {
        return SERIALIZER.fromJson(new ByteArrayInputStream(eventJson));
    }

    /** Finds {@code events/predict} from the system property {@code vigil.events}, else above the working directory. */
    public static Path eventsDir() {
        String configured = System.getProperty("vigil.events");
        if (configured != null) {
            return Path.of(configured);
        }
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("events/predict"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("events/predict not found above " + Path.of("").toAbsolutePath()
                    + "; run from the repository or pass -Dvigil.events=<dir>");
        }
        return p.resolve("events/predict");
    }
}
