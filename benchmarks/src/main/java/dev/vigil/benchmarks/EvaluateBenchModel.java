package dev.vigil.benchmarks;

import dev.vigil.testkit.onnx.TestModel;
import dev.vigil.testkit.onnx.TestModels;
import java.util.function.Supplier;

/**
 * The two models the evaluate throughput probe scores, both binary on the same 10 features {@code f0..f9} with labels
 * {@code "0"} and {@code "1"}, so one labelled dataset serves both.
 */
enum EvaluateBenchModel {
    /** The small tabular model: a skl2onnx logistic regression, almost free to score. */
    SMALL("tabular", TestModels::smallTabular),
    /**
     * A random forest of 100 complete trees of depth 6 (skl2onnx {@code TreeEnsembleClassifier}, zipmap off): the size
     * of the gradient-boosted and random-forest models most production tabular scoring runs.
     */
    FOREST("forest", () -> TestModels.treeEnsembleClassifier(10, 2, 100, 6, false));

    private final String modelName;
    private final Supplier<TestModel<?>> generator;
    private TestModel<?> generated;

    EvaluateBenchModel(String modelName, Supplier<TestModel<?>> generator) {
        this.modelName = modelName;
        this.generator = generator;
    }

    String modelName() {
        return modelName;
    }

    synchronized TestModel<?> testModel() {
        if (generated == null) {
            generated = generator.get();
        }
        return generated;
    }
}
