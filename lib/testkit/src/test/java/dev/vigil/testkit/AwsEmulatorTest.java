package dev.vigil.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.s3.S3Client;

@ExtendWith(AwsEmulator.class)
class AwsEmulatorTest {

    @Test
    void emulatorStoresAndReturnsAnObject(Emulator emulator) {
        try (S3Client s3 = emulator.configure(S3Client.builder())
                .httpClient(UrlConnectionHttpClient.create()).build()) {
            String bucket = emulator.uniqueName("emulator-test");
            s3.createBucket(b -> b.bucket(bucket));
            s3.putObject(b -> b.bucket(bucket).key("a/b.txt"), RequestBody.fromString("hello", StandardCharsets.UTF_8));

            String read = s3.getObjectAsBytes(b -> b.bucket(bucket).key("a/b.txt")).asUtf8String();

            assertEquals("hello", read);
        }
    }

    @Test
    void oneEmulatorServesEveryTestAndMotoListensOnLoopback(Emulator first, Emulator second) {
        assertSame(first, second);
        if (first.kind() == Emulator.Kind.MOTO) {
            assertEquals("127.0.0.1", first.endpoint().getHost());
        }
    }

    @Test
    void clientsBuiltWithSdkDefaultsReachTheEmulator(Emulator emulator) {
        String bucket = emulator.createBucket("defaults");
        try (S3Client s3 = S3Client.builder().forcePathStyle(true)
                .httpClient(UrlConnectionHttpClient.create()).build()) {
            assertTrue(s3.listBuckets().buckets().stream().anyMatch(b -> b.name().equals(bucket)));
        }
    }

    @Test
    void uniqueNamesDifferAndAreValidBucketNames(Emulator emulator) {
        String a = emulator.uniqueName("Models_Bucket");
        String b = emulator.uniqueName("Models_Bucket");

        assertNotEquals(a, b);
        assertTrue(a.matches("[a-z0-9][a-z0-9-]{1,61}[a-z0-9]"), a);
        assertTrue(emulator.uniqueName("x".repeat(100)).length() <= 63);
    }
}
