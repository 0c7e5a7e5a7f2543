package dev.vigil.benchmarks;

import dev.vigil.model.Task;
import dev.vigil.traffic.ArrivedLabel;
import dev.vigil.traffic.LabelIndex;
import dev.vigil.traffic.LabelOrigin;
import dev.vigil.traffic.ServedOutput;
import dev.vigil.traffic.ServedPrediction;
import dev.vigil.traffic.TrafficJoin;
import dev.vigil.traffic.TrafficState;
import dev.vigil.traffic.TrafficWindow;
import dev.vigil.traffic.VersionStates;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * The traffic join's own speed, in memory: generates a window of binary predictions served by two versions with
 * labels for 90 % of them (shuffled), then, per round, builds a presized {@link LabelIndex} and streams every
 * prediction through a {@link TrafficJoin}, printing labels indexed per second, joined rows per second and the
 * table's bytes per label. Reading and parsing capture are not included (the end-to-end probe over the emulator
 * measures those).
 *
 * <p>Run (arguments: rows, rounds), with a JDK 21+ {@code java}:
 * {@code ./vigil mvn -B -ntp -o -q package dependency:build-classpath -pl benchmarks -am -DskipTests
 * -Dmdep.outputFile=target/cp.txt}, then {@code java -Xmx1g -cp benchmarks/target/classes:$(cat
 * benchmarks/target/cp.txt) dev.vigil.benchmarks.TrafficJoinInMemoryProbe 1000000 3}.
 */
public final class TrafficJoinInMemoryProbe {
    private static final long START = 1_764_547_200_000L;
    private static final long HOUR = 3_600_000L;

    private TrafficJoinInMemoryProbe() {}

    public static void main(String[] args) {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        SplittableRandom random = new SplittableRandom(42);
        List<ServedPrediction> predictions = new ArrayList<>(rows);
        List<ArrivedLabel> labels = new ArrayList<>(rows);
        LabelOrigin origin = new LabelOrigin("ground-truth/churn/dt=2026-12-01/labels.csv", 1);
        for (int i = 0; i < rows; i++) {
            String id = "cust-" + i + "-2026-11";
            long servedAt = START + random.nextLong(HOUR);
            double churn = random.nextDouble();
            predictions.add(ServedPrediction.of(id, random.nextBoolean() ? "v1" : "v2", servedAt,
                    ServedOutput.classification(churn >= 0.5 ? 1 : 0, new double[] {1 - churn, churn})));
            if (random.nextInt(10) != 0) {
                labels.add(ArrivedLabel.of(id, random.nextDouble() < churn ? "churn" : "stay",
                        servedAt + random.nextLong(7 * 24 * HOUR), origin));
            }
        }
        Collections.shuffle(labels, new Random(7));
        System.out.printf(Locale.ROOT, "%,d predictions, %,d labels%n", rows, labels.size());
        for (int round = 1; round <= rounds; round++) {
            long t0 = System.nanoTime();
            LabelIndex index = LabelIndex.forClassification(labels.size());
            for (ArrivedLabel label : labels) {
                index.insert(label);
            }
            long t1 = System.nanoTime();
            TrafficJoin join = TrafficJoin.create(new TrafficWindow(START, START + HOUR), index,
                    VersionStates.create(Task.BINARY_CLASSIFICATION,
                            Map.of("v1", List.of("stay", "churn"), "v2", List.of("stay", "churn"))));
            for (ServedPrediction prediction : predictions) {
                join.accept(prediction);
            }
            TrafficState state = join.finish();
            long t2 = System.nanoTime();
            long joined = state.accounting().predictions().joined();
            System.out.printf(Locale.ROOT, "round %d: index %,.0f labels/s; join %,.0f rows/s (%,d joined, "
                    + "%,.0f joined rows/s incl. finish); table %.1f B/label; coverage %.3f, delay p50 %.0f s%n",
                    round, labels.size() / ((t1 - t0) / 1e9), rows / ((t2 - t1) / 1e9), joined,
                    joined / ((t2 - t1) / 1e9), (double) index.tableBytes() / index.size(), state.coverage(),
                    state.labelDelayP50Seconds());
        }
    }
}
