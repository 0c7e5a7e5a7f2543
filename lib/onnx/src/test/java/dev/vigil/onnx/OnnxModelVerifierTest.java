package dev.vigil.onnx;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import dev.vigil.model.ModelManifest;
import dev.vigil.model.OutputFormat;
import dev.vigil.model.OutputSpec;
import dev.vigil.model.Provenance;
import dev.vigil.model.Task;
import dev.vigil.registry.ModelRejectedException;
import dev.vigil.testkit.onnx.LinearWeights;
import dev.vigil.testkit.onnx.OnnxGraphBuilder;
import dev.vigil.testkit.onnx.TestModel;
import dev.vigil.testkit.onnx.TestModels;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The verifier passes truthful manifests and names what disagrees otherwise. */
class OnnxModelVerifierTest {
    private final OnnxModelVerifier verifier = new OnnxModelVerifier();

    static Stream<TestModel<?>> exporterLayouts() {
        return Stream.of(
                TestModels.sklearnLogisticRegression(4, new long[] {0, 1}, true),
                TestModels.sklearnLogisticRegression(4, new long[] {0, 1}, false),
                TestModels.sklearnLogisticRegression(5, new long[] {3, 7, 9}, true),
                TestModels.sklearnLogisticRegression(5, new long[] {3, 7, 9}, false),
                TestModels.sklearnLogisticRegression(3, List.of("bird", "cat", "dog"), true),
                TestModels.sklearnLogisticRegression(3, List.of("ham", "spam"), false),
                TestModels.sklearnLinearRegressor(4),
                TestModels.torchClassifier(6, 4, true),
                TestModels.torchClassifier(6, 4, false),
                TestModels.torchClassifier(6, 2, true),
                TestModels.torchBinary(5, true),
                TestModels.torchBinary(5, false),
                TestModels.flatLinearRegression(4),
                TestModels.mlp(8, 16, 2, 3, 1),
                TestModels.treeEnsembleClassifier(4, 2, true),
                TestModels.treeEnsembleClassifier(4, 3, false),
                TestModels.treeEnsembleRegressor(4),
                TestModels.smallTabular());
    }

    @ParameterizedTest
    @MethodSource("exporterLayouts")
    void verifierAcceptsEveryExporterLayoutWithATruthfulManifest(TestModel<?> model) {
        assertDoesNotThrow(() -> verifier.verify(model.manifest("m", "v1"), model.bytes()), model.toString());
    }

    @Test
    void verifierRejectsManifestWithWrongFeatureCount() {
        TestModel<LinearWeights> model = TestModels.torchClassifier(6, 4, true);
        ModelManifest manifest = Manifests.withFeatures(model.manifest("m", "v1"),
                List.of("a", "b", "c", "d", "e", "f", "g", "h"));
        assertRejected(manifest, model.bytes(), "input 'input' has 6 columns but the manifest lists 8 features");
    }

    @Test
    void verifierRejectsLabelCountMismatch() {
        TestModel<LinearWeights> model = TestModels.torchClassifier(6, 4, true);
        ModelManifest manifest = Manifests.withLabels(model.manifest("m", "v1"), List.of("x", "y", "z"));
        assertRejected(manifest, model.bytes(), "output 'probabilities' has 4 columns but the manifest lists 3 labels");
    }

    @Test
    void verifierRejectsZipMapLabelCountMismatch() {
        TestModel<LinearWeights> model = TestModels.sklearnLogisticRegression(5, new long[] {3, 7, 9}, true);
        ModelManifest manifest = Manifests.withLabels(model.manifest("m", "v1"), List.of("3", "7"));
        assertRejected(manifest, model.bytes(), "has 3 classes [");
    }

    @Test
    void verifierRejectsZipMapKeysThatAreNotManifestLabels() {
        TestModel<LinearWeights> model = TestModels.sklearnLogisticRegression(5, new long[] {3, 7, 9}, true);
        ModelManifest manifest = Manifests.withLabels(model.manifest("m", "v1"), List.of("setosa", "versicolor",
                "virginica"));
        assertRejected(manifest, model.bytes(),
                "which is not among the manifest labels [setosa, versicolor, virginica]");
    }

    @Test
    void verifierRejectsGraphLabelThatIsNotAManifestLabel() {
        TestModel<LinearWeights> model = TestModels.sklearnLogisticRegression(5, new long[] {3, 7, 9}, false);
        ModelManifest manifest = Manifests.withLabels(model.manifest("m", "v1"), List.of("a", "b", "c"));
        assertRejected(manifest, model.bytes(), "output 'output_label' gives class");
    }

    @Test
    void verifierRejectsChecksumMismatch() {
        TestModel<LinearWeights> model = TestModels.smallTabular();
        ModelManifest manifest = Manifests.withSha256(model.manifest("m", "v1"), "0".repeat(64));
        assertRejected(manifest, model.bytes(), "sha256 is " + model.sha256() + " but the manifest records");
    }

    @Test
    void verifierRejectsBytesThatAreNotOnnx() {
        byte[] junk = new byte[512];
        new Random(1).nextBytes(junk);
        TestModel<LinearWeights> model = TestModels.smallTabular();
        TestModel<LinearWeights> fake = new TestModel<>("junk", junk, model.weights(), model.task(),
                model.featureCount(), model.labels(), model.output());
        assertRejected(fake.manifest("m", "v1"), junk, "ONNX Runtime cannot load the model");
    }

