package dev.vigil.aws;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vigil.capture.AbstractCaptureKeySource;
import dev.vigil.capture.CaptureKeyException;
import dev.vigil.capture.CaptureKeyFailure;
import dev.vigil.capture.RecordingKeyListener;
import dev.vigil.testkit.AwsEmulator;
import dev.vigil.testkit.Emulator;
import java.util.Base64;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.CreateSecretResponse;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

@ExtendWith(AwsEmulator.class)
class CaptureKeySourcesTest {
    private static final byte[] KEY = SecretsManagerCaptureKeysTest.bytes(32, 19);
    private static final Pattern JAVA_WORDS = Pattern.compile("(?i)exception|java|null|\\bclass\\b|sdk|regex");

    private final Emulator emulator;
    private final SecretsManagerClient secrets;
    private final SsmClient ssm;
    private final RecordingKeyListener listener = new RecordingKeyListener();

    CaptureKeySourcesTest(Emulator emulator) {
        this.emulator = emulator;
        this.secrets = emulator.configure(SecretsManagerClient.builder())
                .httpClient(UrlConnectionHttpClient.create()).build();
        this.ssm = emulator.configure(SsmClient.builder()).httpClient(UrlConnectionHttpClient.create()).build();
    }

    @AfterEach
    void closeClients() {
        secrets.close();
        ssm.close();
    }

    @Test
    void aSecretArnReadsTheSecretAndBuildsNoSsmClient() {
        CreateSecretResponse created = secrets.createSecret(b -> b.name(emulator.uniqueName("capture-key"))
                .secretString(Base64.getEncoder().encodeToString(KEY)));

        AbstractCaptureKeySource keys = CaptureKeySources.fromReference(created.arn(), () -> secrets,
                notToBeBuilt("SSM"), listener);

        assertInstanceOf(SecretsManagerCaptureKeys.class, keys);
        assertArrayEquals(KEY, keys.current().orElseThrow().secret());
        assertEquals(created.versionId().substring(0, 8), keys.current().orElseThrow().version());
    }

    @Test
    void anSsmReferenceReadsTheSecureStringAndBuildsNoSecretsManagerClient() {
        String name = "/" + emulator.uniqueName("vigil") + "/capture-key";
        ssm.putParameter(b -> b.name(name).type(ParameterType.SECURE_STRING)
                .value(Base64.getEncoder().encodeToString(KEY)));

        AbstractCaptureKeySource keys = CaptureKeySources.fromReference("ssm:" + name,
                notToBeBuilt("Secrets Manager"), () -> ssm, listener);

        assertInstanceOf(SsmCaptureKeys.class, keys);
        assertArrayEquals(KEY, keys.current().orElseThrow().secret());
        assertEquals("1", keys.current().orElseThrow().version());
    }

    @Test
    void theSharedClientsReachTheEmulatorTheSdkDefaultsNameToo() {
        CreateSecretResponse created = secrets.createSecret(b -> b.name(emulator.uniqueName("capture-key"))
                .secretString(Base64.getEncoder().encodeToString(KEY)));

        AbstractCaptureKeySource keys = CaptureKeySources.fromReference(created.arn(), listener);

        assertArrayEquals(KEY, keys.current().orElseThrow().secret());
    }

    @Test
    void aMissingSecretStartsWithoutAKeyInsteadOfThrowing() {
        String arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:" + emulator.uniqueName("absent");

        AbstractCaptureKeySource keys = CaptureKeySources.fromReference(arn, () -> secrets, notToBeBuilt("SSM"),
                listener);

        assertFalse(keys.current().isPresent());
        assertEquals(CaptureKeyFailure.Reason.NOT_FOUND, listener.onlyFailure().reason());
    }

