package dev.vigil.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import dev.vigil.model.ModelManifest;
import dev.vigil.model.OutputFormat;
import dev.vigil.model.OutputSpec;
import dev.vigil.model.Task;
import dev.vigil.testkit.onnx.LinearWeights;
import dev.vigil.testkit.onnx.MlpWeights;
import dev.vigil.testkit.onnx.OnnxGraphBuilder;
import dev.vigil.testkit.onnx.TestModel;
import dev.vigil.testkit.onnx.TestModels;
import dev.vigil.testkit.onnx.TreeEnsembleWeights;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Every exporter layout decodes to the probabilities, labels and values computed independently from its weights. */
class OnnxModelPredictTest {
    private static final double TOLERANCE = 1e-5;
    private static final int ROWS = 64;

    // ---- scikit-learn via skl2onnx ----

    @Test
    void skl2onnxZipMapBinaryUsesManifestThresholdNotGraphLabel() {
        TestModel<LinearWeights> model = TestModels.sklearnLogisticRegression(4, new long[] {0, 1}, true);
        float[][] rows = TestModels.randomRows(ROWS, 4, 1);
        ModelManifest manifest = model.manifest("churn", "v1", 0.8);
        int disagreements = 0;
        try (OnnxModel onnx = OnnxModel.load(manifest, model.bytes())) {
            Predictions p = onnx.predict(rows);
            for (int r = 0; r < ROWS; r++) {
                double[] expected = Reference.binaryLogistic(model.weights(), rows[r]);
                assertProbabilities(expected, p, r);
                assertEquals(expected[1] >= 0.8 ? "1" : "0", p.label(r), "row " + r);
                if (expected[1] > 0.5 && expected[1] < 0.8) {
                    disagreements++;
                }
            }
        }
        assertTrue(disagreements > 0, "the rows must include some the graph's 0.5 label would call positive");
    }

    @Test
    void skl2onnxTensorBinaryGivesSigmoidOfWeights() {
        TestModel<LinearWeights> model = TestModels.sklearnLogisticRegression(4, new long[] {0, 1}, false);
        float[][] rows = TestModels.randomRows(ROWS, 4, 2);
        Predictions p = predict(model, model.manifest("m", "v1", 0.3), rows);
        for (int r = 0; r < ROWS; r++) {
            double[] expected = Reference.binaryLogistic(model.weights(), rows[r]);
            assertProbabilities(expected, p, r);
            assertEquals(expected[1] >= 0.3 ? "1" : "0", p.label(r));
        }
    }

    @Test
    void skl2onnxZipMapMulticlassMapsInt64KeysToManifestLabelsInManifestOrder() {
        TestModel<LinearWeights> model = TestModels.sklearnLogisticRegression(5, new long[] {3, 7, 9}, true);
        float[][] rows = TestModels.randomRows(ROWS, 5, 3);
        ModelManifest reordered = Manifests.withLabels(model.manifest("m", "v1"), List.of("9", "3", "7"));
        Predictions p = predict(model, reordered, rows);
        assertEquals(List.of("9", "3", "7"), p.labels());
        for (int r = 0; r < ROWS; r++) {
            double[] graphOrder = Reference.softmax(Reference.linear(model.weights(), rows[r]));
            double[] manifestOrder = {graphOrder[2], graphOrder[0], graphOrder[1]};
            assertProbabilities(manifestOrder, p, r);
            assertEquals(List.of("3", "7", "9").get(Reference.argmax(graphOrder)), p.label(r));
        }
    }

    @Test
    void skl2onnxTensorMulticlassTakesTheGraphsLabel() {
        TestModel<LinearWeights> model = TestModels.sklearnLogisticRegression(5, new long[] {3, 7, 9}, false);
        float[][] rows = TestModels.randomRows(ROWS, 5, 4);
        Predictions p = predict(model, model.manifest("m", "v1"), rows);
        for (int r = 0; r < ROWS; r++) {
            double[] expected = Reference.softmax(Reference.linear(model.weights(), rows[r]));
            assertProbabilities(expected, p, r);
            assertEquals(List.of("3", "7", "9").get(Reference.argmax(expected)), p.label(r));
        }
    }

