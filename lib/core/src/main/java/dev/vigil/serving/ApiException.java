package dev.vigil.serving;

/** A request Vigil will not serve, carrying the {@link ErrorKind} (hence HTTP status) and a message for the caller. */
public final class ApiException extends RuntimeException {
    private final ErrorKind kind;

    public ApiException(ErrorKind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    public ErrorKind kind() {
        return kind;
    }

    public int status() {
        return kind.status();
    }
}
