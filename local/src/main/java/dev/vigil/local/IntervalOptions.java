package dev.vigil.local;

import dev.vigil.alarms.AlarmOn;
import dev.vigil.report.ConfidenceLevel;
import dev.vigil.settings.VigilSettings;
import picocli.CommandLine.Option;

/**
 * The confidence-interval options of the commands that evaluate ({@code evaluate}, {@code serve}, {@code demo}): the
 * intervals' level ({@code VIGIL_CONFIDENCE_LEVEL}) and what the quality alarms compare (the CDK config's
 * {@code alarmOn}).
 */
final class IntervalOptions {
    @Option(names = "--confidence-level", paramLabel = "LEVEL",
            description = "The level of the quality metrics' confidence intervals, at least 0.5 and below 1"
                    + " (VIGIL_CONFIDENCE_LEVEL; default: 0.95).")
    double level = VigilSettings.CONFIDENCE_LEVEL.defaultValue();

    @Option(names = "--alarm-on", paramLabel = "point|bound",
            description = "What the quality alarms compare with their thresholds: the confidence bound that shows the"
                    + " metric confidently bad (bound, the default) or its value (point).")
    String alarmOn;

    /**
     * Checks both options.
     *
     * @throws CommandFailure naming the option and what it must be
     */
    void validate() {
        ConfidenceLevel.problem("--confidence-level", level).ifPresent(p -> {
            throw CommandFailure.usage(p);
        });
        alarmOn();
    }

    /** What the quality alarms compare. */
    AlarmOn alarmOn() {
        try {
            return AlarmOn.parse(alarmOn);
        } catch (IllegalArgumentException e) {
            throw CommandFailure.usage("--alarm-on must be point or bound, was '" + alarmOn + "'");
        }
    }
}
