package dev.vigil.traffic;

/** What {@link TrafficJoin#accept} did with one captured prediction; each outcome is one term of the accounting. */
public enum JoinOutcome {
    /** Joined with its label and scored. */
    JOINED,
    /** In the window, but no label arrived for its id. */
    UNLABELLED,
    /** In the window, but its label is not a class of the serving version ({@code unknown_label}); not scored. */
    UNKNOWN_LABEL,
    /** Served outside the window. */
    OUTSIDE_WINDOW,
    /** A second copy of a joined prediction (same id, same serving time); not scored again. */
    REDELIVERED,
    /** Another prediction with a joined prediction's id (another serving time); not scored. */
    DUPLICATE_ID,
    /** Not a prediction of one of the model's versions, or an answer that version cannot give. */
    REJECTED
}
