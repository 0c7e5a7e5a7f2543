package dev.vigil.testkit;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * JUnit 5 extension giving tests a real AWS emulator, resolved as an {@link Emulator} parameter. The endpoint is
 * {@code AWS_ENDPOINT_URL} when set; else LocalStack ({@value #LOCALSTACK_IMAGE}) via Testcontainers when a Docker
 * engine answers; else a {@code moto_server} subprocess on a free 127.0.0.1 port. When none is available the tests
 * fail with what to install; they never skip.
 *
 * <p>One emulator serves the whole test JVM (kept in the root extension store, stopped when the run ends). It also
 * sets the SDK's system properties {@code aws.endpointUrl}, {@code aws.region}, {@code aws.accessKeyId} and
 * {@code aws.secretAccessKey}, so clients built with SDK defaults (as the Lambda handlers build theirs) reach the
 * emulator and never a real account.
 */
public final class AwsEmulator implements BeforeAllCallback, ParameterResolver {

    /** The LocalStack image used when Docker is available: the last line that runs without an auth token. */
    public static final String LOCALSTACK_IMAGE = "localstack/localstack:4.14.0";

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(AwsEmulator.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        emulator(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Emulator.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return emulator(context);
    }

    /** The emulator of this test JVM, started on first use. */
    public static Emulator emulator(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(Running.class, key -> Running.start(), Running.class).emulator;
    }

    /** The started emulator and what stops it; closed by JUnit when the root context closes. */
    private record Running(Emulator emulator, AutoCloseable backend) implements AutoCloseable {

        static Running start() {
            Running running = startBackend();
            setSdkDefaults(running.emulator);
            return running;
        }

        private static Running startBackend() {
            String external = System.getenv("AWS_ENDPOINT_URL");
            if (external != null && !external.isBlank()) {
                return new Running(new Emulator(Emulator.Kind.EXTERNAL, URI.create(external.trim())), () -> {});
            }
            if (dockerAvailable()) {
                LocalStackContainer container = new LocalStackContainer(DockerImageName.parse(LOCALSTACK_IMAGE));
                container.start();
                return new Running(new Emulator(Emulator.Kind.LOCALSTACK, container.getEndpoint()), container::stop);
            }
            Optional<List<String>> moto = MotoServer.command();
            if (moto.isPresent()) {
                MotoServer server = MotoServer.start(moto.get());
                return new Running(new Emulator(Emulator.Kind.MOTO, server.endpoint()), server);
            }
            throw new ExtensionConfigurationException("""
                    No AWS emulator is available for the tests that need one. Any one of these fixes it:
                      - run a Docker engine (LocalStack %s is then started through Testcontainers);
                      - install moto's server: pip install "moto[server]" (moto_server on PATH, \
                    ~/.pyenv/shims/moto_server, or python3 -m moto.server);
                      - or start an emulator yourself and set AWS_ENDPOINT_URL to it (e.g. http://127.0.0.1:4566)."""
                    .formatted(LOCALSTACK_IMAGE));
        }

        private static boolean dockerAvailable() {
            try {
                return DockerClientFactory.instance().isDockerAvailable();
            } catch (RuntimeException | LinkageError e) {
                return false;
            }
        }

        private static void setSdkDefaults(Emulator emulator) {
            System.setProperty("aws.endpointUrl", emulator.endpoint().toString());
            System.setProperty("aws.region", emulator.region().id());
            System.setProperty("aws.accessKeyId", Emulator.ACCESS_KEY_ID);
            System.setProperty("aws.secretAccessKey", Emulator.SECRET_ACCESS_KEY);
        }

        @Override
        public void close() {
            emulator.closeClients();
            try {
                backend.close();
            } catch (Exception e) {
                throw new IllegalStateException("could not stop the " + emulator, e);
            }
        }
    }
}
