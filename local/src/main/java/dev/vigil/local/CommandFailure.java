package dev.vigil.local;

import dev.vigil.local.functions.FunctionError;
import dev.vigil.local.http.PortInUseException;
import dev.vigil.registry.ModelRejectedException;
import dev.vigil.registry.RegistryException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;

/**
 * A command that could not be done: the exit status and the one line the user sees on stderr. {@link #of} turns
 * any exception a command raises into one, so no stack trace reaches the user.
 */
public final class CommandFailure extends RuntimeException {
    private static final int MAX_MESSAGE = 400;

    private final ExitStatus status;

    public CommandFailure(ExitStatus status, String message) {
        super(message);
        this.status = status;
    }

    public ExitStatus status() {
        return status;
    }

    static CommandFailure usage(String message) {
        return new CommandFailure(ExitStatus.USAGE, message);
    }

    static CommandFailure unavailable(String message) {
        return new CommandFailure(ExitStatus.UNAVAILABLE, message);
    }

    static CommandFailure refused(String message) {
        return new CommandFailure(ExitStatus.REFUSED, message);
    }

    /** What the user is told about {@code e}, and with which exit status. */
    static CommandFailure of(Throwable e) {
        return of(e, null);
    }

    /**
     * What the user is told about {@code e}; {@code endpoint} names the S3 endpoint in use (as given, or how it was
     * chosen) for the message when it cannot be reached, or is null when no S3 store is involved.
     */
    static CommandFailure of(Throwable e, String endpoint) {
        return switch (e) {
            case CommandFailure failure -> failure;
            case RegistryException refusal -> refused(describe(refusal));
            case ModelRejectedException rejected -> refused("model rejected: " + firstLine(rejected));
            case PortInUseException taken -> usage(taken.getMessage());
            case FunctionError failed -> refused(firstLine(failed));
            case NoSuchBucketException missing -> unavailable("bucket does not exist: " + firstLine(missing));
            case SdkException aws when String.valueOf(aws.getMessage()).startsWith("Unable to load credentials") ->
                    unavailable("no AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE"
                            + " (an emulator accepts any, e.g. test/test)");
            case SdkClientException unreachable when endpoint != null && unreachable(unreachable) ->
                    unavailable("cannot reach the S3 endpoint " + endpoint + " (" + reachFailure(unreachable)
                            + "); is it running? check --endpoint-url or AWS_ENDPOINT_URL");
            case SdkClientException profile when String.valueOf(profile.getMessage()).contains("for profile") ->
                    unavailable("the AWS profile has no usable credentials (check --profile or AWS_PROFILE against"
                            + " ~/.aws/credentials and ~/.aws/config): " + firstLine(profile));
            case SdkException aws -> unavailable("AWS request failed: " + firstLine(aws));
            case UncheckedIOException io -> unavailable(firstLine(io) + causeSuffix(io.getCause()));
            case IOException io -> unavailable(firstLine(io));
            default -> new CommandFailure(ExitStatus.INTERNAL, "internal error: " + e
                    + " (set VIGIL_DEBUG=1 for the stack trace)");
        };
    }

    private static String describe(RegistryException e) {
        String label = switch (e.reason()) {
            case NOT_FOUND -> "not found";
            case ALREADY_EXISTS -> "already registered";
            case CHECKSUM_MISMATCH -> "stored artifact is corrupt";
            case REJECTED -> "model rejected";
            case NO_CHAMPION -> "no champion";
            case CONFLICT -> "concurrent change";
            case ARCHIVED -> "archived";
            case IS_CHAMPION -> "the champion";
        };
        return label + ": " + firstLine(e);
    }

    /** True when the request never got an HTTP answer: refused, timed out, or no such host. */
    private static boolean unreachable(SdkClientException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException || cause instanceof UnknownHostException
                    || cause instanceof SocketTimeoutException) {
                return true;
            }
        }
        return String.valueOf(e.getMessage()).startsWith("Unable to execute HTTP request");
    }

    private static String reachFailure(SdkClientException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            switch (cause) {
                case ConnectException refused -> {
                    return "connection refused";
                }
                case UnknownHostException host -> {
                    return "unknown host " + host.getMessage();
                }
                case SocketTimeoutException timeout -> {
                    return "timed out";
                }
                default -> { }
            }
        }
        return "no answer";
    }

    private static String causeSuffix(Throwable cause) {
        return cause == null || cause.getMessage() == null ? "" : ": " + firstLine(cause);
    }

    /** The first line of the message, at most {@value #MAX_MESSAGE} characters (SDK messages can run long). */
    private static String firstLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
        int newline = message.indexOf('\n');
        String line = newline < 0 ? message : message.substring(0, newline).strip();
        return line.length() <= MAX_MESSAGE ? line : line.substring(0, MAX_MESSAGE) + "...";
    }
}
