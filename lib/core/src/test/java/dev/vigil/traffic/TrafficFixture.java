package dev.vigil.traffic;

import dev.vigil.model.Task;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * A seeded traffic window with every case the join must account for: unlabelled predictions, orphan labels,
 * conflicting and repeated labels, labels that are no class of the serving version, untimed and negative delays,
 * redelivered records, reused ids, predictions outside the window, unknown versions, malformed answers and records
 * the readers rejected.
 */
final class TrafficFixture {
    static final long START = 1_764_547_200_000L;
    static final long HOUR = 3_600_000L;
    static final TrafficWindow WINDOW = new TrafficWindow(START, START + HOUR);
    static final long READER_REJECTED_LABELS = 17;
    static final long READER_REJECTED_CAPTURE = 11;

    final Task task;
    final Map<String, List<String>> labelsByVersion;
    final List<ArrivedLabel> labels = new ArrayList<>();
    final List<ServedPrediction> predictions = new ArrayList<>();

    private final SplittableRandom random;

    private TrafficFixture(Task task, long seed, int size) {
        this.task = task;
        this.random = new SplittableRandom(seed);
        this.labelsByVersion = new LinkedHashMap<>();
        switch (task) {
            case BINARY_CLASSIFICATION -> {
                labelsByVersion.put("v1", List.of("stay", "churn"));
                labelsByVersion.put("v2", List.of("stay", "churn"));
            }
            case MULTICLASS_CLASSIFICATION -> {
                labelsByVersion.put("v1", List.of("a", "b", "c"));
                labelsByVersion.put("v2", List.of("a", "b", "c", "d"));
            }
            case REGRESSION -> {
                labelsByVersion.put("v1", List.of());
                labelsByVersion.put("v2", List.of());
            }
        }
        generate(size);
        Collections.shuffle(labels, new Random(seed));
    }

    static TrafficFixture of(Task task, long seed, int size) {
        return new TrafficFixture(task, seed, size);
    }

    VersionStates versions() {
        return VersionStates.create(task, labelsByVersion);
    }

    LabelIndex newIndex(int expected) {
        return task.isClassification() ? LabelIndex.forClassification(expected) : LabelIndex.forRegression(expected);
    }

    private void generate(int size) {
        List<ServedPrediction> late = new ArrayList<>();
        int labelRecord = 0;
        for (int i = 0; i < size; i++) {
            String id = "p-" + i;
            String version = random.nextInt(50) == 0 ? "v9" : (random.nextBoolean() ? "v1" : "v2");
            long servedAt = START - HOUR / 10 + random.nextLong(HOUR + HOUR / 5);
            ServedOutput output = random.nextInt(100) == 0 ? malformed() : output(version);
            ServedPrediction prediction = ServedPrediction.of(id, version, servedAt, output);
            predictions.add(prediction);
            if (random.nextInt(100) < 3) {
                late.add(prediction);
            }
            if (random.nextInt(100) < 2) {
                late.add(ServedPrediction.of(id, version, servedAt + 1 + random.nextLong(1000), output(version)));
            }
            if (random.nextInt(100) < 80) {
                long at = labelTime(servedAt);
                labels.add(ArrivedLabel.of(id, labelValue(), at, origin(++labelRecord)));
                int extra = random.nextInt(100);
                if (extra < 4) {
                    labels.add(ArrivedLabel.of(id, labelValue(), labelTime(servedAt), origin(++labelRecord)));
                } else if (extra < 6) {
                    labels.add(ArrivedLabel.of(id, labels.get(labels.size() - 1).label(), at + 5,
                            origin(++labelRecord)));
                }
            }
            if (!late.isEmpty() && random.nextInt(10) == 0) {
                predictions.add(late.remove(random.nextInt(late.size())));
            }
        }
        predictions.addAll(late);
        for (int k = 0; k < size / 15; k++) {
            labels.add(ArrivedLabel.of("orphan-" + k, labelValue(), START + random.nextLong(HOUR),
                    origin(++labelRecord)));
        }
        for (int k = 0; k < 20; k++) {
            labels.add(ArrivedLabel.of("p-" + random.nextInt(size), "", START, origin(++labelRecord)));
        }
    }

