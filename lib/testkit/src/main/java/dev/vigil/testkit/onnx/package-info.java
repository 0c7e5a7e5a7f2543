/**
 * ONNX test models generated in Java, laid out as real exporters write them, each with the weights it was built
 * from so a test can compute the expected outputs independently.
 *
 * <p>Start from {@link dev.vigil.testkit.onnx.TestModels}: skl2onnx classifiers with and without ZipMap,
 * torch.onnx / tf2onnx probability and logit tensors, MLPs, tree ensembles and regressors, each deterministic for its
 * seed and returned as a {@link dev.vigil.testkit.onnx.TestModel} (bytes, weights, task, the manifest facts). The
 * weights are {@link dev.vigil.testkit.onnx.LinearWeights}, {@link dev.vigil.testkit.onnx.MlpWeights} or
 * {@link dev.vigil.testkit.onnx.TreeEnsembleWeights}; graphs are written by
 * {@link dev.vigil.testkit.onnx.OnnxGraphBuilder}, which fixes the IR and opset versions.
 */
package dev.vigil.testkit.onnx;
