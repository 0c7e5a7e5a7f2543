package dev.vigil.testkit.onnx;

import static dev.vigil.testkit.onnx.OnnxGraphBuilder.BATCH;
import static dev.vigil.testkit.onnx.OnnxGraphBuilder.attr;
import static dev.vigil.testkit.onnx.OnnxGraphBuilder.floats;
import static dev.vigil.testkit.onnx.OnnxGraphBuilder.ints;
import static dev.vigil.testkit.onnx.OnnxGraphBuilder.strings;

import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import dev.vigil.model.OutputFormat;
import dev.vigil.model.OutputSpec;
import dev.vigil.model.Task;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

/**
 * Builds, in Java, the ONNX graphs real exporters write (skl2onnx, torch.onnx / tf2onnx, tree ensembles), each with
 * the weights it was built from. Every model is deterministic for a given seed and has one float input
 * {@code [N, F]} with a dynamic batch dimension.
 */
public final class TestModels {
    static final long DEFAULT_SEED = 20260101L;

    private TestModels() {}

    // ---- scikit-learn via skl2onnx ----

    /**
     * scikit-learn {@code LogisticRegression} as skl2onnx exports it: input {@code float_input}, an ai.onnx.ml
     * {@code LinearClassifier} giving {@code output_label} (int64 [N]) and {@code output_probability}, which is a
     * ZipMap sequence of maps int64 → float when {@code zipMap}, else a float tensor [N, C]. Two labels give the
     * binary layout (LOGISTIC on rows {@code -w, w}; the returned weights hold the single row {@code w}, so
     * P(labels[1]) = sigmoid(w·x + b)), more the multinomial one (SOFTMAX over one row per class, then an L1
     * Normalizer).
     */
    public static TestModel<LinearWeights> sklearnLogisticRegression(int features, long[] classLabels, boolean zipMap) {
        List<String> labels = LongStream.of(classLabels).mapToObj(Long::toString).toList();
        return sklearnLogistic(features, labels, false, zipMap, DEFAULT_SEED);
    }

    /** As {@link #sklearnLogisticRegression(int, long[], boolean)} but trained on string classes: string labels. */
    public static TestModel<LinearWeights> sklearnLogisticRegression(int features, List<String> classLabels,
            boolean zipMap) {
        return sklearnLogistic(features, classLabels, true, zipMap, DEFAULT_SEED);
    }

    private static TestModel<LinearWeights> sklearnLogistic(int features, List<String> labels, boolean stringLabels,
            boolean zipMap, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        boolean binary = labels.size() == 2;
        LinearWeights w = dense(random, binary ? 1 : labels.size(), features, 1.0);
        OnnxGraphBuilder g = new OnnxGraphBuilder("LogisticRegression", "skl2onnx").floatInput("float_input", features);
        String probabilities = zipMap ? "probability_tensor" : "output_probability";
        String classifierScores = binary ? probabilities : "raw_probability";
        // skl2onnx writes a binary model as two rows (-w, w) so that LOGISTIC yields (1 - p, p).
        LinearWeights graphWeights = binary ? new LinearWeights(
                new float[][] {negate(w.coefficients()[0]), w.coefficients()[0]},
                new float[] {-w.intercepts()[0], w.intercepts()[0]}) : w;
        g.mlNode("LinearClassifier", List.of("float_input"), List.of("label", classifierScores),
                floats("coefficients", graphWeights.flatCoefficients()),
                floats("intercepts", graphWeights.intercepts()),
                stringLabels ? strings("classlabels_strings", labels) : ints("classlabels_ints", longs(labels)),
                attr("multi_class", binary ? 0L : 1L), attr("post_transform", binary ? "LOGISTIC" : "SOFTMAX"));
        if (!binary) {
            g.mlNode("Normalizer", List.of(classifierScores), List.of(probabilities), attr("norm", "L1"));
        }
        g.node("Identity", List.of("label"), List.of("output_label"));
        g.output("output_label", stringLabels ? DataType.STRING : DataType.INT64, BATCH);
        if (zipMap) {
            g.mlNode("ZipMap", List.of(probabilities), List.of("output_probability"),
                    stringLabels ? strings("classlabels_strings", labels) : ints("classlabels_int64s", longs(labels)));
            g.sequenceOfMapsOutput("output_probability", stringLabels ? DataType.STRING : DataType.INT64);
        } else {
            g.output("output_probability", DataType.FLOAT, BATCH, (long) labels.size());
        }
        return new TestModel<>("skl2onnx LogisticRegression" + (zipMap ? " (ZipMap)" : " (zipmap=False)"),
                g.toBytes(), w, binary ? Task.BINARY_CLASSIFICATION : Task.MULTICLASS_CLASSIFICATION, features, labels,
                new OutputSpec(OutputFormat.LABEL_AND_PROBABILITIES, "output_probability", "output_label"));
    }

