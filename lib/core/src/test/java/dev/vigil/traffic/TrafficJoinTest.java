package dev.vigil.traffic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.evaluation.ClassificationAccumulator;
import dev.vigil.evaluation.EvaluationState;
import dev.vigil.evaluation.RegressionAccumulator;
import dev.vigil.model.Task;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@link TrafficJoin}: every outcome, the accounting identities, and metrics equal to feeding the rows directly. */
class TrafficJoinTest {
    private static final TrafficWindow WINDOW = new TrafficWindow(1_000, 2_000);
    private static final List<String> CHURN = List.of("stay", "churn");

    private static ArrivedLabel label(String id, String value, long at) {
        return ArrivedLabel.of(id, value, at, new LabelOrigin("labels.csv", at));
    }

    private static ServedPrediction served(String id, String version, long at, double churn) {
        return ServedPrediction.of(id, version, at,
                ServedOutput.classification(churn >= 0.5 ? 1 : 0, new double[] {1 - churn, churn}));
    }

    @Test
    void eachPredictionLandsInExactlyOneTermOfTheAccounting() {
        LabelIndex index = LabelIndex.forClassification(8);
        index.insert(label("a", "churn", 1_500));
        index.insert(label("b", "stay", 1_300));
        index.insert(label("c", "maybe", 1_600));
        index.insert(label("d", "churn", 1_200));
        index.insert(label("e", "stay", 1_100));
        index.insert(label("e", "churn", 1_700));
        TrafficJoin join = TrafficJoin.create(WINDOW, index,
                VersionStates.create(Task.BINARY_CLASSIFICATION, Map.of("v1", CHURN, "v2", CHURN)));
        join.countRejected(2);
        List<JoinOutcome> outcomes = new ArrayList<>();
        outcomes.add(join.accept(served("a", "v1", 1_100, 0.8)));
        outcomes.add(join.accept(served("b", "v2", 1_200, 0.3)));
        outcomes.add(join.accept(served("c", "v1", 1_300, 0.6)));
        outcomes.add(join.accept(served("x", "v1", 1_400, 0.1)));
        outcomes.add(join.accept(served("a", "v1", 1_100, 0.8)));
        outcomes.add(join.accept(served("a", "v2", 1_900, 0.2)));
        outcomes.add(join.accept(served("y", "v1", 2_000, 0.9)));
        outcomes.add(join.accept(served("z", "v3", 1_500, 0.9)));
        outcomes.add(join.accept(served("e", "v1", 1_000, 0.4)));
        outcomes.add(join.accept(served("c", "v1", 1_300, 0.6)));
        outcomes.add(join.accept(ServedPrediction.of("w", "v1", 1_500, ServedOutput.classification(2,
                new double[] {0.5, 0.5}))));
        assertEquals(List.of(JoinOutcome.JOINED, JoinOutcome.JOINED, JoinOutcome.UNKNOWN_LABEL,
                JoinOutcome.UNLABELLED, JoinOutcome.REDELIVERED, JoinOutcome.DUPLICATE_ID, JoinOutcome.OUTSIDE_WINDOW,
                JoinOutcome.REJECTED, JoinOutcome.JOINED, JoinOutcome.REDELIVERED, JoinOutcome.REJECTED), outcomes);
        TrafficState state = join.finish();

        JoinAccounting accounting = state.accounting();
        assertEquals(new CaptureCounts(13, 4, 1, 2, 1, 5), accounting.capture());
        assertEquals(new PredictionCounts(5, 3, 2), accounting.predictions());
        assertEquals(Map.of("v1", new PredictionCounts(4, 2, 2), "v2", new PredictionCounts(1, 1, 0)),
                accounting.byVersion());
        assertEquals(new LabelCounts(6, 0, 1, 3, 1, 1), accounting.labels());
        assertEquals(0.6, state.coverage(), 0.0);
        assertEquals(0.4, state.labelDelayP50Seconds(), 0.0, "delays 100, 400, 700 ms");
        assertEquals(0.7, state.labelDelayP95Seconds(), 0.0);
        assertEquals(0.7, state.labelDelayMaxSeconds(), 0.0);
        assertEquals(1, state.conflicts().ids());

        ClassificationAccumulator v1 = new ClassificationAccumulator(Task.BINARY_CLASSIFICATION, CHURN);
        v1.add(1, 1, new double[] {1 - 0.8, 0.8});
        v1.add(1, 0, new double[] {1 - 0.4, 0.4});
        ClassificationAccumulator v2 = new ClassificationAccumulator(Task.BINARY_CLASSIFICATION, CHURN);
        v2.add(0, 0, new double[] {1 - 0.3, 0.3});
        assertEquals(Map.of("v1", v1.finish(), "v2", v2.finish()), state.versions());
        assertThrows(IllegalStateException.class, () -> join.accept(served("q", "v1", 1_500, 0.5)));
    }

