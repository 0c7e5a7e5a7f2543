package dev.vigil.benchmarks;

import dev.vigil.json.Json;
import dev.vigil.metrics.VigilMetric;
import java.net.URI;
import java.util.List;

/**
 * Runs evaluations in a JVM of its own, started by {@link EvaluateJitProbe} with the JIT flags being compared: the
 * first is the cold JVM's, as on a Lambda's first invocation; the rest are warm. Prints one {@code JIT <seconds>} line
 * per evaluation.
 *
 * <p>Arguments: endpoint, models bucket, data bucket, reports bucket, registered model name, data key, the event's
 * {@code options} as JSON, and the number of evaluations.
 */
public final class EvaluateJitChild {
    /** Prefix of the line with one evaluation's seconds. */
    static final String SECONDS = "JIT ";

    private EvaluateJitChild() {}

    public static void main(String[] args) throws Exception {
        int invocations = Integer.parseInt(args[7]);
        try (EvaluateDeployment d = new EvaluateDeployment(URI.create(args[0]), args[1], args[2], args[3])) {
            for (int i = 0; i < invocations; i++) {
                long start = System.nanoTime();
                String answer = d.invoke(args[4], List.of(args[5]), args[6]);
                double seconds = (System.nanoTime() - start) / 1e9;
                long rows = Json.MAPPER.readTree(answer).path("published")
                        .path(VigilMetric.ROWS_SCORED.publishedName()).asLong(-1);
                System.out.println(SECONDS + seconds + " " + rows);
            }
        }
    }
}