    @Test
    void skl2onnxStringLabelsZipMapDecodes() {
        TestModel<LinearWeights> model = TestModels.sklearnLogisticRegression(3, List.of("bird", "cat", "dog"), true);
        float[][] rows = TestModels.randomRows(ROWS, 3, 5);
        Predictions p = predict(model, model.manifest("pets", "v1"), rows);
        for (int r = 0; r < ROWS; r++) {
            double[] expected = Reference.softmax(Reference.linear(model.weights(), rows[r]));
            assertProbabilities(expected, p, r);
            assertEquals(List.of("bird", "cat", "dog").get(Reference.argmax(expected)), p.label(r));
        }
    }

    @Test
    void skl2onnxStringLabelsBinaryUsesThreshold() {
        TestModel<LinearWeights> model = TestModels.sklearnLogisticRegression(3, List.of("ham", "spam"), false);
        float[][] rows = TestModels.randomRows(ROWS, 3, 6);
        Predictions p = predict(model, model.manifest("mail", "v1", 0.9), rows);
        for (int r = 0; r < ROWS; r++) {
            double[] expected = Reference.binaryLogistic(model.weights(), rows[r]);
            assertProbabilities(expected, p, r);
            assertEquals(expected[1] >= 0.9 ? "spam" : "ham", p.label(r));
        }
    }

    @Test
    void unnamedOutputsResolveToTheFirstThatFits() {
        TestModel<LinearWeights> model = TestModels.sklearnLogisticRegression(5, new long[] {3, 7, 9}, true);
        ModelManifest unnamed = Manifests.withOutput(model.manifest("m", "v1"),
                OutputSpec.of(OutputFormat.LABEL_AND_PROBABILITIES));
        float[][] rows = TestModels.randomRows(8, 5, 7);
        Predictions p = predict(model, unnamed, rows);
        for (int r = 0; r < rows.length; r++) {
            assertProbabilities(Reference.softmax(Reference.linear(model.weights(), rows[r])), p, r);
        }
    }

    @Test
    void linearRegressorReadsNx1() {
        TestModel<LinearWeights> model = TestModels.sklearnLinearRegressor(4);
        float[][] rows = TestModels.randomRows(ROWS, 4, 8);
        assertValues(model, rows, x -> Reference.linear(model.weights(), x)[0]);
    }

    // ---- PyTorch / TensorFlow style ----

    @Test
    void softmaxProbabilitiesAreReadAsIs() {
        TestModel<LinearWeights> model = TestModels.torchClassifier(6, 4, true);
        float[][] rows = TestModels.randomRows(ROWS, 6, 9);
        Predictions p = predict(model, model.manifest("m", "v1"), rows);
        for (int r = 0; r < ROWS; r++) {
            double[] expected = Reference.softmax(Reference.linear(model.weights(), rows[r]));
            assertProbabilities(expected, p, r);
            assertEquals("c" + Reference.argmax(expected), p.label(r));
        }
    }

    @Test
    void logitsAreSoftmaxed() {
        TestModel<LinearWeights> model = TestModels.torchClassifier(6, 4, false);
        float[][] rows = TestModels.randomRows(ROWS, 6, 10);
        Predictions p = predict(model, model.manifest("m", "v1"), rows);
        for (int r = 0; r < ROWS; r++) {
            double[] expected = Reference.softmax(Reference.linear(model.weights(), rows[r]));
            assertProbabilities(expected, p, r);
            assertEquals(1.0, sum(p.probabilities(r)), 1e-12);
            assertEquals("c" + Reference.argmax(expected), p.label(r));
        }
    }

