package dev.vigil.aws;

import dev.vigil.capture.AbstractCaptureKeySource;
import dev.vigil.capture.CaptureKeyException;
import dev.vigil.capture.CaptureKeyFailure;
import dev.vigil.capture.CaptureKeyListener;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * The capture key source a function's key reference names: a Secrets Manager secret ARN
 * ({@code arn:aws:secretsmanager:<region>:<account>:secret:<name>}) or an SSM SecureString parameter
 * ({@code ssm:/<path>/<name>}). Anything else is refused before any read, in a sentence that says what is accepted.
 * Secrets are named by ARN, not by name, so the function's permission names the same secret.
 */
public final class CaptureKeySources {
    private static final int MAX_ECHO_CHARS = 200;
    private static final String ACCEPTED = "a capture key reference is a Secrets Manager secret ARN "
            + "(arn:aws:secretsmanager:<region>:<account>:secret:<name>) or an SSM SecureString parameter "
            + "(ssm:/<path>/<name>)";
    private static final Pattern SECRET_ARN = Pattern.compile(
            "arn:(aws[a-z-]*):secretsmanager:([a-z]{2}(?:-[a-z]+)+-\\d+):(\\d{12}):secret:([A-Za-z0-9/_+=.@-]{1,512})");
    private static final Pattern SSM_NAME = Pattern.compile("/?[A-Za-z0-9_.-]+(?:/[A-Za-z0-9_.-]+)*");
    private static final int MAX_SSM_NAME_CHARS = 2048;

    /** What a key reference names. */
    public sealed interface Reference permits SecretReference, ParameterReference {}

    /** A Secrets Manager secret by ARN, and the region the ARN names. */
    public record SecretReference(String arn, Region region) implements Reference {}

    /** An SSM parameter by name, e.g. {@code /vigil/capture-key}. */
    public record ParameterReference(String name) implements Reference {}

    private CaptureKeySources() {}

    /**
     * What {@code reference} names.
     *
     * @throws CaptureKeyException BAD_REFERENCE when it is neither a secret ARN nor {@code ssm:<parameter name>}
     */
    public static Reference parse(String reference) {
        String value = reference == null ? "" : reference.strip();
        if (value.isEmpty()) {
            throw refused("the capture key reference is empty; " + ACCEPTED);
        }
        if (value.startsWith("ssm:")) {
            String name = value.substring("ssm:".length());
            if (name.length() > MAX_SSM_NAME_CHARS || !SSM_NAME.matcher(name).matches()) {
                throw refused("'" + echo(value) + "' does not name an SSM parameter: after ssm: comes the parameter's "
                        + "name, letters, digits and . _ - separated by /, e.g. ssm:/vigil/capture-key");
            }
            return new ParameterReference(name);
        }
        Matcher arn = SECRET_ARN.matcher(value);
        if (arn.matches()) {
            return new SecretReference(value, Region.of(arn.group(2)));
        }
        if (value.startsWith("arn:") && value.contains(":secretsmanager:")) {
            throw refused("'" + echo(value) + "' is not a whole Secrets Manager secret ARN; it must read "
                    + "arn:aws:secretsmanager:<region>:<12-digit account>:secret:<name>");
        }
        if (value.startsWith("arn:") && value.contains(":ssm:")) {
            throw refused("'" + echo(value) + "' is an SSM parameter ARN; name the parameter as ssm:/<path>/<name>");
        }
        throw refused("'" + echo(value) + "' is neither; " + ACCEPTED);
    }

    /**
     * The key source {@code reference} names, with its first read done, using this JVM's shared clients.
     *
     * @throws CaptureKeyException BAD_REFERENCE, as {@link #parse} and {@link #fromReference(String, Supplier,
     *     Supplier, CaptureKeyListener)} say
     */
    public static AbstractCaptureKeySource fromReference(String reference, CaptureKeyListener listener) {
        return fromReference(reference, AwsClients::secretsManager, AwsClients::ssm, listener);
    }

    /**
     * The key source {@code reference} names, with its first read done; only the client it needs is asked for. A
     * failed first read does not throw: the source starts without a key and the listener hears why.
     *
     * @throws CaptureKeyException BAD_REFERENCE when the reference is refused by {@link #parse}, or names a secret
     *     in another region than the Secrets Manager client's (a secret is read in its own region)
     */
    public static AbstractCaptureKeySource fromReference(String reference, Supplier<SecretsManagerClient> secrets,
            Supplier<SsmClient> ssm, CaptureKeyListener listener) {
        Objects.requireNonNull(listener, "listener");
        return switch (parse(reference)) {
            case SecretReference secret -> {
                SecretsManagerClient client = secrets.get();
                Region clientRegion = client.serviceClientConfiguration().region();
                if (clientRegion != null && !clientRegion.equals(secret.region())) {
                    throw refused("the secret " + secret.arn() + " is in " + secret.region().id() + ", but this "
                            + "function reads Secrets Manager in " + clientRegion.id() + "; a secret is read in its "
                            + "own region, so replicate it to " + clientRegion.id() + " and name the replica's ARN");
                }
                yield SecretsManagerCaptureKeys.create(client, secret.arn(), listener);
            }
            case ParameterReference parameter -> SsmCaptureKeys.create(ssm.get(), parameter.name(), listener);
        };
    }

    private static CaptureKeyException refused(String message) {
        return new CaptureKeyException(CaptureKeyFailure.Reason.BAD_REFERENCE, message);
    }

    private static String echo(String value) {
        return value.length() > MAX_ECHO_CHARS ? value.substring(0, MAX_ECHO_CHARS) + "…" : value;
    }
}
