/**
 * Serving predictions without Lambda or ONNX Runtime types: reading request bodies, prediction ids, keeping champions
 * loaded, and the errors a caller can get.
 *
 * <p>Start from {@link dev.vigil.serving.ChampionCache}, which keeps each model's champion loaded through a
 * {@link dev.vigil.serving.ChampionSource}, re-reads the pointer once per TTL and keeps the last good version when a
 * new one cannot be loaded. Request bodies are read and validated by {@link dev.vigil.serving.InstanceReader} into
 * a {@link dev.vigil.serving.ParsedRequest} (the plain positional body by
 * {@link dev.vigil.serving.PositionalInstancesScanner}, every other body by Jackson's parser), with the caller's
 * {@code ids} and {@code request_id} checked against
 * {@link dev.vigil.serving.IdRules}; ids the caller leaves out are UUIDv7s from
 * {@link dev.vigil.serving.PredictionIds}, whose {@code timeOf} reads the millisecond back. Every refusal is an
 * {@link dev.vigil.serving.ApiException} whose {@link dev.vigil.serving.ErrorKind} fixes the HTTP
 * status and the code that metrics count.
 */
package dev.vigil.serving;
