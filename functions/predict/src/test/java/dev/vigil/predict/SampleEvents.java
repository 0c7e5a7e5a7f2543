package dev.vigil.predict;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads the sample events under {@code events/predict/} the way the Lambda Java runtime deserialises them. */
final class SampleEvents {
    private static final PojoSerializer<APIGatewayV2HTTPEvent> SERIALIZER =
            LambdaEventSerializers.serializerFor(APIGatewayV2HTTPEvent.class, SampleEvents.class.getClassLoader());

    private SampleEvents() {}

    static Path dir() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("events/predict"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("events/predict not found above " + Path.of("").toAbsolutePath());
        }
        return p.resolve("events/predict");
    }

    static APIGatewayV2HTTPEvent load(String name) {
        try (InputStream in = Files.newInputStream(dir().resolve(name + ".json"))) {
            return SERIALIZER.fromJson(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
