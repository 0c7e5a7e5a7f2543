package dev.vigil.benchmarks;

import dev.vigil.evaluation.RunningSum;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The cost of one exact add ({@link RunningSum#add}) on terms like a log loss's (-ln of a uniform draw, 0 to ~35):
 * {@code rounds} times, 6 × {@code terms} adds into a fresh sum, timed; prints ns per add per round and the median
 * of the second half of the rounds (the first include the JIT's warm-up). Run pinned to one core: {@code taskset -c 0
 * java -cp benchmarks/target/classes:<classpath> dev.vigil.benchmarks.RunningSumProbe 1000000 12}.
 */
public final class RunningSumProbe {
    private RunningSumProbe() {}

    public static void main(String[] args) {
        int terms = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 12;
        System.out.printf("machine: %s; load %s%n", Machine.current().describe(), Machine.loadAverage());
        double[] values = new double[terms];
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < terms; i++) {
            values[i] = -Math.log(Math.max(1e-15, random.nextDouble()));
        }
        List<Double> perAdd = new ArrayList<>();
        double sink = 0;
        for (int round = 0; round < rounds; round++) {
            RunningSum sum = new RunningSum();
            long start = System.nanoTime();
            for (int k = 0; k < 6; k++) {
                for (double v : values) {
                    sum.add(v);
                }
            }
            perAdd.add((System.nanoTime() - start) / (6.0 * terms));
            sink += sum.toExactSum().toDouble();
            System.out.printf(Locale.ROOT, "round %2d: %.2f ns per add%n", round + 1, perAdd.getLast());
        }
        System.out.printf(Locale.ROOT, "median %.2f ns per add over the last %d of %d rounds (sum %.6g)%n",
                EvaluateThroughputProbe.median(perAdd.subList(rounds / 2, rounds)), rounds - rounds / 2, rounds,
                sink);
    }
}