    @Test
    void regressionJoinsTheNumericTarget() {
        LabelIndex index = LabelIndex.forRegression(4);
        index.insert(label("a", "10.5", 1_200));
        index.insert(label("b", "3", 1_900));
        TrafficJoin join = TrafficJoin.create(WINDOW, index, VersionStates.create(Task.REGRESSION,
                Map.of("v1", List.of())));
        assertEquals(JoinOutcome.JOINED, join.accept(ServedPrediction.of("a", "v1", 1_100,
                ServedOutput.regression(9.5))));
        assertEquals(JoinOutcome.REJECTED, join.accept(ServedPrediction.of("b", "v1", 1_100,
                ServedOutput.classification(0, new double[] {1.0, 0.0}))));
        assertEquals(JoinOutcome.JOINED, join.accept(ServedPrediction.of("b", "v1", 1_800,
                ServedOutput.regression(4.0))));
        TrafficState state = join.finish();
        RegressionAccumulator expected = new RegressionAccumulator();
        expected.add(10.5, 9.5);
        expected.add(3.0, 4.0);
        assertEquals(Map.of("v1", expected.finish()), state.versions());
        assertEquals(new LabelCounts(2, 0, 0, 2, 0, 0), state.accounting().labels());
    }

    @Test
    void refusesAnIndexOfTheWrongKind() {
        assertThrows(IllegalArgumentException.class, () -> TrafficJoin.create(WINDOW, LabelIndex.forRegression(1),
                VersionStates.create(Task.BINARY_CLASSIFICATION, Map.of("v1", CHURN))));
    }

    @ParameterizedTest
    @EnumSource(Task.class)
    // The ordinal only gives each task its own random seed; any distinct number per task would do.
    @SuppressWarnings("EnumOrdinal")
    void aGeneratedWindowBalancesAndScoresWhatAStraightJoinScores(Task task) {
        TrafficFixture fixture = TrafficFixture.of(task, 7_000 + task.ordinal(), 5_000);
        TrafficState state = fixture.join(TrafficShard.ONE_PASS);
        Reference expected = new Reference(fixture);

        assertEquals(expected.accounting(), state.accounting());
        assertEquals(expected.states, state.versions());
        assertEquals(expected.conflictIds.size(), state.conflicts().ids());
        assertEquals(LabelConflicts.MAX_EXAMPLES, state.conflicts().examples().size());

        CaptureCounts capture = state.accounting().capture();
        LabelCounts labels = state.accounting().labels();
        for (long term : new long[] {capture.rejected(), capture.outsideWindow(), capture.redelivered(),
            capture.duplicateId(), state.accounting().predictions().unlabelled(), labels.rejected(),
            labels.superseded(), labels.unmatched(), state.conflicts().ids(), state.labelDelay().negative()}) {
            assertTrue(term > 0, "every case occurs: " + state.accounting());
        }
        assertEquals(task != Task.REGRESSION, labels.joinRejected() > 0, "labels no version knows: classes only");

        long[] delays = expected.delays.stream().mapToLong(d -> Math.max(0, d)).sorted().toArray();
        DelayHistogram histogram = state.labelDelay();
        assertEquals(delays.length, histogram.count());
        assertTrue(delays.length < state.accounting().predictions().joined(), "untimed labels have no delay");
        assertEquals(delays[delays.length - 1] / 1000.0, state.labelDelayMaxSeconds(), 0.0);
        for (double q : new double[] {0.5, 0.95}) {
            long exact = delays[(int) Math.max(1, Math.ceil(q * delays.length)) - 1];
            double seconds = q == 0.5 ? state.labelDelayP50Seconds() : state.labelDelayP95Seconds();
            assertEquals(exact / 1000.0, seconds, exact / 1000.0 / 256, "q=" + q);
        }
    }

    /** The join done the plain way: string-keyed maps, then the accumulators fed directly. */
    private static final class Reference {
        final Set<String> conflictIds = new HashSet<>();
        final List<Long> delays = new ArrayList<>();
        final Map<String, EvaluationState> states = new TreeMap<>();
        private final Map<String, PredictionCounts> byVersion = new TreeMap<>();
        private long labelRecords = TrafficFixture.READER_REJECTED_LABELS;
        private long labelRejected = TrafficFixture.READER_REJECTED_LABELS;
        private long superseded;
        private long joined;
        private long joinRejected;
        private long captureRecords = TrafficFixture.READER_REJECTED_CAPTURE;
        private long captureRejected = TrafficFixture.READER_REJECTED_CAPTURE;
        private long outside;
        private long redelivered;
        private long duplicate;
        private final Map<String, String> value = new HashMap<>();
        private final Map<String, Long> time = new HashMap<>();

