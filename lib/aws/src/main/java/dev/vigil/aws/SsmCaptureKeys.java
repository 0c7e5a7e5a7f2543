package dev.vigil.aws;

import dev.vigil.capture.AbstractCaptureKeySource;
import dev.vigil.capture.CaptureKey;
import dev.vigil.capture.CaptureKeyException;
import dev.vigil.capture.CaptureKeyFailure;
import dev.vigil.capture.CaptureKeyListener;
import dev.vigil.capture.CaptureKeyMaterial;
import java.util.Objects;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.Parameter;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * The capture key in an SSM Parameter Store {@code SecureString} parameter, read with decryption; the value is read
 * as {@link CaptureKeyMaterial} says, and the key's version is the parameter's version number. A {@code String} or
 * {@code StringList} parameter is refused (the key must be encrypted at rest). Read when the source is created and on
 * each {@link #refresh()}; a read that fails keeps the key last read and is told to the listener.
 */
public final class SsmCaptureKeys extends AbstractCaptureKeySource {
    private final SsmClient client;
    private final String parameterName;

    private SsmCaptureKeys(SsmClient client, String parameterName, CaptureKeyListener listener) {
        super("ssm:" + parameterName, listener);
        this.client = client;
        this.parameterName = parameterName;
    }

    /**
     * Reads the parameter now; if that fails the source starts without a key (the listener hears why) and later
     * refreshes try again.
     *
     * @param parameterName the parameter's name, e.g. {@code /vigil/capture-key}
     */
    public static SsmCaptureKeys create(SsmClient client, String parameterName, CaptureKeyListener listener) {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(parameterName, "parameterName");
        SsmCaptureKeys keys = new SsmCaptureKeys(client, parameterName, listener);
        keys.refresh();
        return keys;
    }

    @Override
    protected CaptureKey read() {
        String what = "the SSM parameter " + parameterName;
        Parameter parameter;
        try {
            parameter = client.getParameter(request -> request.name(parameterName).withDecryption(true)
                    .overrideConfiguration(c -> c.apiCallTimeout(AwsKeyReadErrors.CALL_TIMEOUT))).parameter();
        } catch (SdkException e) {
            throw AwsKeyReadErrors.translate(e, "SSM", what);
        }
        if (parameter.type() != ParameterType.SECURE_STRING) {
            throw new CaptureKeyException(CaptureKeyFailure.Reason.NOT_A_KEY, what + " is a " + parameter.typeAsString()
                    + " parameter; a capture key must be a SecureString, so that it is encrypted");
        }
        byte[] secret = CaptureKeyMaterial.fromText(parameter.value(), what);
        if (parameter.version() == null) {
            throw new CaptureKeyException(CaptureKeyFailure.Reason.UNAVAILABLE,
                    "SSM answered without a version for " + what);
        }
        return new CaptureKey(Long.toString(parameter.version()), secret);
    }
}
