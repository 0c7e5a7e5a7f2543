/**
 * ONNX Runtime loading and output decoding: the one model loader that predict, evaluate, the benchmarks and the
 * local runner use.
 *
 * <p>How problems are reported, by whose fault they are:
 * <ul>
 *   <li>{@link dev.vigil.registry.ModelRejectedException} — the model version is unfit, found while loading: ONNX
 *       Runtime cannot parse the bytes, or the graph disagrees with the manifest (not exactly one float input
 *       {@code [N, F]}; a column count other than the manifest's feature count; a named output that is missing;
 *       an output whose type or column count does not fit the task and label count; a task the output format cannot
 *       serve). The message starts with {@code name@version} and names both sides, e.g.
 *       {@code churn@v3: input 'input' has 8 columns but the manifest lists 10 features [...]}. The
 *       {@link dev.vigil.onnx.OnnxModelVerifier} raises the same exception for a checksum mismatch, a failing
 *       inference on a row of zeros, or implausible probabilities, so a promoted version has already predicted once.
 *   <li>{@link dev.vigil.onnx.InferenceException} — a loaded model failed while predicting (ONNX Runtime error, an
 *       output shape or class label that contradicts the manifest). A server answers 500 and counts it.
 *   <li>{@link java.lang.IllegalArgumentException} — the caller's rows have the wrong number of values. Callers
 *       should validate requests first and answer 400.
 *   <li>{@link java.lang.IllegalStateException} — predicting with a closed model.
 * </ul>
 */
package dev.vigil.onnx;