    /**
     * scikit-learn {@code LinearRegression} through the ai.onnx.ml {@code LinearRegressor}: output {@code variable}
     * [N, 1].
     */
    public static TestModel<LinearWeights> sklearnLinearRegressor(int features) {
        LinearWeights w = dense(new SplittableRandom(DEFAULT_SEED + 1), 1, features, 1.0);
        byte[] bytes = new OnnxGraphBuilder("LinearRegression", "skl2onnx")
                .floatInput("float_input", features)
                .mlNode("LinearRegressor", List.of("float_input"), List.of("variable"),
                        floats("coefficients", w.flatCoefficients()), floats("intercepts", w.intercepts()),
                        attr("targets", 1L))
                .output("variable", DataType.FLOAT, BATCH, 1L)
                .toBytes();
        return new TestModel<>("skl2onnx LinearRegression", bytes, w, Task.REGRESSION, features, List.of(),
                OutputSpec.of(OutputFormat.VALUE));
    }

    // ---- PyTorch / TensorFlow style ----

    /**
     * A PyTorch {@code nn.Linear(F, C)} classifier as torch.onnx exports it: {@code MatMul + Add}, then
     * {@code Softmax} giving {@code probabilities} [N, C] when {@code softmax}, else raw {@code logits} [N, C].
     * Labels are {@code c0..c(C-1)}; two classes make it a binary model with a two-column output.
     */
    public static TestModel<LinearWeights> torchClassifier(int features, int classes, boolean softmax) {
        LinearWeights w = dense(new SplittableRandom(DEFAULT_SEED + 2), classes, features, 1.0);
        String output = softmax ? "probabilities" : "logits";
        OnnxGraphBuilder g = new OnnxGraphBuilder("torch_jit", "pytorch").floatInput("input", features)
                .initializer("fc.weight_t", w.transposedCoefficients(), features, classes)
                .initializer("fc.bias", w.intercepts(), classes)
                .node("MatMul", List.of("input", "fc.weight_t"), List.of("matmul_out"))
                .node("Add", List.of("matmul_out", "fc.bias"), List.of(softmax ? "add_out" : output));
        if (softmax) {
            g.node("Softmax", List.of("add_out"), List.of(output), attr("axis", -1L));
        }
        g.output(output, DataType.FLOAT, BATCH, (long) classes);
        List<String> labels = IntStream.range(0, classes).mapToObj(i -> "c" + i).toList();
        return new TestModel<>("torch.onnx Linear" + (softmax ? "+Softmax" : " logits"), g.toBytes(), w,
                classes == 2 ? Task.BINARY_CLASSIFICATION : Task.MULTICLASS_CLASSIFICATION, features, labels,
                OutputSpec.of(softmax ? OutputFormat.PROBABILITIES : OutputFormat.LOGITS));
    }