        Reference(TrafficFixture fixture) {
            for (ArrivedLabel label : fixture.labels) {
                labelRecords++;
                String v = canonical(fixture.task, label.label());
                if (v == null) {
                    labelRejected++;
                    continue;
                }
                String id = label.id();
                if (!value.containsKey(id)) {
                    value.put(id, v);
                    time.put(id, label.labelledAt());
                    continue;
                }
                superseded++;
                if (!value.get(id).equals(v)) {
                    conflictIds.add(id);
                }
                if (label.labelledAt() >= time.get(id)) {
                    value.put(id, v);
                    time.put(id, label.labelledAt());
                }
            }
            Map<String, Long> joinedAt = new HashMap<>();
            Map<String, ClassificationAccumulator> classes = new TreeMap<>();
            Map<String, RegressionAccumulator> values = new TreeMap<>();
            for (ServedPrediction p : fixture.predictions) {
                captureRecords++;
                List<String> versionLabels = fixture.labelsByVersion.get(p.version());
                ServedOutput out = p.output();
                boolean fits = versionLabels != null && (fixture.task == Task.REGRESSION
                        ? !out.isClassification() && Double.isFinite(out.value())
                        : out.classes() == versionLabels.size());
                if (!fits) {
                    captureRejected++;
                    continue;
                }
                if (!TrafficFixture.WINDOW.contains(p.servedAt())) {
                    outside++;
                    continue;
                }
                String id = p.id();
                if (joinedAt.containsKey(id)) {
                    if (joinedAt.get(id) == p.servedAt()) {
                        redelivered++;
                    } else {
                        duplicate++;
                    }
                    continue;
                }
                PredictionCounts counts = byVersion.getOrDefault(p.version(), PredictionCounts.NONE);
                String v = value.get(id);
                if (v == null) {
                    byVersion.put(p.version(), counts.plus(new PredictionCounts(1, 0, 1)));
                    continue;
                }
                joinedAt.put(id, p.servedAt());
                if (fixture.task == Task.REGRESSION) {
                    values.computeIfAbsent(p.version(), k -> new RegressionAccumulator())
                            .add(Double.parseDouble(v), out.value());
                } else {
                    int actual = versionLabels.indexOf(v);
                    if (actual < 0) {
                        joinRejected++;
                        byVersion.put(p.version(), counts.plus(new PredictionCounts(1, 0, 1)));
                        continue;
                    }
                    double[] probabilities = new double[out.classes()];
                    Arrays.setAll(probabilities, out::probability);
                    classes.computeIfAbsent(p.version(), k -> new ClassificationAccumulator(fixture.task,
                            versionLabels)).add(actual, out.predictedClass(), probabilities);
                }
                joined++;
                byVersion.put(p.version(), counts.plus(new PredictionCounts(1, 1, 0)));
                if (time.get(id) != ArrivedLabel.NO_TIME) {
                    delays.add(time.get(id) - p.servedAt());
                }
            }
            for (String version : byVersion.keySet()) {
                if (fixture.task == Task.REGRESSION) {
                    states.put(version, values.containsKey(version) ? values.get(version).finish()
                            : EvaluationState.empty(Task.REGRESSION, List.of()));
                } else {
                    states.put(version, classes.containsKey(version) ? classes.get(version).finish()
                            : EvaluationState.empty(fixture.task, fixture.labelsByVersion.get(version)));
                }
            }
        }

        private static String canonical(Task task, String text) {
            if (text == null || text.isEmpty()) {
                return null;
            }
            if (task != Task.REGRESSION) {
                return text;
            }
            try {
                double v = Double.parseDouble(text);
                return Double.isFinite(v) ? Double.toString(v + 0.0) : null;
            } catch (NumberFormatException e) {
                return null;
            }
        }

        JoinAccounting accounting() {
            PredictionCounts predictions = PredictionCounts.NONE;
            for (PredictionCounts counts : byVersion.values()) {
                predictions = predictions.plus(counts);
            }
            long distinct = value.size();
            return new JoinAccounting(
                    new CaptureCounts(captureRecords, captureRejected, outside, redelivered, duplicate,
                            predictions.predictions()),
                    predictions, byVersion,
                    new LabelCounts(labelRecords, labelRejected, superseded, joined, joinRejected,
                            distinct - joined - joinRejected));
        }
    }

    @ParameterizedTest
    @EnumSource(Task.class)
    // The ordinal only gives each task its own random seed; any distinct number per task would do.
    @SuppressWarnings("EnumOrdinal")
    void offeringPredictionsJoinsThemExactlyAsAcceptingThem(Task task) {
        TrafficFixture fixture = TrafficFixture.of(task, 20261203L + task.ordinal(), 6_000);
        TrafficState accepted = fixture.join(TrafficShard.ONE_PASS);
        assertTrue(accepted.accounting().predictions().joined() > 2_000, "the window joins rows");
        assertTrue(accepted.accounting().capture().redelivered() > 0 && accepted.accounting().capture().duplicateId()
                > 0, "the window has redeliveries and reused ids, whose outcome depends on the order");
        for (double share : new double[] {1.0, 0.5, 0.97}) {
            for (TrafficShard shard : new TrafficShard[] {TrafficShard.ONE_PASS, new TrafficShard(1, 2)}) {
                TrafficState expected = fixture.join(shard);
                TrafficState offered = fixture.join(shard, share, 7L + (long) (share * 100));
                assertEquals(expected, offered, task + ", " + share + " of the predictions offered, " + shard);
            }
        }
    }
}
