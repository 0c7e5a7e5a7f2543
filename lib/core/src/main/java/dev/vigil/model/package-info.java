/**
 * What a model version is: the facts needed to serve, verify and evaluate it, stored beside its ONNX artifact.
 *
 * <p>Start from {@link dev.vigil.model.ModelManifest}: name and version ({@link dev.vigil.model.ModelRef}), the
 * artifact's SHA-256, the {@link dev.vigil.model.Task}, features in input order, class labels, how the outputs are
 * read ({@link dev.vigil.model.OutputSpec}, {@link dev.vigil.model.OutputFormat}), the decision threshold and the
 * training {@link dev.vigil.model.Baseline} of {@link dev.vigil.model.Distribution}s that drift is measured
 * against. The rules live in the records' constructors: a manifest checks its checksum format, unique features,
 * the label count its task needs and a threshold in (0, 1); {@link dev.vigil.model.ModelRef} admits only names and
 * versions that are safe in an S3 key or a URL path. Nothing here touches storage or ONNX Runtime.
 */
package dev.vigil.model;