    @Test
    void verifierRejectsNamedOutputTheGraphLacks() {
        TestModel<LinearWeights> model = TestModels.torchClassifier(6, 4, true);
        ModelManifest manifest = Manifests.withOutput(model.manifest("m", "v1"),
                new OutputSpec(OutputFormat.PROBABILITIES, "probs", null));
        assertRejected(manifest, model.bytes(), "names probabilities output 'probs' but the graph's outputs are"
                + " [probabilities]");
    }

    @Test
    void verifierRejectsLogitsDeclaredAsProbabilities() {
        TestModel<LinearWeights> model = TestModels.torchClassifier(6, 4, false);
        ModelManifest manifest = Manifests.withOutput(model.manifest("m", "v1"),
                OutputSpec.of(OutputFormat.PROBABILITIES));
        assertRejected(manifest, model.bytes(), "declare the output format 'logits'");
    }

    @Test
    void verifierRejectsValueFormatForAClassifier() {
        TestModel<LinearWeights> model = TestModels.torchClassifier(6, 4, true);
        ModelManifest manifest = Manifests.withOutput(model.manifest("m", "v1"), OutputSpec.of(OutputFormat.VALUE));
        assertRejected(manifest, model.bytes(), "output format 'value' is for regression");
    }

    @Test
    void verifierRejectsRegressionManifestForAMultiColumnOutput() {
        TestModel<LinearWeights> model = TestModels.torchClassifier(6, 4, true);
        ModelManifest manifest = new ModelManifest("m", "v1", model.sha256(), Task.REGRESSION, model.featureNames(),
                List.of(), null, 0, Instant.now(), null, null, Provenance.NONE);
        assertRejected(manifest, model.bytes(), "a regression model must output [N] or [N, 1]");
    }

    @Test
    void verifierRejectsDuplicateLabels() {
        TestModel<LinearWeights> model = TestModels.torchClassifier(6, 4, true);
        ModelManifest manifest = Manifests.withLabels(model.manifest("m", "v1"), List.of("a", "b", "a", "c"));
        assertRejected(manifest, model.bytes(), "manifest labels must be unique");
    }

    @Test
    void verifierRejectsGraphWithTwoInputs() {
        byte[] bytes = new OnnxGraphBuilder("two_inputs", "test")
                .floatInput("a", 2)
                .floatInput("b", 2)
                .node("Add", List.of("a", "b"), List.of("value"))
                .output("value", DataType.FLOAT, OnnxGraphBuilder.BATCH, 2L)
                .toBytes();
        assertRejected(regressionManifest(bytes, 2), bytes, "the graph has 2 inputs [a, b]");
    }

    @Test
    void verifierRejectsNonFloatInput() {
        byte[] bytes = new OnnxGraphBuilder("int_input", "test")
                .input("ids", DataType.INT64, OnnxGraphBuilder.BATCH, 3L)
                .node("Cast", List.of("ids"), List.of("value"),
                        OnnxGraphBuilder.attr("to", (long) DataType.FLOAT_VALUE))
                .output("value", DataType.FLOAT, OnnxGraphBuilder.BATCH, 3L)
                .toBytes();
        assertRejected(regressionManifest(bytes, 3), bytes, "input 'ids' is INT64[?, 3]");
    }

    @Test
    void verifierRejectsGraphThatFailsToRun() {
        byte[] bytes = new OnnxGraphBuilder("bad_reshape", "test")
                .floatInput("input", 4)
                .initializer("shape", new long[] {3, 4}, 2)
                .initializer("w", new float[] {1, 2, 3, 4}, 4, 1)
                .node("Reshape", List.of("input", "shape"), List.of("reshaped"))
                .node("MatMul", List.of("reshaped", "w"), List.of("value"))
                .output("value", DataType.FLOAT, OnnxGraphBuilder.BATCH, 1L)
                .toBytes();
        assertRejected(regressionManifest(bytes, 4), bytes, "fails on a row of zeros: ONNX Runtime failed");
    }

    @ParameterizedTest
    @MethodSource("probabilityModels")
    void verifierRejectsProbabilitiesDeclaredAsLogitsNamingTheFormatThatFits(TestModel<?> model) {
        ModelManifest asLogits = Manifests.withOutput(model.manifest("m", "v1"), OutputSpec.of(OutputFormat.LOGITS));

        assertRejected(asLogits, model.bytes(), "declare the output format 'probabilities'");
    }

    static Stream<TestModel<?>> probabilityModels() {
        return Stream.of(TestModels.torchClassifier(6, 4, true), TestModels.torchClassifier(3, 2, true),
                TestModels.mlp(8, 16, 2, 3, 1));
    }

    @Test
    void verifierCannotTellASingleSigmoidColumnFromALogitAndAcceptsEither() {
        TestModel<LinearWeights> sigmoid = TestModels.torchBinary(5, true);
        ModelManifest asLogit = Manifests.withOutput(sigmoid.manifest("m", "v1"), OutputSpec.of(OutputFormat.LOGITS));

        assertDoesNotThrow(() -> verifier.verify(asLogit, sigmoid.bytes()));
    }

    private static ModelManifest regressionManifest(byte[] bytes, int features) {
        TestModel<Void> model = new TestModel<>("hand-built", bytes, null, Task.REGRESSION, features, List.of(),
                OutputSpec.of(OutputFormat.VALUE));
        return model.manifest("m", "v1");
    }

    private void assertRejected(ModelManifest manifest, byte[] bytes, String expectedFragment) {
        ModelRejectedException e = assertThrows(ModelRejectedException.class, () -> verifier.verify(manifest, bytes));
        assertTrue(e.getMessage().startsWith("m@v1"), e.getMessage());
        assertTrue(e.getMessage().contains(expectedFragment), () -> "message was: " + e.getMessage());
    }
}