    @Test
    void parseTellsTheTwoKindsApart() {
        assertEquals(new CaptureKeySources.SecretReference(
                        "arn:aws:secretsmanager:eu-west-1:123456789012:secret:vigil/capture-AbC123", Region.EU_WEST_1),
                CaptureKeySources.parse(" arn:aws:secretsmanager:eu-west-1:123456789012:secret:vigil/capture-AbC123 "));
        assertEquals(new CaptureKeySources.ParameterReference("/vigil/capture-key"),
                CaptureKeySources.parse("ssm:/vigil/capture-key"));
        assertEquals(new CaptureKeySources.ParameterReference("capture_key.v2"),
                CaptureKeySources.parse("ssm:capture_key.v2"));
    }

    @Test
    void refusalsSayWhatIsAcceptedInPlainWords() {
        String accepted = "a capture key reference is a Secrets Manager secret ARN "
                + "(arn:aws:secretsmanager:<region>:<account>:secret:<name>) or an SSM SecureString parameter "
                + "(ssm:/<path>/<name>)";
        assertEquals("the capture key reference is empty; " + accepted, refusal(""));
        assertEquals("'my-secret' is neither; " + accepted, refusal("my-secret"));
        assertEquals("'arn:aws:secretsmanager:us-east-1:1234:secret:k' is not a whole Secrets Manager secret ARN; it "
                + "must read arn:aws:secretsmanager:<region>:<12-digit account>:secret:<name>",
                refusal("arn:aws:secretsmanager:us-east-1:1234:secret:k"));
        assertEquals("'arn:aws:ssm:us-east-1:123456789012:parameter/vigil/key' is an SSM parameter ARN; name the "
                + "parameter as ssm:/<path>/<name>", refusal("arn:aws:ssm:us-east-1:123456789012:parameter/vigil/key"));
        assertEquals("'ssm:/vigil/capture key' does not name an SSM parameter: after ssm: comes the parameter's name, "
                + "letters, digits and . _ - separated by /, e.g. ssm:/vigil/capture-key",
                refusal("ssm:/vigil/capture key"));
    }

    @ParameterizedTest
    @ValueSource(strings = {" ", "ssm:", "ssm:/", "ssm:/a//b", "ssm:/a/b/", "s3://bucket/key", "secret:vigil",
        "arn:aws:secretsmanager:us-east-1:123456789012:secret:", "arn:aws:secretsmanager::123456789012:secret:k",
        "arn:aws:secretsmanager:us-east-1:123456789012:key:k", "arn:aws:kms:us-east-1:123456789012:key/k",
        "SSM:/vigil/key", "https://secretsmanager.us-east-1.amazonaws.com/k"})
    void badReferencesAreRefusedBeforeAnyClientIsBuilt(String reference) {
        CaptureKeyException e = assertThrows(CaptureKeyException.class, () -> CaptureKeySources.fromReference(
                reference, notToBeBuilt("Secrets Manager"), notToBeBuilt("SSM"), listener));

        assertEquals(CaptureKeyFailure.Reason.BAD_REFERENCE, e.reason());
        assertFalse(JAVA_WORDS.matcher(e.getMessage()).find(), e.getMessage());
        assertEquals(List.of(), listener.failures());
    }

    @Test
    void aSecretInAnotherRegionThanTheClientsIsRefused() {
        String arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:vigil/capture-AbC123";

        CaptureKeyException e = assertThrows(CaptureKeyException.class,
                () -> CaptureKeySources.fromReference(arn, () -> secrets, notToBeBuilt("SSM"), listener));

        assertEquals(CaptureKeyFailure.Reason.BAD_REFERENCE, e.reason());
        assertEquals("the secret " + arn + " is in eu-west-1, but this function reads Secrets Manager in us-east-1; "
                + "a secret is read in its own region, so replicate it to us-east-1 and name the replica's ARN",
                e.getMessage());
    }

    private static String refusal(String reference) {
        return assertThrows(CaptureKeyException.class, () -> CaptureKeySources.parse(reference)).getMessage();
    }

    private static <T> Supplier<T> notToBeBuilt(String service) {
        return () -> {
            throw new AssertionError("the " + service + " client must not be asked for");
        };
    }
}