    /**
     * A binary PyTorch/Keras model whose single output is [N, 1]: {@code probability} after {@code Sigmoid} when
     * {@code sigmoid}, else the raw {@code logit}. Labels are {@code no, yes}.
     */
    public static TestModel<LinearWeights> torchBinary(int features, boolean sigmoid) {
        LinearWeights w = dense(new SplittableRandom(DEFAULT_SEED + 3), 1, features, 1.0);
        String output = sigmoid ? "probability" : "logit";
        OnnxGraphBuilder g = new OnnxGraphBuilder("torch_jit", "pytorch").floatInput("input", features)
                .initializer("fc.weight_t", w.transposedCoefficients(), features, 1)
                .initializer("fc.bias", w.intercepts(), 1)
                .node("MatMul", List.of("input", "fc.weight_t"), List.of("matmul_out"))
                .node("Add", List.of("matmul_out", "fc.bias"), List.of(sigmoid ? "add_out" : output));
        if (sigmoid) {
            g.node("Sigmoid", List.of("add_out"), List.of(output));
        }
        g.output(output, DataType.FLOAT, BATCH, 1L);
        return new TestModel<>("torch.onnx binary " + (sigmoid ? "sigmoid [N,1]" : "logit [N,1]"), g.toBytes(), w,
                Task.BINARY_CLASSIFICATION, features, List.of("no", "yes"),
                OutputSpec.of(sigmoid ? OutputFormat.PROBABILITIES : OutputFormat.LOGITS));
    }

    /** A linear regression exported Keras-style with its output squeezed to [N]: {@code MatMul + Add + Reshape(-1)}. */
    public static TestModel<LinearWeights> flatLinearRegression(int features) {
        LinearWeights w = dense(new SplittableRandom(DEFAULT_SEED + 4), 1, features, 1.0);
        byte[] bytes = new OnnxGraphBuilder("linear_regression", "tf2onnx").floatInput("input", features)
                .initializer("dense/kernel", w.transposedCoefficients(), features, 1)
                .initializer("dense/bias", w.intercepts(), 1)
                .initializer("flat_shape", new long[] {-1}, 1)
                .node("MatMul", List.of("input", "dense/kernel"), List.of("matmul_out"))
                .node("Add", List.of("matmul_out", "dense/bias"), List.of("add_out"))
                .node("Reshape", List.of("add_out", "flat_shape"), List.of("prediction"))
                .output("prediction", DataType.FLOAT, BATCH)
                .toBytes();
        return new TestModel<>("tf2onnx Dense(1) squeezed to [N]", bytes, w, Task.REGRESSION, features, List.of(),
                OutputSpec.of(OutputFormat.VALUE));
    }

    /**
     * A PyTorch MLP: {@code Gemm(transB=1) + Relu} per hidden layer, a final {@code Gemm} and {@code Softmax}
     * giving {@code probabilities} [N, classes]. He-initialised so scores stay O(1).
     */
    public static TestModel<MlpWeights> mlp(int features, int hidden, int hiddenLayers, int classes, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<LinearWeights> layers = new ArrayList<>();
        OnnxGraphBuilder g = new OnnxGraphBuilder("torch_jit", "pytorch").floatInput("input", features);
        String x = "input";
        int in = features;
        for (int l = 0; l <= hiddenLayers; l++) {
            boolean last = l == hiddenLayers;
            int out = last ? classes : hidden;
            LinearWeights w = dense(random, out, in, Math.sqrt(2.0 / in));
            layers.add(w);
            g.initializer("fc" + l + ".weight", w.flatCoefficients(), out, in)
                    .initializer("fc" + l + ".bias", w.intercepts(), out)
                    .node("Gemm", List.of(x, "fc" + l + ".weight", "fc" + l + ".bias"), List.of("gemm" + l),
                            attr("transB", 1L));
            x = "gemm" + l;
            if (!last) {
                g.node("Relu", List.of(x), List.of("relu" + l));
                x = "relu" + l;
            }
            in = out;
        }
        g.node("Softmax", List.of(x), List.of("probabilities"), attr("axis", 1L))
                .output("probabilities", DataType.FLOAT, BATCH, (long) classes);
        List<String> labels = IntStream.range(0, classes).mapToObj(i -> "c" + i).toList();
        return new TestModel<>("torch.onnx MLP " + features + "-" + hidden + "x" + hiddenLayers + "-" + classes,
                g.toBytes(), new MlpWeights(layers),
                classes == 2 ? Task.BINARY_CLASSIFICATION : Task.MULTICLASS_CLASSIFICATION, features, labels,
                OutputSpec.of(OutputFormat.PROBABILITIES));
    }

