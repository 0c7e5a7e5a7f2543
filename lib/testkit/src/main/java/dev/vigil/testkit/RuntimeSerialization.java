package dev.vigil.testkit;

import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;

/**
 * The Lambda Java runtime's serialisation of typed events and responses. Kept apart from {@link SampleEvent} so that
 * a module reading events only as JSON needs no Lambda library on its test classpath.
 */
final class RuntimeSerialization {
    private RuntimeSerialization() {}

    static <T> T fromJson(byte[] json, Class<T> type) {
        return serializer(type).fromJson(new ByteArrayInputStream(json));
    }

    @SuppressWarnings("unchecked")
    static byte[] toJson(Object value) {
        PojoSerializer<Object> serializer = (PojoSerializer<Object>) serializer(value.getClass());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        serializer.toJson(value, out);
        return out.toByteArray();
    }

    private static <T> PojoSerializer<T> serializer(Class<T> type) {
        return LambdaEventSerializers.serializerFor(type, type.getClassLoader());
    }
}
