package dev.vigil.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.testkit.AwsEmulator;
import dev.vigil.testkit.Emulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.ServerSocket;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/** The registry commands on an S3 bucket in the emulator, reached through {@code --endpoint-url}. */
@ExtendWith(AwsEmulator.class)
class S3StoreCommandsTest extends RegistryCommandsContract {
    private final Emulator emulator;
    private final String bucket;

    S3StoreCommandsTest(Emulator emulator) {
        this.emulator = emulator;
        this.bucket = emulator.createBucket("models");
    }

    @Override
    List<String> storeOptions() {
        return List.of("--store", "s3://" + bucket, "--endpoint-url", emulator.endpoint().toString());
    }

    @Override
    Optional<String> storedChampionJson() {
        try {
            return Optional.of(emulator.s3()
                    .getObjectAsBytes(b -> b.bucket(bucket).key("models/churn/champion.json")).asUtf8String());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        }
    }

    @Test
    void aMissingBucketIsReportedAsAnUnavailableStore() {
        CliRun models = CliRun.of("--store", "s3://" + emulator.uniqueName("absent"),
                "--endpoint-url", emulator.endpoint().toString(), "models");

        assertEquals(ExitStatus.UNAVAILABLE.code(), models.exitCode(), models::toString);
        assertTrue(models.failedWithOneLine(), models::toString);
        assertTrue(models.err().startsWith("vigil models: bucket does not exist"), models::toString);
    }

    @Test
    void anUnreachableEndpointIsNamedInTheMessage() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        String endpoint = "http://127.0.0.1:" + closed;

        CliRun models = CliRun.of("--store", "s3://" + bucket, "--endpoint-url", endpoint, "models");

        assertEquals(ExitStatus.UNAVAILABLE.code(), models.exitCode(), models::toString);
        assertTrue(models.failedWithOneLine(), models::toString);
        assertTrue(models.err().startsWith("vigil models: cannot reach the S3 endpoint " + endpoint
                + " (connection refused)"), models::toString);
    }

    @Test
    void regionAndProfileChooseHowTheBucketIsReached(@TempDir Path home) throws IOException {
        Path credentials = Files.writeString(home.resolve("credentials"),
                "[vigil-test]\naws_access_key_id = test\naws_secret_access_key = test\n");
        String before = System.getProperty(CREDENTIALS_FILE);
        System.setProperty(CREDENTIALS_FILE, credentials.toString());
        try {
            CliRun known = CliRun.of("--store", "s3://" + bucket, "--endpoint-url", emulator.endpoint().toString(),
                    "--region", "eu-west-1", "--profile", "vigil-test", "models");
            CliRun absent = CliRun.of("models", "--store", "s3://" + bucket, "--endpoint-url",
                    emulator.endpoint().toString(), "--profile", "no-such-profile");

            assertEquals(0, known.exitCode(), known::toString);
            assertEquals(ExitStatus.UNAVAILABLE.code(), absent.exitCode(), absent::toString);
            assertTrue(absent.failedWithOneLine(), absent::toString);
            assertTrue(absent.err().contains("the AWS profile has no usable credentials (check --profile"),
                    absent::toString);
        } finally {
            if (before == null) {
                System.clearProperty(CREDENTIALS_FILE);
            } else {
                System.setProperty(CREDENTIALS_FILE, before);
            }
        }
    }

    private static final String CREDENTIALS_FILE = "aws.sharedCredentialsFile";
}