    // ---- tree ensembles (ai.onnx.ml) ----

    /**
     * A random forest as skl2onnx exports it: {@code TreeEnsembleClassifier} with per-leaf class probabilities
     * divided by the number of trees (so the sum is the forest's average), {@code output_label} int64 [N] and
     * {@code output_probability} as a ZipMap or a tensor [N, C]. Class labels are {@code 0..C-1}.
     */
    public static TestModel<TreeEnsembleWeights> treeEnsembleClassifier(int features, int classes, boolean zipMap) {
        return treeEnsembleClassifier(features, classes, 3, 3, zipMap);
    }

    /**
     * As {@link #treeEnsembleClassifier(int, int, boolean)} with {@code treeCount} complete trees of {@code depth}
     * splits each: e.g. 100 × depth 6 for a forest the size production tabular models have.
     */
    public static TestModel<TreeEnsembleWeights> treeEnsembleClassifier(int features, int classes, int treeCount,
            int depth, boolean zipMap) {
        SplittableRandom random = new SplittableRandom(DEFAULT_SEED + 5);
        List<TreeEnsembleWeights.Tree> trees = new ArrayList<>();
        for (int t = 0; t < treeCount; t++) {
            trees.add(fullTree(random, depth, features, classes, true, treeCount));
        }
        TreeEnsembleWeights ensemble = new TreeEnsembleWeights(trees, classes, new float[classes]);
        List<String> labels = IntStream.range(0, classes).mapToObj(Integer::toString).toList();
        NodeAttributes n = NodeAttributes.of(trees);
        String probabilities = zipMap ? "probability_tensor" : "output_probability";
        OnnxGraphBuilder g = new OnnxGraphBuilder("RandomForestClassifier", "skl2onnx")
                .floatInput("float_input", features)
                .mlNode("TreeEnsembleClassifier", List.of("float_input"), List.of("label", probabilities),
                        ints("nodes_treeids", n.treeIds), ints("nodes_nodeids", n.nodeIds),
                        ints("nodes_featureids", n.featureIds), floats("nodes_values", n.values),
                        strings("nodes_modes", n.modes), ints("nodes_truenodeids", n.trueIds),
                        ints("nodes_falsenodeids", n.falseIds), ints("class_treeids", n.leafTreeIds),
                        ints("class_nodeids", n.leafNodeIds), ints("class_ids", n.leafTargetIds),
                        floats("class_weights", n.leafWeights), ints("classlabels_int64s", longs(labels)),
                        attr("post_transform", "NONE"))
                .node("Identity", List.of("label"), List.of("output_label"))
                .output("output_label", DataType.INT64, BATCH);
        if (zipMap) {
            g.mlNode("ZipMap", List.of(probabilities), List.of("output_probability"),
                    ints("classlabels_int64s", longs(labels)));
            g.sequenceOfMapsOutput("output_probability", DataType.INT64);
        } else {
            g.output("output_probability", DataType.FLOAT, BATCH, (long) classes);
        }
        return new TestModel<>("skl2onnx RandomForestClassifier" + (zipMap ? " (ZipMap)" : " (zipmap=False)"),
                g.toBytes(), ensemble, classes == 2 ? Task.BINARY_CLASSIFICATION : Task.MULTICLASS_CLASSIFICATION,
                features, labels, new OutputSpec(OutputFormat.LABEL_AND_PROBABILITIES, "output_probability",
                        "output_label"));
    }