    private static LabelOrigin origin(int record) {
        return new LabelOrigin("ground-truth/m/dt=2026-12-01/part-" + (record / 1000) + ".csv", record % 1000 + 1);
    }

    private long labelTime(long servedAt) {
        int kind = random.nextInt(100);
        if (kind < 5) {
            return ArrivedLabel.NO_TIME;
        }
        if (kind < 6) {
            return servedAt - 1 - random.nextLong(60_000);
        }
        return servedAt + (long) Math.pow(2, random.nextDouble(0, 29.2));
    }

    private String labelValue() {
        return switch (task) {
            case BINARY_CLASSIFICATION -> random.nextInt(100) == 0 ? "maybe"
                    : (random.nextBoolean() ? "churn" : "stay");
            case MULTICLASS_CLASSIFICATION -> List.of("a", "b", "c", "d").get(random.nextInt(4));
            case REGRESSION -> random.nextInt(100) == 0 ? "n/a" : Double.toString(random.nextDouble(-50, 50));
        };
    }

    private ServedOutput output(String version) {
        if (task == Task.REGRESSION) {
            return ServedOutput.regression(random.nextDouble(-50, 50));
        }
        int classes = labelsByVersion.getOrDefault(version, labelsByVersion.get("v1")).size();
        double[] p = new double[classes];
        double sum = 0;
        for (int k = 0; k < classes; k++) {
            p[k] = random.nextDouble();
            sum += p[k];
        }
        int best = 0;
        for (int k = 0; k < classes; k++) {
            p[k] /= sum;
            best = p[k] > p[best] ? k : best;
        }
        return ServedOutput.classification(best, p);
    }

    private ServedOutput malformed() {
        return task == Task.REGRESSION ? ServedOutput.regression(Double.NaN)
                : ServedOutput.classification(0, new double[] {0.2, 0.3, 0.1, 0.1, 0.3});
    }

    /** One shard's join over this window: its labels in read order, then its predictions in stream order. */
    TrafficState join(TrafficShard shard) {
        return join(shard, 0, 0);
    }

    /**
     * {@link #join(TrafficShard)}, each prediction handed over by {@link TrafficJoin#offer} with probability
     * {@code offerShare} (chosen with {@code seed}), by {@link TrafficJoin#accept} otherwise; checks that what
     * {@code offer} returns at once is {@code accept}'s outcome for a rejected or out-of-window prediction, else null.
     */
    TrafficState join(TrafficShard shard, double offerShare, long seed) {
        SplittableRandom choice = new SplittableRandom(seed);
        LabelIndex index = newIndex(labels.size() / shard.count());
        if (shard.countsRecordsWithoutId()) {
            index.countRejected(READER_REJECTED_LABELS);
        }
        for (ArrivedLabel label : labels) {
            if (shard.owns(label.hash())) {
                index.insert(label);
            }
        }
        TrafficJoin join = TrafficJoin.create(WINDOW, index, versions());
        if (shard.countsRecordsWithoutId()) {
            join.countRejected(READER_REJECTED_CAPTURE);
        }
        for (ServedPrediction prediction : predictions) {
            if (!shard.owns(prediction.hash())) {
                continue;
            }
            if (choice.nextDouble() >= offerShare) {
                join.accept(prediction);
                continue;
            }
            JoinOutcome now = join.offer(prediction);
            boolean decidedAtOnce = versions().find(prediction.version()) == null
                    || !versions().find(prediction.version()).fits(prediction.output())
                    || !WINDOW.contains(prediction.servedAt());
            JoinOutcome expected = !decidedAtOnce ? null
                    : versions().find(prediction.version()) == null
                    || !versions().find(prediction.version()).fits(prediction.output()) ? JoinOutcome.REJECTED
                    : JoinOutcome.OUTSIDE_WINDOW;
            if (now != expected) {
                throw new AssertionError("offer returned " + now + " for " + prediction + ", not " + expected);
            }
        }
        return join.finish();
    }
}