    @Test
    void twoColumnSoftmaxBinaryThresholdsTheSecondColumn() {
        TestModel<LinearWeights> model = TestModels.torchClassifier(6, 2, true);
        float[][] rows = TestModels.randomRows(ROWS, 6, 11);
        Predictions p = predict(model, model.manifest("m", "v1", 0.7), rows);
        for (int r = 0; r < ROWS; r++) {
            double[] expected = Reference.softmax(Reference.linear(model.weights(), rows[r]));
            assertProbabilities(expected, p, r);
            assertEquals(expected[1] >= 0.7 ? "c1" : "c0", p.label(r));
        }
    }

    @Test
    void binarySigmoidColumnIsThePositiveClass() {
        TestModel<LinearWeights> model = TestModels.torchBinary(5, true);
        float[][] rows = TestModels.randomRows(ROWS, 5, 12);
        Predictions p = predict(model, model.manifest("m", "v1", 0.25), rows);
        for (int r = 0; r < ROWS; r++) {
            double[] expected = Reference.binaryLogistic(model.weights(), rows[r]);
            assertProbabilities(expected, p, r);
            assertEquals(expected[1] >= 0.25 ? "yes" : "no", p.label(r));
            assertEquals(expected[1], p.score(r), TOLERANCE);
        }
    }

    @Test
    void binaryLogitColumnIsSigmoided() {
        TestModel<LinearWeights> model = TestModels.torchBinary(5, false);
        float[][] rows = TestModels.randomRows(ROWS, 5, 13);
        Predictions p = predict(model, model.manifest("m", "v1"), rows);
        for (int r = 0; r < ROWS; r++) {
            double[] expected = Reference.binaryLogistic(model.weights(), rows[r]);
            assertProbabilities(expected, p, r);
            assertEquals(expected[1] >= 0.5 ? "yes" : "no", p.label(r));
        }
    }

    @Test
    void flatRegressionReadsN() {
        TestModel<LinearWeights> model = TestModels.flatLinearRegression(4);
        float[][] rows = TestModels.randomRows(ROWS, 4, 14);
        assertValues(model, rows, x -> Reference.linear(model.weights(), x)[0]);
    }

    @Test
    void mlpMatchesItsForwardPass() {
        TestModel<MlpWeights> model = TestModels.mlp(12, 32, 2, 3, 99);
        float[][] rows = TestModels.randomRows(ROWS, 12, 15);
        Predictions p = predict(model, model.manifest("m", "v1"), rows);
        for (int r = 0; r < ROWS; r++) {
            double[] expected = Reference.mlp(model.weights(), rows[r]);
            assertProbabilities(expected, p, r);
            assertEquals(expected[Reference.argmax(expected)], p.score(r), TOLERANCE);
        }
    }

    @Test
    void heavyBenchmarkMlpMatchesItsForwardPass() {
        TestModel<MlpWeights> model = TestModels.heavyMlp();
        float[][] rows = TestModels.randomRows(3, 64, 16);
        Predictions p = predict(model, model.manifest("heavy", "v1"), rows);
        for (int r = 0; r < rows.length; r++) {
            assertProbabilities(Reference.mlp(model.weights(), rows[r]), p, r);
        }
    }

    // ---- tree ensembles ----

    @Test
    void treeEnsembleClassifierZipMapBinaryUsesThreshold() {
        TestModel<TreeEnsembleWeights> model = TestModels.treeEnsembleClassifier(4, 2, true);
        float[][] rows = TestModels.randomRows(ROWS, 4, 17);
        Predictions p = predict(model, model.manifest("m", "v1", 0.6), rows);
        for (int r = 0; r < ROWS; r++) {
            double[] expected = Reference.trees(model.weights(), rows[r]);
            assertProbabilities(expected, p, r);
            assertEquals(expected[1] >= 0.6 ? "1" : "0", p.label(r));
        }
    }

