package dev.vigil.local;

/**
 * The exit codes of the {@code vigil} command, so scripts can tell a mistyped command from an operation the
 * registry refused and from a store that could not be reached.
 */
public enum ExitStatus {
    /** The command did what it was asked. */
    OK(0),
    /** The registry refused the operation: unknown model or version, version already registered, rejected model. */
    REFUSED(1),
    /** The command line (or an input file it names) is wrong: unknown option, missing argument, invalid value. */
    USAGE(2),
    /** The store could not be used: missing directory, unreachable endpoint, missing bucket, I/O error. */
    UNAVAILABLE(3),
    /** A bug in Vigil; set {@code VIGIL_DEBUG=1} to see the stack trace. */
    INTERNAL(4),
    /** An evaluation found no labelled rows in its window: nothing was judged, {@code EvaluationNoData} alarms. */
    NO_DATA(5);

    private final int code;

    ExitStatus(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
