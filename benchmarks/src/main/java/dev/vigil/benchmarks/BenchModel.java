package dev.vigil.benchmarks;

import dev.vigil.registry.ModelDraft;
import dev.vigil.testkit.onnx.TestModel;
import dev.vigil.testkit.onnx.TestModels;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/** The two models the predict latency targets name, under the model names the benchmarks serve them as. */
public enum BenchModel {
    /** A binary skl2onnx logistic regression on 10 features: the small tabular model (≤ 25 µs overhead). */
    SMALL("tabular"),
    /** An MLP 64 → 4 × 2048 → 4, about 51 MB: the model whose bare call takes ≥ 1 ms (≤ 10% more). */
    HEAVY("mlp");

    /** Version every benchmark registers and promotes. */
    public static final String VERSION = "v1";

    /** Each model generated at most once per JVM; kept outside the constants so they stay immutable. */
    private static final Map<BenchModel, TestModel<?>> GENERATED = new EnumMap<>(BenchModel.class);

    private final String modelName;

    BenchModel(String modelName) {
        this.modelName = modelName;
    }

    /** The model name in request paths and in the registry. */
    public String modelName() {
        return modelName;
    }

    /** The generated ONNX model (built once per JVM). */
    public TestModel<?> testModel() {
        synchronized (GENERATED) {
            return GENERATED.computeIfAbsent(this, BenchModel::generate);
        }
    }

    private TestModel<?> generate() {
        return switch (this) {
            case SMALL -> TestModels.smallTabular();
            case HEAVY -> TestModels.heavyMlp();
        };
    }

    public int features() {
        return testModel().featureCount();
    }

    /** What registering this model in a registry takes. */
    public ModelDraft draft() {
        return testModel().draft(modelName, VERSION);
    }

    /** {@code small} or {@code heavy}, as JMH's {@code @Param} and the command lines spell it. */
    public static BenchModel of(String name) {
        return valueOf(name.trim().toUpperCase(Locale.ROOT));
    }
}
