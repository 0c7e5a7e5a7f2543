package dev.vigil.aws;

import dev.vigil.capture.CaptureKeyException;
import dev.vigil.capture.CaptureKeyFailure.Reason;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/** How a failed Secrets Manager or SSM read becomes a {@link CaptureKeyException}, the same for both services. */
final class AwsKeyReadErrors {
    /** The longest a key read may take (retries included), so an unreachable service cannot stall init. */
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

    private static final int MAX_DETAIL_CHARS = 300;
    private static final Set<String> NOT_FOUND = Set.of("ResourceNotFoundException", "ParameterNotFound",
            "ParameterVersionNotFound");
    private static final Set<String> DENIED = Set.of("AccessDeniedException", "AccessDenied",
            "DecryptionFailure", "InvalidKeyId", "UnrecognizedClientException", "KMSAccessDeniedException",
            "KMSDisabledException", "KMSInvalidStateException", "KMSNotFoundException");

    private AwsKeyReadErrors() {}

    /**
     * The failure {@code e} means, with what to check.
     *
     * @param service the service as people name it ("Secrets Manager", "SSM")
     * @param what what was read, e.g. {@code "the secret arn:aws:..."}
     */
    static CaptureKeyException translate(SdkException e, String service, String what) {
        if (e instanceof AwsServiceException aws) {
            String code = aws.awsErrorDetails() == null ? "" : nullToEmpty(aws.awsErrorDetails().errorCode());
            String said = " (" + service + " answered " + aws.statusCode() + " " + code + detail(aws) + ")";
            if (NOT_FOUND.contains(code)) {
                return new CaptureKeyException(Reason.NOT_FOUND, what + " does not exist" + said, e);
            }
            if ("InvalidRequestException".equals(code)) {
                return new CaptureKeyException(Reason.NOT_FOUND,
                        what + " cannot be read in its current state, e.g. it is scheduled for deletion" + said, e);
            }
            if (DENIED.contains(code) || code.startsWith("KMS") || aws.statusCode() == 403) {
                return new CaptureKeyException(Reason.ACCESS_DENIED, "this function may not read or decrypt " + what
                        + "; it needs " + permission(service) + " on it and kms:Decrypt on its KMS key" + said, e);
            }
            return new CaptureKeyException(Reason.UNAVAILABLE, "could not read " + what + said, e);
        }
        String message = e instanceof SdkClientException ? "could not reach " + service + " to read " + what
                : "could not read " + what;
        return new CaptureKeyException(Reason.UNAVAILABLE, message + ": " + e.getMessage(), e);
    }

    private static String permission(String service) {
        return service.toLowerCase(Locale.ROOT).startsWith("ssm") ? "ssm:GetParameter"
                : "secretsmanager:GetSecretValue";
    }

    private static String detail(AwsServiceException aws) {
        String message = aws.awsErrorDetails() == null ? null : aws.awsErrorDetails().errorMessage();
        if (message == null || message.isBlank()) {
            return "";
        }
        String flat = message.strip().replace('\n', ' ');
        return ": " + (flat.length() > MAX_DETAIL_CHARS ? flat.substring(0, MAX_DETAIL_CHARS) + "…" : flat);
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
