package dev.vigil.testkit.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The generated models are valid ONNX that ONNX Runtime loads, declare their opsets, and never change. */
class TestModelsTest {

    static Stream<TestModel<?>> models() {
        return Stream.of(
                TestModels.sklearnLogisticRegression(4, new long[] {0, 1}, true),
                TestModels.sklearnLogisticRegression(5, new long[] {3, 7, 9}, false),
                TestModels.sklearnLogisticRegression(3, List.of("bird", "cat", "dog"), true),
                TestModels.sklearnLinearRegressor(4),
                TestModels.torchClassifier(6, 4, true),
                TestModels.torchClassifier(6, 4, false),
                TestModels.torchBinary(5, true),
                TestModels.flatLinearRegression(4),
                TestModels.treeEnsembleClassifier(4, 3, true),
                TestModels.treeEnsembleRegressor(4),
                TestModels.mlp(8, 16, 2, 3, 1),
                TestModels.smallTabular());
    }

    @ParameterizedTest
    @MethodSource("models")
    void onnxRuntimeLoadsEveryModelWithOneDynamicBatchFloatInput(TestModel<?> model) throws Exception {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
                OrtSession session = OrtEnvironment.getEnvironment().createSession(model.bytes(), options)) {
            assertEquals(1, session.getNumInputs());
            String input = session.getInputInfo().values().iterator().next().getInfo().toString();
            assertTrue(input.contains("shape=[-1, " + model.featureCount() + "]"), input);
        }
    }

    @ParameterizedTest
    @MethodSource("models")
    void everyModelImportsTheDefaultAndMlOpsets(TestModel<?> model) throws Exception {
        ModelProto proto = ModelProto.parseFrom(model.bytes());
        Map<String, Long> opsets = proto.getOpsetImportList().stream()
                .collect(Collectors.toMap(OperatorSetIdProto::getDomain, OperatorSetIdProto::getVersion));
        assertEquals(Map.of("", OnnxGraphBuilder.OPSET, OnnxGraphBuilder.ML_DOMAIN, OnnxGraphBuilder.ML_OPSET),
                opsets);
        assertEquals(OnnxGraphBuilder.IR_VERSION, proto.getIrVersion());
    }

    @Test
    void modelsAreDeterministic() {
        assertArrayEquals(TestModels.treeEnsembleClassifier(4, 2, true).bytes(),
                TestModels.treeEnsembleClassifier(4, 2, true).bytes());
        assertEquals(TestModels.smallTabular().sha256(), TestModels.smallTabular().sha256());
        assertArrayEquals(TestModels.randomRows(3, 4, 9)[2], TestModels.randomRows(3, 4, 9)[2]);
        assertFalse(TestModels.smallTabular().sha256().equals(TestModels.torchBinary(10, true).sha256()));
    }

    @Test
    void manifestDescribesTheModelTruthfully() {
        TestModel<LinearWeights> model = TestModels.sklearnLogisticRegression(5, new long[] {3, 7, 9}, true);
        var manifest = model.manifest("iris", "v2");
        assertEquals(model.sha256(), manifest.sha256());
        assertEquals(List.of("f0", "f1", "f2", "f3", "f4"), manifest.features());
        assertEquals(List.of("3", "7", "9"), manifest.labels());
        assertEquals(model.output(), manifest.output());
    }
}
