package dev.vigil.registry;

import dev.vigil.model.ModelManifest;

/**
 * An ONNX artifact whose bytes were checked against the SHA-256 in its manifest, ready for a model loader.
 * The array is not copied; callers must not modify it.
 */
public record VerifiedArtifact(ModelManifest manifest, byte[] bytes) {}
