package dev.vigil.aws;

import dev.vigil.capture.AbstractCaptureKeySource;
import dev.vigil.capture.CaptureKey;
import dev.vigil.capture.CaptureKeyException;
import dev.vigil.capture.CaptureKeyFailure;
import dev.vigil.capture.CaptureKeyListener;
import dev.vigil.capture.CaptureKeyMaterial;
import java.util.Objects;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;

/**
 * The capture key in a Secrets Manager secret (its current version), named by ARN or name. A {@code SecretBinary}
 * is the key bytes; a {@code SecretString} is read as {@link CaptureKeyMaterial} says (base64, or text of at least
 * 16 bytes). The key's version is the first 8 characters of the secret's {@code VersionId}, so a rotation shows in
 * every pseudonym. The secret is read when the source is created and on each {@link #refresh()}; a read that fails
 * keeps the key last read and is told to the listener.
 */
public final class SecretsManagerCaptureKeys extends AbstractCaptureKeySource {
    /** How many characters of the {@code VersionId} name a key version. */
    static final int VERSION_CHARS = 8;

    private final SecretsManagerClient client;
    private final String secretId;

    private SecretsManagerCaptureKeys(SecretsManagerClient client, String secretId, CaptureKeyListener listener) {
        super(secretId, listener);
        this.client = client;
        this.secretId = secretId;
    }

    /**
     * Reads the secret now; if that fails the source starts without a key (the listener hears why) and later
     * refreshes try again.
     *
     * @param secretId the secret's ARN or name
     */
    public static SecretsManagerCaptureKeys create(SecretsManagerClient client, String secretId,
            CaptureKeyListener listener) {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(secretId, "secretId");
        SecretsManagerCaptureKeys keys = new SecretsManagerCaptureKeys(client, secretId, listener);
        keys.refresh();
        return keys;
    }

    @Override
    protected CaptureKey read() {
        String what = "the secret " + secretId;
        GetSecretValueResponse response;
        try {
            response = client.getSecretValue(request -> request.secretId(secretId)
                    .overrideConfiguration(c -> c.apiCallTimeout(AwsKeyReadErrors.CALL_TIMEOUT)));
        } catch (SdkException e) {
            throw AwsKeyReadErrors.translate(e, "Secrets Manager", what);
        }
        byte[] secret;
        if (response.secretBinary() != null) {
            secret = CaptureKeyMaterial.requireLength(response.secretBinary().asByteArray(), what);
        } else if (response.secretString() != null) {
            secret = CaptureKeyMaterial.fromText(response.secretString(), what);
        } else {
            throw new CaptureKeyException(CaptureKeyFailure.Reason.NOT_A_KEY, what + " has no value");
        }
        String versionId = response.versionId();
        if (versionId == null || versionId.isBlank()) {
            throw new CaptureKeyException(CaptureKeyFailure.Reason.UNAVAILABLE,
                    "Secrets Manager answered without a version for " + what);
        }
        return new CaptureKey(versionId.substring(0, Math.min(VERSION_CHARS, versionId.length())), secret);
    }
}
