package dev.vigil.benchmarks;

import java.util.List;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/** The options every report harness takes the same way: {@code --quick} and {@code --prof NAME[:OPTIONS]}. */
final class JmhRunOptions {
    private JmhRunOptions() {}

    /** Applies {@code --quick} (one short warm-up and measurement iteration) and each {@code --prof}. */
    static ChainedOptionsBuilder apply(ChainedOptionsBuilder options, boolean quick, List<String> profilers) {
        if (quick) {
            options.warmupIterations(1).warmupTime(TimeValue.seconds(1))
                    .measurementIterations(1).measurementTime(TimeValue.seconds(1));
        }
        for (String profiler : profilers) {
            int colon = profiler.indexOf(':');
            if (colon < 0) {
                options.addProfiler(profiler);
            } else {
                options.addProfiler(profiler.substring(0, colon), profiler.substring(colon + 1));
            }
        }
        return options;
    }
}
