package dev.vigil.predict.pretraffic;

import java.util.Objects;

/** Invokes one version of predict synchronously with one event, as Lambda's Invoke API does. */
public interface VersionInvoker {

    /**
     * The version's answer to {@code event}.
     *
     * @throws RuntimeException when Lambda did not run the version (the check reports it as INVOKE_FAILED)
     */
    Invocation invoke(PredictVersion version, byte[] event);

    /**
     * What Lambda returned: the payload and, when the function threw, Lambda's {@code FunctionError}.
     *
     * @param payload the function's answer, or Lambda's error document when it threw
     * @param functionError null when the function answered; {@code Unhandled} when it threw
     */
    record Invocation(byte[] payload, String functionError) {
        public Invocation {
            Objects.requireNonNull(payload, "payload");
        }
    }
}
