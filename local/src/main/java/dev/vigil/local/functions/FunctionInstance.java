package dev.vigil.local.functions;

import com.amazonaws.services.lambda.runtime.Context;
import dev.vigil.lambda.InvocationContext;
import java.time.Duration;
import java.util.function.Function;

/**
 * One instance of a function on this machine. Like one Lambda execution environment it handles one event at a time
 * (the handlers keep per-instance state, and Powertools metrics share one logger per process), giving each
 * invocation a fresh {@link Context}.
 */
public final class FunctionInstance {
    private final String name;
    private final Duration timeout;
    private final int memoryMb;

    /**
     * @param name the function name the context reports (e.g. {@code vigil-predict})
     * @param timeout what the context reports as the invocation's time limit (not enforced)
     * @param memoryMb what the context reports as the memory size
     */
    public FunctionInstance(String name, Duration timeout, int memoryMb) {
        this.name = name;
        this.timeout = timeout;
        this.memoryMb = memoryMb;
    }

    public String name() {
        return name;
    }

    /** Runs {@code invocation} with a new context, after any invocation in progress has returned. */
    public synchronized <T> T invoke(Function<Context, T> invocation) {
        return invocation.apply(new InvocationContext(name, null, timeout.toMillis(), memoryMb));
    }
}
