package dev.vigil.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vigil.json.Json;
import dev.vigil.model.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Partial states merge exactly: shard-then-merge is one pass, whatever the split, and merging is associative. */
class ShardMergeTest {
    private static final String[] FIXTURES = {"binary_ties", "binary_weighted", "multiclass", "multiclass_weighted",
        "regression", "regression_weighted"};

    @ParameterizedTest
    @ValueSource(strings = {"binary_ties", "binary_weighted", "multiclass", "multiclass_weighted", "regression",
        "regression_weighted"})
    void shardThenMergeEqualsOnePassForRandomSplits(String name) {
        ReferenceFixture fixture = ReferenceFixture.load(name);
        EvaluationState onePass = fixture.state();
        MetricReport onePassReport = onePass.report(MinimumSampleSize.DEFAULT);
        Random random = new Random(name.hashCode());
        for (int trial = 0; trial < 20; trial++) {
            List<EvaluationState> shards = shards(fixture, random);
            EvaluationState merged = shards.get(0);
            for (EvaluationState shard : shards.subList(1, shards.size())) {
                merged = merged.merge(shard);
            }
            assertEquals(onePass, merged, name + " split into " + shards.size() + " shards");
            assertEquals(onePassReport, merged.report(MinimumSampleSize.DEFAULT));
        }
    }

    @Test
    void mergeIsAssociative() {
        Random random = new Random(7);
        for (String name : FIXTURES) {
            ReferenceFixture fixture = ReferenceFixture.load(name);
            int n = fixture.rows();
            int i = random.nextInt(n);
            int j = i + random.nextInt(n - i);
            EvaluationState a = fixture.state(0, i);
            EvaluationState b = fixture.state(i, j);
            EvaluationState c = fixture.state(j, n);
            assertEquals(a.merge(b).merge(c), a.merge(b.merge(c)), name);
        }
    }

    @Test
    void emptyStateIsTheIdentityOfMerge() {
        for (String name : FIXTURES) {
            ReferenceFixture fixture = ReferenceFixture.load(name);
            EvaluationState state = fixture.state();
            EvaluationState empty = EvaluationState.empty(fixture.task(),
                    fixture.task() == Task.REGRESSION ? List.of() : fixture.labels());
            assertEquals(state, empty.merge(state), name);
            assertEquals(state, state.merge(empty), name);
        }
    }

    @Test
    void statesRoundTripThroughJsonUnchanged() {
        for (String name : FIXTURES) {
            EvaluationState state = ReferenceFixture.load(name).state();
            EvaluationState back = Json.fromBytes(Json.toBytes(state), EvaluationState.class);
            assertEquals(state, back, name);
            assertEquals(state.report(MinimumSampleSize.DEFAULT), back.report(MinimumSampleSize.DEFAULT), name);
        }
    }

    @Test
    void mergeRefusesStatesOfDifferentModels() {
        EvaluationState binary = ReferenceFixture.load("binary_ties").state();
        EvaluationState otherLabels = new ClassificationAccumulator(Task.BINARY_CLASSIFICATION, List.of("no", "yes"))
                .state();
        EvaluationState regression = ReferenceFixture.load("regression").state();
        assertThrows(IllegalArgumentException.class, () -> binary.merge(otherLabels));
        assertThrows(IllegalArgumentException.class, () -> binary.merge(regression));
        assertThrows(IllegalArgumentException.class, () -> regression.merge(binary));
    }

    @Test
    void shardsWithAndWithoutWeightsMergeAsOnePass() {
        ClassificationAccumulator all = new ClassificationAccumulator(Task.BINARY_CLASSIFICATION, List.of("a", "b"));
        ClassificationAccumulator first = new ClassificationAccumulator(Task.BINARY_CLASSIFICATION, List.of("a", "b"));
        ClassificationAccumulator second = new ClassificationAccumulator(Task.BINARY_CLASSIFICATION, List.of("a", "b"));
        double[][] rows = {{0, 0, 0.2}, {1, 1, 0.9}, {1, 0, 0.4}, {0, 1, 0.7}};
        double[] weights = {1.0, 1.0, 2.5, 0.5};
        for (int i = 0; i < rows.length; i++) {
            double p = rows[i][2];
            all.add((int) rows[i][0], (int) rows[i][1], new double[] {1 - p, p}, weights[i]);
            (i < 2 ? first : second).add((int) rows[i][0], (int) rows[i][1], new double[] {1 - p, p}, weights[i]);
        }
        assertEquals(all.state(), first.state().merge(second.state()));
    }

    /** The fixture's rows cut at random points into 1 to 8 contiguous shards, some possibly empty. */
    private static List<EvaluationState> shards(ReferenceFixture fixture, Random random) {
        int n = fixture.rows();
        int cuts = random.nextInt(8);
        int[] points = new int[cuts + 2];
        points[cuts + 1] = n;
        for (int k = 1; k <= cuts; k++) {
            points[k] = random.nextInt(n + 1);
        }
        java.util.Arrays.sort(points);
        List<EvaluationState> shards = new ArrayList<>();
        for (int k = 0; k + 1 < points.length; k++) {
            shards.add(fixture.state(points[k], points[k + 1]));
        }
        return shards;
    }
}
