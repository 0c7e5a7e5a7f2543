/**
 * The predict function: API Gateway HTTP API requests answered by each model's champion ONNX model.
 *
 * <p>{@link dev.vigil.predict.PredictHandler} is the only class Lambda knows; it adapts the event and calls
 * {@link dev.vigil.predict.PredictService}, where the work is. Which path goes where, and which methods each route
 * accepts, is {@link dev.vigil.predict.Route}; instances are read and checked by
 * {@code dev.vigil.serving.InstanceReader}, and every refusal is an {@code ApiException} whose {@code ErrorKind}
 * gives the status, answered as an {@link dev.vigil.predict.ErrorBody}. Settings come from the environment through
 * {@link dev.vigil.predict.PredictConfig} (capture's in {@link dev.vigil.predict.CaptureConfig}); metrics are
 * {@link dev.vigil.predict.PredictMetrics}. Each answered prediction gets an id and, when sampled, a capture record
 * ({@code dev.vigil.capture.PredictionCapture}, wired by {@link dev.vigil.predict.PredictServiceFactory}); records
 * not written are counted by {@link dev.vigil.predict.CaptureDrops}. The requests and answers are in
 * {@code events/predict/}. The check CodeDeploy runs on a new version before it gets traffic is the jar's second
 * handler, in {@code dev.vigil.predict.pretraffic}.
 */
package dev.vigil.predict;
