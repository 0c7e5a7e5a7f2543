package dev.vigil.benchmarks;

import dev.vigil.testkit.onnx.TestModel;
import dev.vigil.testkit.onnx.TestModels;
import java.util.EnumMap;
import java.util.Map;

/**
 * The two models the evaluate throughput probe scores, both binary on the same 10 features {@code f0..f9} with labels
 * {@code "0"} and {@code "1"}, so one labelled dataset serves both.
 */
enum EvaluateBenchModel {
    /** The small tabular model: a skl2onnx logistic regression, almost free to score. */
    SMALL("tabular"),
    /**
     * A random forest of 100 complete trees of depth 6 (skl2onnx {@code TreeEnsembleClassifier}, zipmap off): the size
     * of the gradient-boosted and random-forest models most production tabular scoring runs.
     */
    FOREST("forest");

    /** Each model generated at most once per JVM; kept outside the constants so they stay immutable. */
    private static final Map<EvaluateBenchModel, TestModel<?>> GENERATED = new EnumMap<>(EvaluateBenchModel.class);

    private final String modelName;

    EvaluateBenchModel(String modelName) {
        this.modelName = modelName;
    }

    String modelName() {
        return modelName;
    }

    TestModel<?> testModel() {
        synchronized (GENERATED) {
            return GENERATED.computeIfAbsent(this, EvaluateBenchModel::generate);
        }
    }

    private TestModel<?> generate() {
        return switch (this) {
            case SMALL -> TestModels.smallTabular();
            case FOREST -> TestModels.treeEnsembleClassifier(10, 2, 100, 6, false);
        };
    }
}