    /**
     * A gradient-boosted regressor: {@code TreeEnsembleRegressor} (SUM, a base value) giving {@code variable} [N, 1].
     */
    public static TestModel<TreeEnsembleWeights> treeEnsembleRegressor(int features) {
        SplittableRandom random = new SplittableRandom(DEFAULT_SEED + 6);
        List<TreeEnsembleWeights.Tree> trees = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            trees.add(fullTree(random, 3, features, 1, false, 1));
        }
        float base = (float) (random.nextDouble() * 10.0);
        TreeEnsembleWeights ensemble = new TreeEnsembleWeights(trees, 1, new float[] {base});
        NodeAttributes n = NodeAttributes.of(trees);
        byte[] bytes = new OnnxGraphBuilder("GradientBoostingRegressor", "skl2onnx")
                .floatInput("float_input", features)
                .mlNode("TreeEnsembleRegressor", List.of("float_input"), List.of("variable"),
                        ints("nodes_treeids", n.treeIds), ints("nodes_nodeids", n.nodeIds),
                        ints("nodes_featureids", n.featureIds), floats("nodes_values", n.values),
                        strings("nodes_modes", n.modes), ints("nodes_truenodeids", n.trueIds),
                        ints("nodes_falsenodeids", n.falseIds), ints("target_treeids", n.leafTreeIds),
                        ints("target_nodeids", n.leafNodeIds), ints("target_ids", n.leafTargetIds),
                        floats("target_weights", n.leafWeights), attr("n_targets", 1L),
                        attr("aggregate_function", "SUM"), floats("base_values", base), attr("post_transform", "NONE"))
                .output("variable", DataType.FLOAT, BATCH, 1L)
                .toBytes();
        return new TestModel<>("skl2onnx GradientBoostingRegressor", bytes, ensemble, Task.REGRESSION, features,
                List.of(), OutputSpec.of(OutputFormat.VALUE));
    }

    // ---- benchmark models ----

    /** The benchmarks' small tabular model: a binary skl2onnx logistic regression on 10 features, zipmap off. */
    public static TestModel<LinearWeights> smallTabular() {
        return sklearnLogisticRegression(10, new long[] {0, 1}, false);
    }

    /**
     * The benchmarks' heavy model: an MLP 64 → 4 × 2048 (ReLU) → 4 classes, about 51 MB of weights. Its weights
     * exceed a 32 MB L3 cache, so one row is memory-bound.
     */
    public static TestModel<MlpWeights> heavyMlp() {
        return mlp(64, 2048, 4, 4, DEFAULT_SEED + 7);
    }

    /** Standard-normal rows {@code [n][features]}, deterministic for a seed. */
    public static float[][] randomRows(int n, int features, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[][] rows = new float[n][features];
        for (float[] row : rows) {
            for (int i = 0; i < features; i++) {
                row[i] = (float) gaussian(random);
            }
        }
        return rows;
    }

    private static LinearWeights dense(SplittableRandom random, int targets, int features, double scale) {
        float[][] coefficients = new float[targets][features];
        float[] intercepts = new float[targets];
        for (int j = 0; j < targets; j++) {
            for (int i = 0; i < features; i++) {
                coefficients[j][i] = (float) (gaussian(random) * scale);
            }
            intercepts[j] = (float) (gaussian(random) * 0.5);
        }
        return new LinearWeights(coefficients, intercepts);
    }

    /** A complete binary tree of the given depth; classifier leaves hold probability vectors scaled by 1/trees. */
    private static TreeEnsembleWeights.Tree fullTree(SplittableRandom random, int depth, int features, int targets,
            boolean probabilities, int trees) {
        int size = (1 << (depth + 1)) - 1;
        int firstLeaf = (1 << depth) - 1;
        int[] feature = new int[size];
        float[] threshold = new float[size];
        int[] trueChild = new int[size];
        int[] falseChild = new int[size];
        float[][] leaf = new float[size][];
        for (int i = 0; i < size; i++) {
            if (i < firstLeaf) {
                feature[i] = random.nextInt(features);
                threshold[i] = (float) (gaussian(random) * 0.7);
                trueChild[i] = 2 * i + 1;
                falseChild[i] = 2 * i + 2;
            } else {
                feature[i] = -1;
                leaf[i] = probabilities ? probabilityLeaf(random, targets, trees) : new float[] {
                        (float) (gaussian(random) * 3.0)};
            }
        }
        return new TreeEnsembleWeights.Tree(feature, threshold, trueChild, falseChild, leaf);
    }

    private static float[] probabilityLeaf(SplittableRandom random, int classes, int trees) {
        double[] raw = new double[classes];
        double sum = 0;
        for (int c = 0; c < classes; c++) {
            raw[c] = 0.05 + random.nextDouble();
            sum += raw[c];
        }
        float[] leaf = new float[classes];
        for (int c = 0; c < classes; c++) {
            leaf[c] = (float) (raw[c] / sum / trees);
        }
        return leaf;
    }

    private static double gaussian(SplittableRandom random) {
        double u1 = 1.0 - random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
    }

    private static float[] negate(float[] values) {
        float[] negated = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            negated[i] = -values[i];
        }
        return negated;
    }

    private static long[] longs(List<String> labels) {
        return labels.stream().mapToLong(Long::parseLong).toArray();
    }

    /** The parallel {@code nodes_*} and leaf-vote attribute arrays the ai.onnx.ml tree operators take. */
    private record NodeAttributes(long[] treeIds, long[] nodeIds, long[] featureIds, float[] values,
            List<String> modes, long[] trueIds, long[] falseIds, long[] leafTreeIds, long[] leafNodeIds,
            long[] leafTargetIds, float[] leafWeights) {

        static NodeAttributes of(List<TreeEnsembleWeights.Tree> trees) {
            int total = trees.stream().mapToInt(TreeEnsembleWeights.Tree::size).sum();
            long[] treeIds = new long[total];
            long[] nodeIds = new long[total];
            long[] featureIds = new long[total];
            float[] values = new float[total];
            String[] modes = new String[total];
            long[] trueIds = new long[total];
            long[] falseIds = new long[total];
            List<long[]> votes = new ArrayList<>();
            List<Float> weights = new ArrayList<>();
            int k = 0;
            for (int t = 0; t < trees.size(); t++) {
                TreeEnsembleWeights.Tree tree = trees.get(t);
                for (int i = 0; i < tree.size(); i++, k++) {
                    treeIds[k] = t;
                    nodeIds[k] = i;
                    if (tree.isLeaf(i)) {
                        modes[k] = "LEAF";
                        float[] leaf = tree.leafValues()[i];
                        for (int target = 0; target < leaf.length; target++) {
                            votes.add(new long[] {t, i, target});
                            weights.add(leaf[target]);
                        }
                    } else {
                        modes[k] = "BRANCH_LEQ";
                        featureIds[k] = tree.feature()[i];
                        values[k] = tree.threshold()[i];
                        trueIds[k] = tree.trueChild()[i];
                        falseIds[k] = tree.falseChild()[i];
                    }
                }
            }
            float[] leafWeights = new float[weights.size()];
            for (int i = 0; i < leafWeights.length; i++) {
                leafWeights[i] = weights.get(i);
            }
            return new NodeAttributes(treeIds, nodeIds, featureIds, values, Arrays.asList(modes), trueIds, falseIds,
                    votes.stream().mapToLong(v -> v[0]).toArray(), votes.stream().mapToLong(v -> v[1]).toArray(),
                    votes.stream().mapToLong(v -> v[2]).toArray(), leafWeights);
        }
    }
}
