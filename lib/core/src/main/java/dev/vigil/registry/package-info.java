/**
 * The model registry: immutable, verified model versions and the champion pointer that says which one serves.
 *
 * <p>Start from {@link dev.vigil.registry.ModelRegistry}, which registers a {@link dev.vigil.registry.ModelDraft}
 * (manifest and artifact written create-only, so a version is never overwritten), promotes and rolls back with a
 * compare-and-set on {@code models/<name>/champion.json} ({@link dev.vigil.registry.ChampionPointer}), and hands
 * loaders a {@link dev.vigil.registry.VerifiedArtifact}. Where things are kept is
 * {@link dev.vigil.registry.ModelKeys}; {@link dev.vigil.registry.ChampionPointers} reads a pointer for callers
 * that need no verifier. What a version must pass before it is promoted is the
 * {@link dev.vigil.registry.ModelVerifier} given to the registry (ONNX Runtime's is
 * {@code dev.vigil.onnx.OnnxModelVerifier}); a failure is {@link dev.vigil.registry.ModelRejectedException}, and
 * every other refusal is a {@link dev.vigil.registry.RegistryException} whose
 * {@link dev.vigil.registry.RegistryException.Reason} carries the status a caller answers with.
 */
package dev.vigil.registry;
