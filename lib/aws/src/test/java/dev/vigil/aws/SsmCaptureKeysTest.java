package dev.vigil.aws;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.capture.CaptureKey;
import dev.vigil.capture.CaptureKeyFailure;
import dev.vigil.capture.RecordingKeyListener;
import dev.vigil.testkit.AwsEmulator;
import dev.vigil.testkit.Emulator;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

@ExtendWith(AwsEmulator.class)
class SsmCaptureKeysTest {
    private static final byte[] KEY_ONE = SecretsManagerCaptureKeysTest.bytes(32, 5);
    private static final byte[] KEY_TWO = SecretsManagerCaptureKeysTest.bytes(48, 77);

    private final Emulator emulator;
    private final SsmClient ssm;
    private final RecordingKeyListener listener = new RecordingKeyListener();

    SsmCaptureKeysTest(Emulator emulator) {
        this.emulator = emulator;
        this.ssm = emulator.configure(SsmClient.builder()).httpClient(UrlConnectionHttpClient.create()).build();
    }

    @AfterEach
    void closeClient() {
        ssm.close();
    }

    @Test
    void readsASecureStringWithDecryptionAndNamesItsVersionByTheParameterVersion() {
        String name = secureString(KEY_ONE);
        String stored = ssm.getParameter(b -> b.name(name).withDecryption(false)).parameter().value();
        assertTrue(!stored.equals(Base64.getEncoder().encodeToString(KEY_ONE)),
                "without decryption the emulator must not give the plain value, or this test shows nothing");

        SsmCaptureKeys keys = SsmCaptureKeys.create(ssm, name, listener);

        CaptureKey key = keys.current().orElseThrow();
        assertArrayEquals(KEY_ONE, key.secret());
        assertEquals("1", key.version());
        assertEquals(List.of(new RecordingKeyListener.Change("ssm:" + name, Optional.empty(), "1")),
                listener.changes());
    }

    @Test
    void refreshSeesANewParameterVersion() {
        String name = secureString(KEY_ONE);
        SsmCaptureKeys keys = SsmCaptureKeys.create(ssm, name, listener);

        ssm.putParameter(b -> b.name(name).type(ParameterType.SECURE_STRING).overwrite(true)
                .value(Base64.getEncoder().encodeToString(KEY_TWO)));
        keys.refresh();

        CaptureKey key = keys.current().orElseThrow();
        assertArrayEquals(KEY_TWO, key.secret());
        assertEquals("2", key.version());
        assertEquals(new RecordingKeyListener.Change("ssm:" + name, Optional.of("1"), "2"), listener.changes().get(1));
    }

    @Test
    void aPlainStringParameterIsRefused() {
        String name = "/" + emulator.uniqueName("vigil") + "/capture-key";
        ssm.putParameter(b -> b.name(name).type(ParameterType.STRING)
                .value(Base64.getEncoder().encodeToString(KEY_ONE)));

        SsmCaptureKeys keys = SsmCaptureKeys.create(ssm, name, listener);

        assertEquals(Optional.empty(), keys.current());
        CaptureKeyFailure failure = listener.onlyFailure();
        assertEquals(CaptureKeyFailure.Reason.NOT_A_KEY, failure.reason());
        assertEquals("the SSM parameter " + name + " is a String parameter; a capture key must be a SecureString, "
                + "so that it is encrypted", failure.message());
    }

    @Test
    void aTooShortValueIsRefused() {
        String name = "/" + emulator.uniqueName("vigil") + "/capture-key";
        ssm.putParameter(b -> b.name(name).type(ParameterType.SECURE_STRING).value("only-15-bytes!!"));

        SsmCaptureKeys keys = SsmCaptureKeys.create(ssm, name, listener);

        assertEquals(Optional.empty(), keys.current());
        assertEquals(CaptureKeyFailure.Reason.NOT_A_KEY, listener.onlyFailure().reason());
        assertTrue(listener.onlyFailure().message().contains("holds 15 bytes"), listener.onlyFailure().message());
    }

    @Test
    void aDeletedParameterKeepsTheLastKeyAndReports() {
        String name = secureString(KEY_ONE);
        SsmCaptureKeys keys = SsmCaptureKeys.create(ssm, name, listener);

        ssm.deleteParameter(b -> b.name(name));
        keys.refresh();

        assertArrayEquals(KEY_ONE, keys.current().orElseThrow().secret());
        CaptureKeyFailure failure = listener.onlyFailure();
        assertEquals(CaptureKeyFailure.Reason.NOT_FOUND, failure.reason());
        assertEquals(Optional.of("1"), failure.keptVersion());
        assertTrue(failure.message().startsWith("the SSM parameter " + name + " does not exist (SSM answered 400 "
                + "ParameterNotFound"), failure.message());
    }

    @Test
    void aDeniedReadKeepsTheLastKeyAndReportsWhatPermissionIsNeeded() throws Exception {
        String name = secureString(KEY_ONE);
        try (DenyingProxy proxy = new DenyingProxy(emulator.endpoint());
                SsmClient throughProxy = SsmClient.builder().endpointOverride(proxy.endpoint())
                        .region(emulator.region()).credentialsProvider(emulator.credentials())
                        .httpClient(UrlConnectionHttpClient.create()).build()) {
            SsmCaptureKeys keys = SsmCaptureKeys.create(throughProxy, name, listener);

            proxy.deny();
            keys.refresh();

            assertArrayEquals(KEY_ONE, keys.current().orElseThrow().secret());
            CaptureKeyFailure failure = listener.onlyFailure();
            assertEquals(CaptureKeyFailure.Reason.ACCESS_DENIED, failure.reason());
            assertTrue(failure.message().startsWith("this function may not read or decrypt the SSM parameter " + name
                    + "; it needs ssm:GetParameter on it and kms:Decrypt on its KMS key"), failure.message());
        }
    }

    private String secureString(byte[] key) {
        String name = "/" + emulator.uniqueName("vigil") + "/capture-key";
        ssm.putParameter(b -> b.name(name).type(ParameterType.SECURE_STRING)
                .value(Base64.getEncoder().encodeToString(key)));
        return name;
    }
}
