package dev.vigil.aws;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.capture.CaptureKey;
import dev.vigil.capture.CaptureKeyFailure;
import dev.vigil.capture.RecordingKeyListener;
import dev.vigil.testkit.AwsEmulator;
import dev.vigil.testkit.Emulator;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.CreateSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.PutSecretValueResponse;

@ExtendWith(AwsEmulator.class)
class SecretsManagerCaptureKeysTest {
    private static final byte[] KEY_ONE = bytes(32, 7);
    private static final byte[] KEY_TWO = bytes(32, 91);

    private final Emulator emulator;
    private final SecretsManagerClient secrets;
    private final RecordingKeyListener listener = new RecordingKeyListener();

    SecretsManagerCaptureKeysTest(Emulator emulator) {
        this.emulator = emulator;
        this.secrets = emulator.configure(SecretsManagerClient.builder())
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    @AfterEach
    void closeClient() {
        secrets.close();
    }

    @Test
    void readsABase64StringSecretByArnAndNamesItsVersionByTheVersionIdsFirstEightCharacters() {
        CreateSecretResponse created = createStringSecret(Base64.getEncoder().encodeToString(KEY_ONE));

        SecretsManagerCaptureKeys keys = SecretsManagerCaptureKeys.create(secrets, created.arn(), listener);

        CaptureKey key = keys.current().orElseThrow();
        assertArrayEquals(KEY_ONE, key.secret());
        assertEquals(created.versionId().substring(0, 8), key.version());
        assertEquals(List.of(new RecordingKeyListener.Change(created.arn(), Optional.empty(), key.version())),
                listener.changes());
        assertEquals(List.of(), listener.failures());
    }

    @Test
    void readsASecretByName() {
        CreateSecretResponse created = createStringSecret(Base64.getEncoder().encodeToString(KEY_ONE));

        SecretsManagerCaptureKeys keys = SecretsManagerCaptureKeys.create(secrets, created.name(), listener);

        assertArrayEquals(KEY_ONE, keys.current().orElseThrow().secret());
        assertEquals(created.name(), keys.source());
    }

    @Test
    void readsARawTextSecretAsItsUtf8Bytes() {
        String text = "a passphrase that is long enough!";
        CreateSecretResponse created = createStringSecret(text);

        SecretsManagerCaptureKeys keys = SecretsManagerCaptureKeys.create(secrets, created.arn(), listener);

        assertArrayEquals(text.getBytes(StandardCharsets.UTF_8), keys.current().orElseThrow().secret());
    }

    @Test
    void readsABinarySecretAsTheKeyBytes() {
        CreateSecretResponse created = secrets.createSecret(b -> b.name(emulator.uniqueName("capture-key"))
                .secretBinary(SdkBytes.fromByteArray(KEY_TWO)));

        SecretsManagerCaptureKeys keys = SecretsManagerCaptureKeys.create(secrets, created.arn(), listener);

        CaptureKey key = keys.current().orElseThrow();
        assertArrayEquals(KEY_TWO, key.secret());
        assertEquals(created.versionId().substring(0, 8), key.version());
    }

    @Test
    void aKeyShorterThanSixteenBytesIsRefusedAndNoKeyIsHeld() {
        CreateSecretResponse created = createStringSecret("too-short");

        SecretsManagerCaptureKeys keys = SecretsManagerCaptureKeys.create(secrets, created.arn(), listener);

        assertEquals(Optional.empty(), keys.current());
        CaptureKeyFailure failure = listener.onlyFailure();
        assertEquals(CaptureKeyFailure.Reason.NOT_A_KEY, failure.reason());
        assertEquals(Optional.empty(), failure.keptVersion());
        assertEquals("the secret " + created.arn() + " holds 9 bytes; a capture key is at least 16 bytes "
                + "(e.g. the output of openssl rand -base64 32)", failure.message());
    }

    @Test
    void aShortBinarySecretIsRefused() {
        CreateSecretResponse created = secrets.createSecret(b -> b.name(emulator.uniqueName("capture-key"))
                .secretBinary(SdkBytes.fromByteArray(bytes(15, 3))));

        SecretsManagerCaptureKeys keys = SecretsManagerCaptureKeys.create(secrets, created.arn(), listener);

        assertEquals(Optional.empty(), keys.current());
        assertEquals(CaptureKeyFailure.Reason.NOT_A_KEY, listener.onlyFailure().reason());
    }

    @Test
    void refreshSeesARotatedSecretWithItsNewVersion() {
        CreateSecretResponse created = createStringSecret(Base64.getEncoder().encodeToString(KEY_ONE));
        SecretsManagerCaptureKeys keys = SecretsManagerCaptureKeys.create(secrets, created.arn(), listener);
        String first = keys.current().orElseThrow().version();

        PutSecretValueResponse rotated = secrets.putSecretValue(b -> b.secretId(created.arn())
                .secretString(Base64.getEncoder().encodeToString(KEY_TWO)));
        assertArrayEquals(KEY_ONE, keys.current().orElseThrow().secret(), "nothing is read before refresh()");
        keys.refresh();

        CaptureKey key = keys.current().orElseThrow();
        assertArrayEquals(KEY_TWO, key.secret());
        assertEquals(rotated.versionId().substring(0, 8), key.version());
        assertTrue(!first.equals(key.version()), "a rotation must change the version");
        assertEquals(new RecordingKeyListener.Change(created.arn(), Optional.of(first), key.version()),
                listener.changes().get(1));
        assertEquals(List.of(), listener.failures());
    }

    @Test
    void aSecretScheduledForDeletionKeepsTheLastKeyAndReports() {
        CreateSecretResponse created = createStringSecret(Base64.getEncoder().encodeToString(KEY_ONE));
        SecretsManagerCaptureKeys keys = SecretsManagerCaptureKeys.create(secrets, created.arn(), listener);
        String version = keys.current().orElseThrow().version();

        secrets.deleteSecret(b -> b.secretId(created.arn()).recoveryWindowInDays(7L));
        keys.refresh();

        assertArrayEquals(KEY_ONE, keys.current().orElseThrow().secret());
        CaptureKeyFailure failure = listener.onlyFailure();
        assertEquals(CaptureKeyFailure.Reason.NOT_FOUND, failure.reason());
        assertEquals(Optional.of(version), failure.keptVersion());
        assertTrue(failure.message().startsWith("the secret " + created.arn() + " cannot be read in its current "
                + "state, e.g. it is scheduled for deletion (Secrets Manager answered 400 InvalidRequestException"),
                failure.message());
    }

    @Test
    void aSecretDeletedForGoodKeepsTheLastKeyAndReports() {
        CreateSecretResponse created = createStringSecret(Base64.getEncoder().encodeToString(KEY_ONE));
        SecretsManagerCaptureKeys keys = SecretsManagerCaptureKeys.create(secrets, created.arn(), listener);

        secrets.deleteSecret(b -> b.secretId(created.arn()).forceDeleteWithoutRecovery(true));
        keys.refresh();
        keys.refresh();

        assertArrayEquals(KEY_ONE, keys.current().orElseThrow().secret());
        assertEquals(2, listener.failures().size(), "every failed refresh is reported");
        CaptureKeyFailure failure = listener.failures().get(1);
        assertEquals(CaptureKeyFailure.Reason.NOT_FOUND, failure.reason());
        assertTrue(failure.message().startsWith("the secret " + created.arn() + " does not exist"), failure.message());
    }

    @Test
    void aSecretThatDoesNotExistStartsWithoutAKey() {
        String name = emulator.uniqueName("never-created");

        SecretsManagerCaptureKeys keys = SecretsManagerCaptureKeys.create(secrets, name, listener);

        assertEquals(Optional.empty(), keys.current());
        CaptureKeyFailure failure = listener.onlyFailure();
        assertEquals(CaptureKeyFailure.Reason.NOT_FOUND, failure.reason());
        assertTrue(failure.logLine().contains("no key yet, so records of models that pseudonymise are dropped"),
                failure.logLine());
    }

    @Test
    void aDeniedReadKeepsTheLastKeyAndReportsWhatPermissionIsNeeded() throws Exception {
        CreateSecretResponse created = createStringSecret(Base64.getEncoder().encodeToString(KEY_ONE));
        try (DenyingProxy proxy = new DenyingProxy(emulator.endpoint());
                SecretsManagerClient throughProxy = SecretsManagerClient.builder()
                        .endpointOverride(proxy.endpoint()).region(emulator.region())
                        .credentialsProvider(emulator.credentials()).httpClient(UrlConnectionHttpClient.create())
                        .build()) {
            SecretsManagerCaptureKeys keys = SecretsManagerCaptureKeys.create(throughProxy, created.arn(), listener);
            String version = keys.current().orElseThrow().version();

            proxy.deny();
            keys.refresh();

            assertArrayEquals(KEY_ONE, keys.current().orElseThrow().secret());
            CaptureKeyFailure failure = listener.onlyFailure();
            assertEquals(CaptureKeyFailure.Reason.ACCESS_DENIED, failure.reason());
            assertEquals(Optional.of(version), failure.keptVersion());
            assertTrue(failure.message().startsWith("this function may not read or decrypt the secret " + created.arn()
                    + "; it needs secretsmanager:GetSecretValue on it and kms:Decrypt on its KMS key (Secrets Manager"
                    + " answered 400 AccessDeniedException: User: arn:aws:sts::"), failure.message());
        }
    }

    @Test
    void anUnreachableServiceKeepsTheLastKeyAndReports() throws Exception {
        CreateSecretResponse created = createStringSecret(Base64.getEncoder().encodeToString(KEY_ONE));
        DenyingProxy proxy = new DenyingProxy(emulator.endpoint());
        try (SecretsManagerClient throughProxy = SecretsManagerClient.builder()
                .endpointOverride(proxy.endpoint()).region(emulator.region())
                .credentialsProvider(emulator.credentials()).httpClient(UrlConnectionHttpClient.create()).build()) {
            SecretsManagerCaptureKeys keys = SecretsManagerCaptureKeys.create(throughProxy, created.arn(), listener);

            proxy.close();
            keys.refresh();

            assertArrayEquals(KEY_ONE, keys.current().orElseThrow().secret());
            CaptureKeyFailure failure = listener.onlyFailure();
            assertEquals(CaptureKeyFailure.Reason.UNAVAILABLE, failure.reason());
            assertTrue(failure.message().startsWith("could not reach Secrets Manager to read the secret "
                    + created.arn()), failure.message());
        }
    }

    private CreateSecretResponse createStringSecret(String value) {
        return secrets.createSecret(b -> b.name(emulator.uniqueName("capture-key")).secretString(value));
    }

    static byte[] bytes(int length, int seed) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (seed + i * 31);
        }
        return bytes;
    }
}
