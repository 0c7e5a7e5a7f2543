package dev.vigil.predict.pretraffic;

import java.util.regex.Pattern;

/**
 * One published version of the predict function, as a deployment's AppSpec names it: the function (a name or ARN)
 * and its version number. Never {@code $LATEST} nor an alias, so the check asks exactly the code being deployed.
 *
 * @param function the function's name or unqualified ARN
 * @param version the published version number, e.g. {@code 7}
 */
public record PredictVersion(String function, String version) {
    private static final Pattern VERSION_NUMBER = Pattern.compile("[1-9][0-9]{0,9}");

    /** @throws IllegalArgumentException for a blank function or a version that is not a published number */
    public PredictVersion {
        if (function == null || function.isBlank()) {
            throw new IllegalArgumentException("the target names no function");
        }
        if (version == null || !VERSION_NUMBER.matcher(version).matches()) {
            throw new IllegalArgumentException("the target version of " + function + " is "
                    + (version == null ? "missing" : "'" + version + "'") + ", not a published version number");
        }
    }

    /** The qualified name Lambda invokes: {@code <function>:<version>}. */
    public String qualified() {
        return function + ":" + version;
    }

    @Override
    public String toString() {
        return qualified();
    }
}
