package dev.vigil.benchmarks;

import dev.vigil.model.ModelMonitoring;
import dev.vigil.model.ProtectedAttribute;
import dev.vigil.model.SliceColumn;
import dev.vigil.model.Task;
import dev.vigil.testkit.onnx.LinearWeights;
import dev.vigil.testkit.onnx.TestModel;
import dev.vigil.testkit.onnx.TestModels;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The models the evaluate throughput probe scores, all on the same 10 features {@code f0..f9}, so one labelled dataset
 * serves them: two binary ones with labels {@code "0"} and {@code "1"} (column {@code label}) and a three-class one
 * with labels {@code "0"}, {@code "1"}, {@code "2"} (column {@code label3}). Each is registered twice: as
 * {@link #modelName()} with no monitoring declared, and as {@link #watchedName()} declaring the slice column
 * {@code segment} and, for the binary ones, the protected attribute {@code group}.
 */
enum EvaluateBenchModel {
    /** The small tabular model: a skl2onnx logistic regression, almost free to score. */
    SMALL("tabular"),
    /**
     * A random forest of 100 complete trees of depth 6 (skl2onnx {@code TreeEnsembleClassifier}, zipmap off): the size
     * of the gradient-boosted and random-forest models most production tabular scoring runs.
     */
    FOREST("forest"),
    /** A three-class skl2onnx multinomial logistic regression, zipmap off: as cheap to score as the small model. */
    MULTICLASS("multiclass");

    /** Each model generated at most once per JVM; kept outside the constants so they stay immutable. */
    private static final Map<EvaluateBenchModel, TestModel<?>> GENERATED = new EnumMap<>(EvaluateBenchModel.class);

    private final String modelName;

    EvaluateBenchModel(String modelName) {
        this.modelName = modelName;
    }

    /** The registered name of the version that declares no monitoring. */
    String modelName() {
        return modelName;
    }

    /** The registered name of the same model declaring slices (and, binary, a protected attribute). */
    String watchedName() {
        return modelName + "-watched";
    }

    /** The dataset column holding this model's true label. */
    String labelColumn() {
        return this == MULTICLASS ? "label3" : "label";
    }

    /** What {@link #watchedName()} declares. */
    ModelMonitoring monitoring() {
        List<ProtectedAttribute> protectedAttributes = testModel().task() == Task.BINARY_CLASSIFICATION
                ? List.of(new ProtectedAttribute("group", "a")) : List.of();
        return new ModelMonitoring(List.of(SliceColumn.categorical("segment")), protectedAttributes, null, null);
    }

    /**
     * Bytes the run's metric state keeps per row, unweighted: one score per row for a binary model, one probability
     * per class for a multiclass one. Each declared slice column or protected attribute keeps as much again.
     */
    long metricStateBytesPerRow() {
        int classes = testModel().labels().size();
        return Double.BYTES * (classes == 2 ? 1L : classes);
    }

    TestModel<?> testModel() {
        synchronized (GENERATED) {
            return GENERATED.computeIfAbsent(this, EvaluateBenchModel::generate);
        }
    }

    /** The multiclass model's weights, from which the dataset draws {@code label3}. */
    LinearWeights linearWeights() {
        return (LinearWeights) testModel().weights();
    }

    private TestModel<?> generate() {
        return switch (this) {
            case SMALL -> TestModels.smallTabular();
            case FOREST -> TestModels.treeEnsembleClassifier(10, 2, 100, 6, false);
            case MULTICLASS -> TestModels.sklearnLogisticRegression(10, new long[] {0, 1, 2}, false);
        };
    }
}
