package dev.vigil.predict.pretraffic;

import java.util.Objects;

/**
 * The result of one pre-traffic check: passed with a summary of what was checked, or failed with its reason and a
 * message in Vigil's words naming what was expected and what came back.
 *
 * @param failure why it failed; null when it passed
 * @param message what was checked, or what went wrong
 */
public record CheckOutcome(CheckFailure failure, String message) {
    public CheckOutcome {
        Objects.requireNonNull(message, "message");
    }

    static CheckOutcome passed(String summary) {
        return new CheckOutcome(null, summary);
    }

    static CheckOutcome failed(CheckFailure failure, String message) {
        return new CheckOutcome(Objects.requireNonNull(failure, "failure"), message);
    }

    public boolean passed() {
        return failure == null;
    }
}
