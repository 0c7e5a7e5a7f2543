package dev.vigil.serving;

/** A request Vigil will not serve, carrying the {@link ErrorKind} (hence HTTP status) and a message for the caller. */
public final class ApiException extends RuntimeException {
    private static final int EXCERPT_LENGTH = 40;

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

    /** The start of {@code callerText}, at most 40 characters and then "...", for quoting it in a message. */
    public static String excerpt(String callerText) {
        if (callerText == null || callerText.length() <= EXCERPT_LENGTH) {
            return callerText;
        }
        boolean splitsAPair = Character.isHighSurrogate(callerText.charAt(EXCERPT_LENGTH - 1));
        int end = splitsAPair ? EXCERPT_LENGTH - 1 : EXCERPT_LENGTH;
        return callerText.substring(0, end) + "...";
    }
}