    @Test
    void treeEnsembleClassifierTensorMulticlassTakesTheGraphsLabel() {
        TestModel<TreeEnsembleWeights> model = TestModels.treeEnsembleClassifier(4, 3, false);
        float[][] rows = TestModels.randomRows(ROWS, 4, 18);
        Predictions p = predict(model, model.manifest("m", "v1"), rows);
        for (int r = 0; r < ROWS; r++) {
            double[] expected = Reference.trees(model.weights(), rows[r]);
            assertProbabilities(expected, p, r);
            assertEquals(Integer.toString(Reference.argmax(expected)), p.label(r));
        }
    }

    @Test
    void treeEnsembleRegressorReadsNx1() {
        TestModel<TreeEnsembleWeights> model = TestModels.treeEnsembleRegressor(4);
        float[][] rows = TestModels.randomRows(ROWS, 4, 19);
        assertValues(model, rows, x -> Reference.trees(model.weights(), x)[0]);
    }

    // ---- batches ----

    @Test
    void flatRowsGiveTheSamePredictionsAsRowArrays() {
        TestModel<LinearWeights> model = TestModels.smallTabular();
        float[][] rows = TestModels.randomRows(10, 10, 20);
        float[] flat = new float[12 * 10];
        for (int r = 0; r < rows.length; r++) {
            System.arraycopy(rows[r], 0, flat, r * 10, 10);
        }
        try (OnnxModel onnx = OnnxModel.load(model.manifest("m", "v1"), model.bytes())) {
            Predictions fromRows = onnx.predict(rows);
            Predictions fromFlat = onnx.predict(flat, rows.length);
            assertEquals(rows.length, fromFlat.size());
            for (int r = 0; r < rows.length; r++) {
                assertArrayEquals(fromRows.probabilities(r), fromFlat.probabilities(r));
                assertEquals(fromRows.label(r), fromFlat.label(r));
            }
        }
    }

    @Test
    void graphWithFixedBatchOfOneServesManyRows() {
        LinearWeights w = new LinearWeights(new float[][] {{0.5f, -1f, 2f}}, new float[] {0.25f});
        byte[] bytes = new OnnxGraphBuilder("torch_jit", "pytorch")
                .input("input", DataType.FLOAT, 1L, 3L)
                .initializer("w", w.transposedCoefficients(), 3, 1)
                .initializer("b", w.intercepts(), 1)
                .node("MatMul", List.of("input", "w"), List.of("mm"))
                .node("Add", List.of("mm", "b"), List.of("value"))
                .output("value", DataType.FLOAT, 1L, 1L)
                .toBytes();
        TestModel<LinearWeights> model = new TestModel<>("fixed batch", bytes, w, Task.REGRESSION, 3, List.of(),
                OutputSpec.of(OutputFormat.VALUE));
        assertValues(model, TestModels.randomRows(5, 3, 21), x -> Reference.linear(w, x)[0]);
    }

    @Test
    void emptyBatchGivesNoPredictions() {
        TestModel<LinearWeights> model = TestModels.smallTabular();
        try (OnnxModel onnx = OnnxModel.load(model.manifest("m", "v1"), model.bytes())) {
            assertEquals(0, onnx.predict(new float[0][]).size());
        }
    }

    private static Predictions predict(TestModel<?> model, ModelManifest manifest, float[][] rows) {
        try (OnnxModel onnx = OnnxModel.load(manifest, model.bytes())) {
            Predictions p = onnx.predict(rows);
            assertEquals(rows.length, p.size());
            return p;
        }
    }

    private static void assertValues(TestModel<?> model, float[][] rows, Function<float[], Double> expected) {
        Predictions p = predict(model, model.manifest("m", "v1"), rows);
        for (int r = 0; r < rows.length; r++) {
            assertEquals(expected.apply(rows[r]), p.value(r), TOLERANCE, "row " + r);
            assertEquals(p.value(r), p.score(r));
        }
    }

    private static void assertProbabilities(double[] expected, Predictions p, int row) {
        assertArrayEquals(expected, p.probabilities(row), TOLERANCE, "row " + row);
    }

    private static double sum(double[] values) {
        double s = 0;
        for (double v : values) {
            s += v;
        }
        return s;
    }
}
