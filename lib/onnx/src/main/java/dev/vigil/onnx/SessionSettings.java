package dev.vigil.onnx;

/**
 * How ONNX Runtime sessions are sized. Lambda grants one vCPU per 1769 MB of memory, so more intra-op threads than
 * that only contend for the same core; graph optimisation is always ALL.
 *
 * @param intraOpThreads threads one inference may use (at least 1)
 */
public record SessionSettings(int intraOpThreads) {
    /** Megabytes of Lambda memory that buy one full vCPU. */
    public static final int LAMBDA_MB_PER_VCPU = 1769;
    /** The most vCPUs a Lambda function gets (at 10240 MB). */
    public static final int LAMBDA_MAX_VCPUS = 6;
    /** One intra-op thread: right for Lambda at up to 3537 MB and for anything that runs many models at once. */
    public static final SessionSettings DEFAULT = new SessionSettings(1);

    public SessionSettings {
        if (intraOpThreads < 1) {
            throw new IllegalArgumentException("intraOpThreads must be at least 1, was " + intraOpThreads);
        }
    }

    /**
     * One thread per whole vCPU that {@code memoryMb} of Lambda memory buys (at least 1, at most 6); the functions
     * read the memory from {@code AWS_LAMBDA_FUNCTION_MEMORY_SIZE}, which the Lambda runtime sets.
     */
    public static SessionSettings forLambdaMemory(int memoryMb) {
        return new SessionSettings(Math.max(1, Math.min(LAMBDA_MAX_VCPUS, memoryMb / LAMBDA_MB_PER_VCPU)));
    }
}
